import { fail, ok, type Result } from '../shared/result.ts';
import type { ProtocolDeps } from './ports.ts';
import type { ProtocolVersion } from './types.ts';

/** A protocol's immutable versions, newest first. */
export async function listProtocolVersions(
  deps: Pick<ProtocolDeps, 'protocols'>,
  q: { protocolId: string; limit: number; beforeVersion: number | null },
): Promise<Result<ProtocolVersion[], 'PROTOCOL.NOT_FOUND'>> {
  if (!(await deps.protocols.find(q.protocolId))) return fail('PROTOCOL.NOT_FOUND');
  return ok(await deps.protocols.listVersions(q.protocolId, { limit: q.limit, beforeVersion: q.beforeVersion }));
}
