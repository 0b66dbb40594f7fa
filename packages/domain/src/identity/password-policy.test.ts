import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.ts';

describe('password policy (ASVS 6.2)', () => {
  it('when 8+ characters and uncommon, then it passes', () => expect(checkPassword('tamarindo azul')).toBeNull());
  it('when 7 characters, then too short', () => expect(checkPassword('abcdefg')).toBe('too_short'));
  it('when length counts code points, then 8 emoji pass', () => expect(checkPassword('🍍🍍🍍🍍🍍🍍🍍🍍')).toBeNull());
  it('when 257 characters, then too long; 256 pass', () => {
    expect(checkPassword('a'.repeat(257))).toBe('too_long');
    expect(checkPassword(`${'ab'.repeat(128)}`)).toBeNull();
  });
  it.each(['password', 'PASSWORD', '12345678', 'qwertyuiop'])('when "%s" (top-3000), then too common', (p) => expect(checkPassword(p)).toBe('too_common'));
  it('when the password contains the e-mail local part, then refused', () => expect(checkPassword('mariana.costa2026', 'mariana.costa@x.com')).toBe('contains_email'));
});
