import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('when nothing is set, then local defaults apply', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ env: 'local', port: 7071, database: { url: undefined, dataDir: '.data' }, queue: { driver: 'local' }, mail: { driver: 'local' } });
    expect(c.jwt.accessTtlSeconds).toBe(900);
  });
  it('when a number is malformed or out of range, then it fails fast naming the setting', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ ACCESS_TOKEN_TTL_SECONDS: '3600' })).toThrow(/ACCESS_TOKEN_TTL_SECONDS/);
  });
  it('when billing is not configured outside production, then the local provider and its development secret are used; in production never', () => {
    expect(loadConfig({ APP_ENV: 'local' }).billing).toMatchObject({ driver: 'local', webhookSecrets: ['whsec_local_korevitta_development_only'] });
    expect(loadConfig({ APP_ENV: 'local', BILLING_WEBHOOK_SECRETS: 'whsec_a, whsec_b' }).billing.webhookSecrets).toEqual(['whsec_a', 'whsec_b']);
  });

  it('when production lacks its adapters and secrets, then it refuses to start', () => {
    expect(() => loadConfig({ APP_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ APP_ENV: 'production' })).toThrow(/DATABASE_URL.*JWT_PRIVATE_KEYS/);
    expect(() => loadConfig({ APP_ENV: 'production' })).toThrow(/BILLING_DRIVER=stripe, STRIPE_SECRET_KEY, BILLING_WEBHOOK_SECRETS/);
  });
  it('when a Key Vault reference did not resolve, then it refuses to start without printing the value', () => {
    expect(() => loadConfig({ SENDGRID_API_KEY: '@Microsoft.KeyVault(SecretUri=https://kv/secrets/x)' })).toThrow(/SENDGRID_API_KEY/);
  });
  it('when CORS origins are listed, then they are split and trimmed', () => {
    expect(loadConfig({ CORS_ALLOWED_ORIGINS: 'https://a.com, https://b.com' }).http.corsAllowedOrigins).toEqual(['https://a.com', 'https://b.com']);
  });
  it('when DATABASE_AUTH is not set, then password auth applies (local and CI keep their URLs)', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://postgres:pw@127.0.0.1:5432/x' }).database.auth).toBe('password');
  });
  it('when DATABASE_AUTH=entra names a login without a password, then it is accepted', () => {
    const c = loadConfig({ DATABASE_AUTH: 'entra', DATABASE_URL: 'postgres://korevitta_api@psql.postgres.database.azure.com:5432/korevitta?sslmode=require' });
    expect(c.database).toMatchObject({ auth: 'entra', url: expect.stringContaining('korevitta_api@') });
  });
  it('when DATABASE_AUTH=entra has no URL, a URL with a password, or no login, then it refuses to start without printing the password', () => {
    expect(() => loadConfig({ DATABASE_AUTH: 'entra' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_AUTH: 'entra', DATABASE_URL: 'postgres://u:s3cret@h:5432/d' })).toThrow(/must not carry a password/);
    try {
      loadConfig({ DATABASE_AUTH: 'entra', DATABASE_URL: 'postgres://u:s3cret@h:5432/d' });
    } catch (error) {
      expect(String(error)).not.toContain('s3cret');
    }
    expect(() => loadConfig({ DATABASE_AUTH: 'entra', DATABASE_URL: 'postgres://h:5432/d' })).toThrow(/must name the login/);
    expect(() => loadConfig({ DATABASE_AUTH: 'kerberos' })).toThrow(/DATABASE_AUTH/);
  });
});
