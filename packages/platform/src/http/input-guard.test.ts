import { describe, expect, it } from 'vitest';
import { findUnacceptableQuery, findUnacceptableText } from './input-guard.ts';

describe('the input guard (control characters and unpaired surrogates)', () => {
  it('when text holds NUL, ESC, DEL, a C1 control or a lone surrogate at any depth, then each is pointed at', () => {
    const body = { name: 'a\u0000', notes: 'ok\n\ttab', list: ['fine', 'x\u001b'], deep: { k: { v: 'y\ud800' } }, del: '\u007f', c1: '\u0085' };
    expect(findUnacceptableText('body', body)).toEqual([
      { pointer: '/body/name', code: 'invalid_character' },
      { pointer: '/body/list/1', code: 'invalid_character' },
      { pointer: '/body/deep/k/v', code: 'invalid_character' },
      { pointer: '/body/del', code: 'invalid_character' },
      { pointer: '/body/c1', code: 'invalid_character' },
    ]);
  });
  it('when tab, newline, carriage return, emoji and accents appear, then nothing is refused', () => {
    expect(findUnacceptableText('body', { a: 'João\r\n\tConceição 😀', b: ['ç'] })).toEqual([]);
  });
  it('when a key is bad, then the key is pointed at with its bad characters made printable', () => {
    expect(findUnacceptableText('body', { ['k\u0000/y']: 1 })).toEqual([{ pointer: '/body/k\uFFFD~1y', code: 'invalid_character' }]);
  });
  it('when a query name or value is bad, then it is pointed at', () => {
    expect(findUnacceptableQuery(new URLSearchParams('q=a%00b&ok=1'))).toEqual([{ pointer: '/query/q', code: 'invalid_character' }]);
  });
});
