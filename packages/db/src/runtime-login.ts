import type { MigrationTarget } from './migrator.ts';

/**
 * The application's own login (ADR 0002, ADR 0010): a LOGIN role that is a member of `korevitta_app` and
 * `korevitta_system` and inherits neither (it must `SET ROLE`, which every transaction does), owns nothing,
 * and in Azure is mapped to the Function App's managed identity, so it signs in with Entra ID tokens and
 * has no password. Run after the migrations by the identity that ran them (the server's Entra admin).
 */
export interface RuntimeLoginOptions {
  /** The role name, e.g. `korevitta_api`; the app's DATABASE_URL names it. */
  login: string;
  /** The managed identity's object (principal) id: maps the role to it for Entra ID sign-in. */
  entraObjectId?: string | undefined;
}

export interface RuntimeLoginReport {
  login: string;
  superuser: boolean;
  bypassRls: boolean;
  inherits: boolean;
  createsRoles: boolean;
  createsDatabases: boolean;
  memberOf: string[];
  ownedRelations: number;
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const RUNTIME_ROLES = ['korevitta_app', 'korevitta_system'] as const;

/**
 * The statements, idempotent. Only attributes a CREATEROLE admin may set on a role it created (Azure gives
 * no superuser): new roles are NOSUPERUSER NOBYPASSRLS by default and are checked after, not altered.
 */
export function runtimeLoginStatements(options: RuntimeLoginOptions): string[] {
  if (!ROLE_NAME.test(options.login)) throw new Error(`invalid login name: ${options.login}`);
  if (options.entraObjectId !== undefined && !UUID.test(options.entraObjectId)) throw new Error('the Entra object id must be a UUID');
  const role = `"${options.login}"`;
  return [
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${options.login}') THEN
         CREATE ROLE ${role} LOGIN NOINHERIT NOCREATEDB NOCREATEROLE NOREPLICATION;
       END IF;
     END $$`,
    `ALTER ROLE ${role} LOGIN NOINHERIT NOCREATEDB NOCREATEROLE`,
    `GRANT ${RUNTIME_ROLES.join(', ')} TO ${role}`,
    `DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO ${role}', current_database()); END $$`,
    ...(options.entraObjectId ? [`SECURITY LABEL FOR "pgaadauth" ON ROLE ${role} IS 'aadauth,oid=${options.entraObjectId.toLowerCase()},type=service'`] : []),
  ];
}

/** Creates or repairs the login, then reports what it is, so a caller can refuse a login with too much power. */
export async function ensureRuntimeLogin(target: MigrationTarget, options: RuntimeLoginOptions): Promise<RuntimeLoginReport> {
  let report: RuntimeLoginReport | undefined;
  await target.transaction(async (s) => {
    for (const statement of runtimeLoginStatements(options)) await s.exec(statement);
    const [row] = await s.query<{ superuser: boolean; bypass_rls: boolean; inherits: boolean; creates_roles: boolean; creates_databases: boolean; member_of: string[] | null; owned: number }>(
      `SELECT r.rolsuper AS superuser, r.rolbypassrls AS bypass_rls, r.rolinherit AS inherits, r.rolcreaterole AS creates_roles, r.rolcreatedb AS creates_databases,
              (SELECT array_agg(g.rolname::text ORDER BY g.rolname) FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid) AS member_of,
              (SELECT count(*)::int FROM pg_catalog.pg_class c WHERE c.relowner = r.oid) AS owned
         FROM pg_catalog.pg_roles r WHERE r.rolname = $1`,
      [options.login],
    );
    if (!row) throw new Error(`role ${options.login} was not created`);
    report = {
      login: options.login,
      superuser: row.superuser,
      bypassRls: row.bypass_rls,
      inherits: row.inherits,
      createsRoles: row.creates_roles,
      createsDatabases: row.creates_databases,
      memberOf: row.member_of ?? [],
      ownedRelations: row.owned,
    };
  });
  if (!report) throw new Error('no report');
  return report;
}

/** What is wrong with the login for ADR 0002 (TEST-CATALOG 20); empty when it is right. */
export function runtimeLoginProblems(r: RuntimeLoginReport): string[] {
  const problems: string[] = [];
  if (r.superuser) problems.push('is a superuser');
  if (r.bypassRls) problems.push('has BYPASSRLS');
  if (r.inherits) problems.push('inherits the privileges of its roles (must be NOINHERIT and SET ROLE per transaction)');
  if (r.createsRoles || r.createsDatabases) problems.push('can create roles or databases');
  if (r.ownedRelations > 0) problems.push(`owns ${r.ownedRelations} relations`);
  const extra = r.memberOf.filter((m) => !(RUNTIME_ROLES as readonly string[]).includes(m));
  if (extra.length > 0) problems.push(`is a member of ${extra.join(', ')}`);
  for (const role of RUNTIME_ROLES) if (!r.memberOf.includes(role)) problems.push(`is not a member of ${role}`);
  return problems;
}
