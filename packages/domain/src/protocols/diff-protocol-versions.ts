import { fail, ok, type Result } from '../shared/result.ts';
import { diffContent, type ContentDiff } from './diff.ts';
import type { ProtocolDeps } from './ports.ts';
import type { ProtocolVersion } from './types.ts';

/** The structured diff between two versions of one protocol. */
export async function diffProtocolVersions(
  deps: Pick<ProtocolDeps, 'protocols'>,
  q: { protocolId: string; from: number; to: number },
): Promise<Result<{ from: ProtocolVersion; to: ProtocolVersion; diff: ContentDiff }, 'PROTOCOL.NOT_FOUND' | 'PROTOCOL.VERSION_NOT_FOUND'>> {
  if (!(await deps.protocols.find(q.protocolId))) return fail('PROTOCOL.NOT_FOUND');
  const [from, to] = await Promise.all([deps.protocols.findVersion(q.protocolId, q.from), deps.protocols.findVersion(q.protocolId, q.to)]);
  if (!from || !to) return fail('PROTOCOL.VERSION_NOT_FOUND');
  return ok({ from, to, diff: diffContent(from.content, to.content) });
}
