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
  it('when production lacks its adapters and secrets, then it refuses to start', () => {
    expect(() => loadConfig({ APP_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ APP_ENV: 'production' })).toThrow(/DATABASE_URL.*JWT_PRIVATE_KEYS/);
  });
  it('when a Key Vault reference did not resolve, then it refuses to start without printing the value', () => {
    expect(() => loadConfig({ SENDGRID_API_KEY: '@Microsoft.KeyVault(SecretUri=https://kv/secrets/x)' })).toThrow(/SENDGRID_API_KEY/);
  });
  it('when CORS origins are listed, then they are split and trimmed', () => {
    expect(loadConfig({ CORS_ALLOWED_ORIGINS: 'https://a.com, https://b.com' }).http.corsAllowedOrigins).toEqual(['https://a.com', 'https://b.com']);
  });
});
