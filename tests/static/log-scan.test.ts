import { describe, expect, it } from 'vitest';
import { findLogLeaks } from '../support/log-scan.ts';
import { createLogger, setLogSinks } from '@korevitta/platform';

describe('log leak scanner and the logger together (44)', () => {
  it('when a raw line leaks a JWT, an e-mail or a refresh token, then the scanner reports it', () => {
    expect(findLogLeaks(['{"a":"eyJhbGciOi.eyJzdWIiOiJ4.sig"}', '{"to":"ana@x.com"}', `{"t":"rt_${'a'.repeat(43)}"}`])).toHaveLength(3);
  });

  it('when the logger receives the same values, plus CR/LF and ANSI injection, then its lines pass the scan', () => {
    const lines: string[] = [];
    const restore = setLogSinks([(l) => lines.push(l)]);
    try {
      const log = createLogger('debug');
      log.info('login attempt for ana@x.com\r\n{"forged":true}\u001b[31m', { email: 'ana@x.com', token: 'eyJhbGciOi.eyJzdWIiOiJ4.sig', note: `rt_${'a'.repeat(43)}` });
      log.warn(`refresh rt_${'b'.repeat(43)} reused`);
    } finally {
      restore();
    }
    expect(lines).toHaveLength(2);
    expect(findLogLeaks(lines)).toEqual([]);
    expect(lines[0]).toContain('\\r\\n');
    expect(lines[0]).toContain('\\u001b');
  });
});
