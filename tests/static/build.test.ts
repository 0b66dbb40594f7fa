import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The production bundle (scripts/build.mjs → dist/index.js) is what the Functions host loads. These tests
 * build it into a temp folder and load it with plain Node, outside Vitest, because some ESM mistakes
 * (named imports from @azure/functions, .ts specifiers left behind) pass under Vitest and fail on Azure.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const entry = path.join(root, 'functions', 'index.ts');
const hasEntry = existsSync(entry);
if (!hasEntry) {
  console.error('tests/static/build.test.ts: functions/index.ts is absent, so the bundle tests are skipped');
}

// The temp folder lives under node_modules/.cache so that the bundle's external imports resolve from
// the repository's node_modules exactly as they do from the deployed package.
const cacheDir = path.join(root, 'node_modules', '.cache');
let outdir = '';
let bundle = '';
let buildStatus: number | null = null;
let buildOutput = '';

const bareSpecifiers = (code: string): string[] => {
  const found = new Set<string>();
  const patterns = [
    // `from` as a keyword (after whitespace or a closing brace), not the word inside a string such as "/query/from".
    /(?:^|[\s}])from\s*["']([^"']+)["']/gm,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) {
      const spec = match[1];
      if (spec !== undefined) found.add(spec);
    }
  }
  return [...found];
};

const packageNameOf = (spec: string): string => {
  const parts = spec.split('/');
  return (spec.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
};

/** Every dependency a production install (`npm ci --omit=dev`) provides: root and workspace packages. */
const declaredProductionDependencies = (): Set<string> => {
  const manifests = [path.join(root, 'package.json')];
  for (const name of ['domain', 'db', 'platform', 'local-host']) {
    const p = path.join(root, 'packages', name, 'package.json');
    if (existsSync(p)) manifests.push(p);
  }
  const names = new Set<string>();
  for (const manifest of manifests) {
    const json: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
    if (typeof json === 'object' && json !== null && 'dependencies' in json) {
      const deps = json.dependencies;
      if (typeof deps === 'object' && deps !== null) for (const name of Object.keys(deps)) names.add(name);
    }
  }
  return names;
};

/**
 * Loads the bundle with plain Node. FUNCTIONS_WORKER_RUNTIME makes the registration code believe it runs in
 * the Functions host; @azure/functions, finding no worker, runs in test mode and prints one
 * `Skipping call to register function "<name>"` line per registration, which is what we count.
 */
const loadBundle = (appEnv: string) =>
  spawnSync(process.execPath, ['--input-type=module', '-e', "await import('./index.js'); process.exit(0);"], {
    cwd: outdir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, APP_ENV: appEnv, FUNCTIONS_WORKER_RUNTIME: 'node', DATABASE_URL: '', NODE_OPTIONS: '' },
  });

const registeredNames = (stderr: string): string[] =>
  [...stderr.matchAll(/register function "([^"]+)"/g)].map((m) => m[1] ?? '').sort();

describe.skipIf(!hasEntry)('production bundle (scripts/build.mjs)', () => {
  beforeAll(async () => {
    await mkdir(cacheDir, { recursive: true });
    outdir = await mkdtemp(path.join(cacheDir, 'korevitta-build-test-'));
    const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--outdir', outdir, '--quiet'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    buildStatus = result.status;
    buildOutput = `${result.stdout}${result.stderr}`;
    const file = path.join(outdir, 'index.js');
    bundle = existsSync(file) ? readFileSync(file, 'utf8') : '';
  }, 150_000);

  afterAll(async () => {
    if (outdir) await rm(outdir, { recursive: true, force: true });
  });

  it('when the build runs with --outdir, then it succeeds and writes index.js with its source map', () => {
    expect(buildStatus, buildOutput).toBe(0);
    expect(bundle.length).toBeGreaterThan(0);
    expect(existsSync(path.join(outdir, 'index.js.map'))).toBe(true);
  });

  it('when the build runs, then it writes openapi.json: the document GET /v1/openapi.json serves, for API Management', async () => {
    const file = path.join(outdir, 'openapi.json');
    expect(existsSync(file), buildOutput).toBe(true);
    const written: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const { allFunctions } = await import('../../functions/index.ts');
    const served = allFunctions.find((f) => f.name === 'openapi-document');
    expect(served?.kind).toBe('http');
    // The production document (the one API Management imports): no dev-only operation.
    const response = served?.kind === 'http' ? await served.handler({ rt: { config: { isProduction: true } } } as unknown as Parameters<typeof served.handler>[0]) : null;
    expect(written).toEqual(JSON.parse(JSON.stringify(response?.body)));
    expect(written).toMatchObject({ openapi: '3.1.0', paths: expect.objectContaining({ '/v1/auth/login': expect.any(Object) }) });
  }, 120_000); // imports the whole function table under Vitest: slow on a loaded machine

  it('when the build runs, then the API reference script ships beside index.js (production installs no devDependency)', () => {
    const shipped = path.join(outdir, 'redoc.standalone.js');
    expect(existsSync(shipped)).toBe(true);
    expect(readFileSync(shipped, 'utf8')).toContain('spec-url');
  });

  it('when the bundle is read, then no @korevitta/ import specifier is left unresolved', () => {
    const leftovers = bareSpecifiers(bundle).filter((s) => s.startsWith('@korevitta/'));
    expect(leftovers).toEqual([]);
  });

  it('when the bundle is read, then no .ts module specifier is left behind', () => {
    const tsSpecifiers = bareSpecifiers(bundle).filter((s) => /\.tsx?$/.test(s));
    expect(tsSpecifiers).toEqual([]);
  });

  it('when the bundle imports npm packages, then each is a declared production dependency', () => {
    const declared = declaredProductionDependencies();
    const externals = bareSpecifiers(bundle)
      .filter((s) => !s.startsWith('.') && !s.startsWith('/') && !s.startsWith('node:'))
      .map(packageNameOf);
    const undeclared = [...new Set(externals)].filter((name) => !declared.has(name));
    expect(undeclared).toEqual([]);
    expect(externals).toContain('@azure/functions');
  });

  it('when plain Node loads the bundle, then every function of the table registers itself', async () => {
    const result = loadBundle('local');
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    const { allFunctions } = await import('../../functions/index.ts');
    expect(registeredNames(result.stderr)).toEqual(allFunctions.map((f) => f.name).sort());
  }, 90_000);

  it('when plain Node loads the bundle with APP_ENV=production, then no dev-only function registers', async () => {
    const result = loadBundle('production');
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    const { allFunctions } = await import('../../functions/index.ts');
    const expected = allFunctions.filter((f) => !('devOnly' in f && f.devOnly)).map((f) => f.name).sort();
    expect(registeredNames(result.stderr)).toEqual(expected);
  }, 90_000);
});

/**
 * The deployment files name every setting the service reads (packages/platform/src/config.ts), so a new
 * setting cannot reach production unset or be missing from the `func start` example.
 */
describe('deployment configuration', () => {
  const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');
  const configKeys = (): string[] => {
    const source = read('packages/platform/src/config.ts');
    const body = /const EnvSchema = v\.object\(\{([\s\S]*?)\n\}\);/.exec(source)?.[1] ?? '';
    return [...body.matchAll(/^\s+([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1] ?? '');
  };
  const bicep = () => `${read('bicep/main.bicep')}\n${read('bicep/modules/function-app.bicep')}`;
  const SECRETS = ['DATABASE_URL', 'JWT_PRIVATE_KEYS', 'SENDGRID_API_KEY', 'STRIPE_SECRET_KEY', 'BILLING_WEBHOOK_SECRETS'];
  /** In Azure the database URL names a login and no password (Entra ID, ADR 0010): not a secret there. */
  const AZURE_SECRETS = SECRETS.filter((s) => s !== 'DATABASE_URL');
  const LOCAL_ONLY = ['PORT', 'DATA_DIR', 'BLOB_LOCAL_PORT'];

  it('when config.ts is read, then it declares the settings this test knows to be secrets', () => {
    const keys = configKeys();
    expect(keys.length).toBeGreaterThan(10);
    for (const secret of SECRETS) expect(keys).toContain(secret);
  });

  it('when local.settings.example.json is read, then it lists every setting and holds no secret value', () => {
    const json: unknown = JSON.parse(read('local.settings.example.json'));
    const values = typeof json === 'object' && json !== null && 'Values' in json ? json.Values : undefined;
    expect(typeof values).toBe('object');
    const settings = new Map(Object.entries(values ?? {}));
    expect(settings.get('FUNCTIONS_WORKER_RUNTIME')).toBe('node');
    expect(settings.get('AzureWebJobsStorage')).toBe('UseDevelopmentStorage=true');
    expect(settings.get('APP_ENV')).toBe('local');
    for (const key of configKeys()) expect(settings.has(key), key).toBe(true);
    for (const secret of SECRETS) expect(settings.get(secret), secret).toBe('');
  });

  it('when bicep sets the app settings, then every non-local setting is set and secrets are Key Vault references', () => {
    const text = bicep();
    for (const key of configKeys().filter((k) => !LOCAL_ONLY.includes(k))) {
      expect(new RegExp(`^\\s+${key}:`, 'm').test(text), `${key} missing from bicep app settings`).toBe(true);
    }
    for (const secret of AZURE_SECRETS) {
      expect(new RegExp(`^\\s+${secret}: '@Microsoft\\.KeyVault\\(SecretUri=`, 'm').test(text), secret).toBe(true);
    }
    expect(text).toMatch(/^\s+DATABASE_AUTH: 'entra'/m);
    expect(text).toMatch(/^\s+BLOB_AUTH: 'entra'/m);
    expect(text).not.toMatch(/^\s+DATABASE_URL: '[^']*:[^'@/]*@/m);
    expect(text).toMatch(/^\s+APP_ENV: 'production'/m);
    expect(text).toMatch(/^\s+ServiceBusConnection__fullyQualifiedNamespace:/m);
  });

  it('when host.json is read, then routes have no prefix and the v4 extension bundle is pinned', () => {
    const json: unknown = JSON.parse(read('host.json'));
    expect(json).toMatchObject({
      version: '2.0',
      extensionBundle: { id: 'Microsoft.Azure.Functions.ExtensionBundle', version: '[4.*, 5.0.0)' },
      extensions: { http: { routePrefix: '' }, serviceBus: { autoCompleteMessages: true } },
    });
  });
});
