import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { createAccessTokens, generateSigningKeysJson, loadSigningKeys, type AccessTokens } from './access-tokens.ts';

/**
 * Production reads JWT_PRIVATE_KEYS (a Key Vault reference). Local mode generates a dev key once and
 * keeps it under DATA_DIR, so tokens survive restarts; tests (APP_ENV=test) keep it in memory.
 */
export async function accessTokensFor(config: Config): Promise<AccessTokens> {
  const json = config.jwt.privateKeysJson ?? (config.env === 'local' ? await devKeys(config.database.dataDir) : await generateSigningKeysJson());
  const keys = await loadSigningKeys(json);
  return createAccessTokens(keys, { issuer: config.jwt.issuer, audience: config.jwt.audience, ttlSeconds: config.jwt.accessTtlSeconds });
}

async function devKeys(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'dev-jwt-keys.json');
  try {
    return await readFile(file, 'utf8');
  } catch {
    await mkdir(dataDir, { recursive: true });
    const json = await generateSigningKeysJson();
    await writeFile(file, json, { mode: 0o600 });
    return json;
  }
}
