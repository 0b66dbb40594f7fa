import { fail, ok, type Result } from '../shared/result.ts';
import { canRead } from './lifecycle.ts';
import type { ProtocolDeps } from './ports.ts';
import type { Protocol, ProtocolCaller } from './types.ts';

/** One protocol: a professional reads any of its tenant's; a patient only its own active one (else 404). */
export async function getProtocol(deps: Pick<ProtocolDeps, 'protocols'>, q: { caller: ProtocolCaller; protocolId: string }): Promise<Result<Protocol, 'PROTOCOL.NOT_FOUND'>> {
  const protocol = await deps.protocols.find(q.protocolId);
  if (!protocol || !canRead(protocol, q.caller)) return fail('PROTOCOL.NOT_FOUND');
  return ok(protocol);
}
