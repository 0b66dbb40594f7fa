import { describe, expect, it } from 'vitest';
import { redact, redactString, REDACTED } from './redact.ts';

describe('log redaction', () => {
  it('when a string holds a JWT, e-mail, SAS signature, bearer or opaque token, then each is replaced', () => {
    const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl';
    const out = redactString(`t=${jwt} mail ana@exemplo.com.br url https://x.blob/y?sv=1&sig=abcDEF%2B Bearer abc.def rt_${'a'.repeat(43)}`);
    expect(out).not.toContain('eyJ');
    expect(out).not.toContain('ana@exemplo');
    expect(out).not.toContain('abcDEF');
    expect(out).not.toContain('aaaaaaaaaaaaaaaaaaaa');
    expect(out).toContain(REDACTED);
  });

  it('when a message assigns a secret (password=..., token: ...), then the value is replaced', () => {
    expect(redactString('login failed password=hunter2 for user')).toBe(`login failed password=${REDACTED} for user`);
    expect(redactString('token: "abc def"')).toBe(`token: ${REDACTED}`);
  });

  it('when an object has sensitive keys, then their values are replaced and the rest kept', () => {
    expect(redact({ email: 'a@b.co', password: 'x', weightKg: 80, status: 201, nested: { refreshToken: 'y', route: '/v1/me' } }))
      .toEqual({ email: REDACTED, password: REDACTED, weightKg: REDACTED, status: 201, nested: { refreshToken: REDACTED, route: '/v1/me' } });
  });

  it('when an Error is logged, then only its name and redacted message remain (no stack)', () => {
    const e = new Error('boom secret=s3cr3t');
    expect(redact(e)).toEqual({ name: 'Error', message: `boom secret=${REDACTED}` });
  });
});
