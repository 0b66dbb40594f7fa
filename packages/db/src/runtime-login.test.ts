import { describe, expect, it } from 'vitest';
import { runtimeLoginProblems, runtimeLoginStatements } from './runtime-login.ts';

describe('runtime login statements', () => {
  it('when an Entra object id is given, then the role is mapped to it as a service principal', () => {
    const statements = runtimeLoginStatements({ login: 'korevitta_api', entraObjectId: '7A1B2C3D-0000-4000-8000-00000000ABCD' });
    expect(statements.at(-1)).toBe(`SECURITY LABEL FOR "pgaadauth" ON ROLE "korevitta_api" IS 'aadauth,oid=7a1b2c3d-0000-4000-8000-00000000abcd,type=service'`);
    expect(statements.join('\n')).not.toMatch(/PASSWORD/i);
  });
  it('when no object id is given (local, CI), then no security label is written', () => {
    expect(runtimeLoginStatements({ login: 'korevitta_api' }).join('\n')).not.toContain('SECURITY LABEL');
  });
  it('when the name or id could inject SQL, then it is refused', () => {
    expect(() => runtimeLoginStatements({ login: 'x"; DROP ROLE postgres; --' })).toThrow(/invalid login/);
    expect(() => runtimeLoginStatements({ login: 'korevitta_api', entraObjectId: "x', type=user" })).toThrow(/UUID/);
  });
  it('when a report shows a superuser that inherits and lacks a role, then each problem is named', () => {
    expect(runtimeLoginProblems({ login: 'a', superuser: true, bypassRls: true, inherits: true, createsRoles: false, createsDatabases: false, memberOf: ['korevitta_app'], ownedRelations: 2 })).toEqual([
      'is a superuser',
      'has BYPASSRLS',
      'inherits the privileges of its roles (must be NOINHERIT and SET ROLE per transaction)',
      'owns 2 relations',
      'is not a member of korevitta_system',
    ]);
  });
});
