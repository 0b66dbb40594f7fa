import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { hash } from '@node-rs/argon2';
import { tables, withSystemBypass } from '@korevitta/db';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { login, uniqueEmail } from '../support/factories.ts';

const storedHash = (h: TestHost, email: string) =>
  withSystemBypass(h.db, 'test', async (tx) => (await tx.select().from(tables.users).where(eq(tables.users.emailNormalized, email)))[0]?.passwordHash);

/** TEST-CATALOG 9: argon2id with OWASP parameters, no truncation, Unicode, common passwords, re-hash. */
describe('password storage', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startTestHost(); });
  afterAll(async () => { await h.stop(); });

  const register = (email: string, password: string) => h.api.post('/v1/auth/register', { email, password, name: 'Teste' });

  it('when a password is stored, then it is argon2id v19 with m=19456, t=2, p=1', async () => {
    const email = uniqueEmail();
    expect((await register(email, 'uma frase bem comprida')).status).toBe(201);
    expect(await storedHash(h, email)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it.each([64, 128])('when the password has %i characters, then it works and a one-character change fails', async (length) => {
    const email = uniqueEmail();
    const password = 'x7!'.repeat(50).slice(0, length - 1) + 'Z';
    expect((await register(email, password)).status).toBe(201);
    expect((await login(h, email, password)).status).toBe(200);
    expect((await login(h, email, `${password.slice(0, -1)}Y`)).status).toBe(401);
  });

  it('when the password is Unicode, then the exact password logs in and a normalisation variant does not', async () => {
    const email = uniqueEmail();
    const password = 'Coração açaí 🍍 über';
    expect((await register(email, password)).status).toBe(201);
    expect((await login(h, email, password)).status).toBe(200);
    expect((await login(h, email, 'Coracao acai 🍍 uber')).status).toBe(401);
  });

  it.each(['password', '12345678', 'iloveyou', 'sunshine'])('when the password is the common "%s", then registration is refused', async (password) => {
    const res = await register(uniqueEmail(), password);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('AUTH.WEAK_PASSWORD');
  });

  it('when the password is shorter than 8 characters, then 400 naming the field and the limit', async () => {
    const res = await register(uniqueEmail(), 'abc12');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('AUTH.WEAK_PASSWORD');
    expect(res.body.errors).toEqual([{ pointer: '/body/password', code: 'too_short', detail: 'deve ter pelo menos 8 caracteres' }]);
  });

  it('when a user logs in with a hash of older, weaker parameters, then it is re-hashed with the current ones', async () => {
    const email = uniqueEmail();
    const password = 'troca de parametros antiga';
    expect((await register(email, password)).status).toBe(201);
    const weak = await hash(password, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await withSystemBypass(h.db, 'test', (tx) => tx.update(tables.users).set({ passwordHash: weak }).where(eq(tables.users.emailNormalized, email)));
    expect((await login(h, email, password)).status).toBe(200);
    expect(await storedHash(h, email)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await login(h, email, password)).status).toBe(200);
  });
});
