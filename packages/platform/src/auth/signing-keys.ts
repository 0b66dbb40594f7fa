import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { createAccessTokens, generateSigningKeysJson, loadSigningKeys, type AccessTokens } from './access-tokens.ts';

/**
 * Production reads JWT_PRIVATE_KEYS (a Key Vault reference). Local mode generates a dev key once and
 * keeps it under DATA_DIR, so tokens survive restarts; tests (APP_ENV=test) keep it in memory.
 */
export async function accessTokensFor(config: Config): Promise<AccessTokens> {
  const options = { issuer: config.jwt.issuer, audience: config.jwt.audience, ttlSeconds: config.jwt.accessTtlSeconds };
  if (config.jwt.privateKeysJson) return createAccessTokens(await loadSigningKeys(config.jwt.privateKeysJson), options);
  if (config.env !== 'local') return createAccessTokens(await loadSigningKeys(await generateSigningKeysJson()), options);
  return createAccessTokens(await devKeys(config.database.dataDir), options);
}

/** The dev key under DATA_DIR; one that no longer loads (an Ed25519 key from before ADR 0009) is replaced. */
async function devKeys(dataDir: string) {
  const file = path.join(dataDir, 'dev-jwt-keys.json');
  const stored = await readFile(file, 'utf8').catch(() => null);
  if (stored) {
    const keys = await loadSigningKeys(stored).catch(() => null);
    if (keys) return keys;
  }
  await mkdir(dataDir, { recursive: true });
  const json = await generateSigningKeysJson();
  await writeFile(file, json, { mode: 0o600 });
  return loadSigningKeys(json);
}
