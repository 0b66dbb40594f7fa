import * as v from 'valibot';

/**
 * Every setting the service reads, parsed once at start-up; a bad value fails fast with a clear message.
 * Secrets (JWT_PRIVATE_KEYS, SENDGRID_API_KEY, APPLICATIONINSIGHTS_CONNECTION_STRING, and DATABASE_URL when it
 * carries a password) come from the environment, which in Azure holds Key Vault references. In Azure the
 * database login is the Function App's managed identity (DATABASE_AUTH=entra, ADR 0010): the URL names the
 * login and no password, and the password is an Entra ID token acquired at each new connection.
 */
const intFrom = (fallback: number, min: number, max: number) =>
  v.pipe(
    v.optional(v.string(), String(fallback)),
    v.transform((s) => Number(s)),
    v.number(),
    v.integer(),
    v.minValue(min),
    v.maxValue(max),
  );
const list = (fallback: string) =>
  v.pipe(v.optional(v.string(), fallback), v.transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)));
const optionalText = v.optional(v.pipe(v.string(), v.transform((s) => (s.trim() === '' ? undefined : s.trim()))));

const EnvSchema = v.object({
  APP_ENV: v.optional(v.picklist(['local', 'test', 'production']), 'local'),
  PORT: intFrom(7071, 0, 65535),
  DATABASE_URL: optionalText,
  DATABASE_AUTH: v.optional(v.picklist(['password', 'entra']), 'password'),
  DATA_DIR: v.optional(v.string(), '.data'),
  DB_POOL_MAX: intFrom(10, 1, 100),
  DB_STATEMENT_TIMEOUT_MS: intFrom(15_000, 100, 600_000),
  JWT_ISSUER: v.optional(v.pipe(v.string(), v.url()), 'http://localhost:7071'),
  JWT_AUDIENCE: v.optional(v.string(), 'korevitta-api'),
  JWT_PRIVATE_KEYS: optionalText,
  ACCESS_TOKEN_TTL_SECONDS: intFrom(900, 60, 900),
  REFRESH_TOKEN_TTL_DAYS: intFrom(30, 1, 90),
  CORS_ALLOWED_ORIGINS: list('http://localhost:3000'),
  MAX_BODY_BYTES: intFrom(1_048_576, 1024, 10_485_760),
  TRUSTED_PROXY_HOPS: intFrom(1, 0, 5),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: intFrom(5, 1, 1000),
  LOGIN_MAX_FAILURES_PER_IP: intFrom(30, 1, 10_000),
  LOGIN_THROTTLE_WINDOW_SECONDS: intFrom(900, 10, 86_400),
  // General rate limits per instance (ADR 0015); 0 turns a policy off where API Management enforces it.
  RATE_LIMIT_PER_ADDRESS: intFrom(600, 0, 10_000_000),
  RATE_LIMIT_PER_USER: intFrom(300, 0, 10_000_000),
  RATE_LIMIT_WINDOW_SECONDS: intFrom(60, 1, 3600),
  PASSWORD_RESET_MAX_PER_ACCOUNT: intFrom(3, 1, 1000),
  PASSWORD_RESET_MAX_PER_IP: intFrom(20, 1, 10_000),
  PASSWORD_RESET_WINDOW_SECONDS: intFrom(3600, 10, 86_400),
  QUEUE_DRIVER: v.optional(v.picklist(['local', 'servicebus']), 'local'),
  SERVICEBUS_NAMESPACE: optionalText,
  MAIL_DRIVER: v.optional(v.picklist(['local', 'sendgrid']), 'local'),
  SENDGRID_API_KEY: optionalText,
  MAIL_FROM: v.optional(v.string(), 'KoreVitta <no-reply@korevitta.com.br>'),
  PUBLIC_APP_URL: v.optional(v.pipe(v.string(), v.url()), 'http://localhost:3000'),
  LOG_LEVEL: v.optional(v.picklist(['debug', 'info', 'warn', 'error', 'silent']), 'info'),
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText,
});

export type Env = v.InferOutput<typeof EnvSchema>;

export interface Config {
  env: Env['APP_ENV'];
  isProduction: boolean;
  port: number;
  /** `auth: 'entra'`: the connection password is an Entra ID token for the process's identity (AZURE_CLIENT_ID). */
  database: { url: string | undefined; auth: 'password' | 'entra'; dataDir: string; poolMax: number; statementTimeoutMs: number };
  jwt: { issuer: string; audience: string; privateKeysJson: string | undefined; accessTtlSeconds: number; refreshTtlDays: number };
  http: { corsAllowedOrigins: string[]; maxBodyBytes: number; trustedProxyHops: number };
  loginThrottle: { maxFailuresPerAccount: number; maxFailuresPerIp: number; windowSeconds: number };
  /** Calls per window per client address and per authenticated user; 0 = off (ADR 0015). */
  rateLimit: { perAddress: number; perUser: number; windowSeconds: number };
  /** Password-reset requests (every request counts), per e-mail asked for and per client address. */
  resetThrottle: { maxPerAccount: number; maxPerIp: number; windowSeconds: number };
  queue: { driver: 'local' | 'servicebus'; serviceBusNamespace: string | undefined };
  mail: { driver: 'local' | 'sendgrid'; sendgridApiKey: string | undefined; from: string };
  publicAppUrl: string;
  logLevel: Env['LOG_LEVEL'];
  appInsightsConnectionString: string | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // An app setting whose Key Vault reference did not resolve keeps its literal text: refuse to start.
  const unresolved = Object.entries(source).filter(([, v]) => v?.startsWith('@Microsoft.KeyVault(')).map(([k]) => k);
  if (unresolved.length > 0) throw new ConfigError(`Key Vault references did not resolve: ${unresolved.join(', ')}`);
  const parsed = v.safeParse(EnvSchema, source);
  if (!parsed.success) {
    const lines = parsed.issues.map((i) => `  ${v.getDotPath(i) ?? '?'}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.output;
  const config: Config = {
    env: e.APP_ENV,
    isProduction: e.APP_ENV === 'production',
    port: e.PORT,
    database: { url: e.DATABASE_URL, auth: e.DATABASE_AUTH, dataDir: e.DATA_DIR, poolMax: e.DB_POOL_MAX, statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS },
    jwt: {
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      privateKeysJson: e.JWT_PRIVATE_KEYS,
      accessTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    },
    http: { corsAllowedOrigins: e.CORS_ALLOWED_ORIGINS, maxBodyBytes: e.MAX_BODY_BYTES, trustedProxyHops: e.TRUSTED_PROXY_HOPS },
    loginThrottle: {
      maxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
      windowSeconds: e.LOGIN_THROTTLE_WINDOW_SECONDS,
    },
    rateLimit: { perAddress: e.RATE_LIMIT_PER_ADDRESS, perUser: e.RATE_LIMIT_PER_USER, windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS },
    resetThrottle: {
      maxPerAccount: e.PASSWORD_RESET_MAX_PER_ACCOUNT,
      maxPerIp: e.PASSWORD_RESET_MAX_PER_IP,
      windowSeconds: e.PASSWORD_RESET_WINDOW_SECONDS,
    },
    queue: { driver: e.QUEUE_DRIVER, serviceBusNamespace: e.SERVICEBUS_NAMESPACE },
    mail: { driver: e.MAIL_DRIVER, sendgridApiKey: e.SENDGRID_API_KEY, from: e.MAIL_FROM },
    publicAppUrl: e.PUBLIC_APP_URL,
    logLevel: e.LOG_LEVEL,
    appInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
  };
  assertDatabaseAuth(config.database);
  if (config.isProduction) assertProductionReady(config);
  return config;
}

/** Entra auth needs a server to sign in to, and a URL password next to it would be a secret left behind. */
function assertDatabaseAuth(db: Config['database']): void {
  if (db.auth !== 'entra') return;
  if (!db.url) throw new ConfigError('DATABASE_AUTH=entra needs DATABASE_URL (postgres://<login>@<server>:5432/<database>?sslmode=require)');
  let parsed: URL;
  try {
    parsed = new URL(db.url);
  } catch {
    throw new ConfigError('DATABASE_URL is not a URL');
  }
  if (parsed.password) throw new ConfigError('DATABASE_URL must not carry a password with DATABASE_AUTH=entra (the password is an Entra ID token)');
  if (!parsed.username) throw new ConfigError('DATABASE_URL must name the login (the database role mapped to the identity) with DATABASE_AUTH=entra');
}

function assertProductionReady(c: Config): void {
  const missing: string[] = [];
  if (!c.database.url) missing.push('DATABASE_URL');
  if (!c.jwt.privateKeysJson) missing.push('JWT_PRIVATE_KEYS');
  if (c.queue.driver !== 'servicebus') missing.push('QUEUE_DRIVER=servicebus');
  if (!c.queue.serviceBusNamespace) missing.push('SERVICEBUS_NAMESPACE');
  if (c.mail.driver !== 'sendgrid') missing.push('MAIL_DRIVER=sendgrid');
  if (!c.mail.sendgridApiKey) missing.push('SENDGRID_API_KEY');
  if (missing.length > 0) throw new ConfigError(`production configuration incomplete: ${missing.join(', ')}`);
}
