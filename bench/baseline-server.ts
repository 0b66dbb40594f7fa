/**
 * The bare baseline for GET /v1/me: plain node:http + postgres.js + jose, no framework, no pipeline.
 * Per request it does the same essential work as the product route: verify the ES256 access token
 * (pinned alg, iss, aud, typ, exp), then one transaction that sets the RLS role and app.* settings
 * transaction-locally and runs the same users ⨝ professionals profile query, and answers JSON.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { importJWK, jwtVerify, type JWK } from 'jose';
import { ACCESS_TOKEN_ALG } from '../packages/platform/src/auth/access-tokens.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const SET_CONTEXT = `select set_config('role', 'korevitta_app', true), set_config('app.user_id', $1, true),
  set_config('app.role', $2, true), set_config('app.professional_id', $3, true), set_config('app.patient_id', $4, true)`;
const PROFILE = `select u.id, u.professional_id, u.patient_id, u.role, u.email, u.email_normalized, u.password_hash,
    u.locale, u.password_changed_at, u.disabled_at, u.created_at, u.updated_at, u.deleted_at, u.revision,
    p.id as p_id, p.name, p.display_name, p.created_at as p_created_at, p.updated_at as p_updated_at, p.deleted_at as p_deleted_at,
    b.display_name as b_display_name, b.primary_color, b.accent_color, b.email_signature
  from users u inner join professionals p on p.id = u.professional_id left join brandings b on b.professional_id = p.id
  where u.id = $1 limit $2`;
/** The default look of a practice without a saved branding (packages/domain/src/branding/types.ts). */
const DEFAULT_COLOR = '#0B7A5A';

/**
 * The profile query as a prepared statement (postgres.js names tagged templates): the user, its practice and
 * the practice's branding (left join: none saved means the default look) in one primary-key select.
 */
const profile = (q: postgres.Sql | postgres.TransactionSql, userId: string) => q`select u.id, u.professional_id, u.patient_id, u.role, u.email, u.email_normalized, u.password_hash,
    u.locale, u.password_changed_at, u.disabled_at, u.created_at, u.updated_at, u.deleted_at, u.revision,
    p.id as p_id, p.name, p.display_name, p.created_at as p_created_at, p.updated_at as p_updated_at, p.deleted_at as p_deleted_at,
    b.display_name as b_display_name, b.primary_color, b.accent_color, b.email_signature
  from users u inner join professionals p on p.id = u.professional_id left join brandings b on b.professional_id = p.id
  where u.id = ${userId} limit 1`;

async function main(): Promise<void> {
  const issuer = env('BENCH_JWT_ISSUER');
  const audience = env('BENCH_JWT_AUDIENCE');
  const [jwk] = JSON.parse(env('BENCH_JWT_PRIVATE_KEYS')) as JWK[];
  if (!jwk) throw new Error('no key');
  const { d: _d, ...publicJwk } = jwk;
  const key = await importJWK(publicJwk, ACCESS_TOKEN_ALG);

  // BENCH_BASELINE_UNPREPARED=1 sends the two statements unnamed (parsed and planned on every call), as
  // Drizzle over postgres.js does for queries not built with .prepare(name): isolates that cost.
  const unprepared = process.env.BENCH_BASELINE_UNPREPARED === '1';
  // BENCH_BASELINE_NOTX=1 is the bare server of issue 9: no transaction, no settings, one primary-key select
  // (prepared), the least a server can do to answer the question.
  const noTransaction = process.env.BENCH_BASELINE_NOTX === '1';
  const sql = postgres(env('BENCH_DATABASE_URL'), {
    max: Number(process.env.BENCH_POOL_MAX ?? '10'),
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => undefined,
    connection: { application_name: 'korevitta-baseline', statement_timeout: 15_000 },
  });

  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    void (async () => {
      const m = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(req.headers.authorization ?? '');
      if (req.method !== 'GET' || req.url !== '/v1/me' || !m?.[1]) return send(m ? 404 : 401, { error: 'no' });
      let claims;
      try {
        ({ payload: claims } = await jwtVerify(m[1], key, { algorithms: [ACCESS_TOKEN_ALG], issuer, audience, typ: 'at+jwt', clockTolerance: 30, maxTokenAge: 930, requiredClaims: ['exp', 'iat', 'sub', 'iss', 'aud'] }));
      } catch {
        return send(401, { error: 'invalid token' });
      }
      const userId = String(claims.sub);
      const role = String(claims.role);
      const pid = String(claims.pid);
      const rows = noTransaction ? await profile(sql, userId) : await sql.begin(async (tx) => {
        if (unprepared) {
          await tx.unsafe(SET_CONTEXT, [userId, role, pid, '']);
          return tx.unsafe(PROFILE, [userId, 1]);
        }
        await tx`select set_config('role', 'korevitta_app', true), set_config('app.user_id', ${userId}, true),
          set_config('app.role', ${role}, true), set_config('app.professional_id', ${pid}, true),
          set_config('app.patient_id', '', true)`;
        return profile(tx, userId);
      });
      const row = rows[0];
      if (!row || row.deleted_at || row.disabled_at || row.p_deleted_at) return send(404, { error: 'not found' });
      return send(200, {
        user: { id: row.id, email: row.email, role: row.role, locale: row.locale },
        professional: { id: row.p_id, name: row.name, displayName: row.display_name },
        patient: null,
        revision: row.revision,
        branding: {
          displayName: row.b_display_name ?? row.display_name ?? row.name,
          primaryColor: row.primary_color ?? DEFAULT_COLOR,
          accentColor: row.accent_color ?? DEFAULT_COLOR,
          logoUrl: null,
          emailSignature: row.email_signature ?? null,
        },
      });
    })().catch(() => send(500, { error: 'internal' }));
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    await sql.end({ timeout: 5 });
    process.exit(0);
  };
  process.on('message', (msg) => { if (msg === 'stop') void stop(); });
  process.on('disconnect', () => void stop());
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
