import { ok, type Result } from '../shared/result.ts';
import type { ErrorCode } from '../shared/errors.ts';
import type { Applied } from './lifecycle.ts';
import type { CheckinDeps } from './ports.ts';
import type { CheckinDetail } from './types.ts';

/** The answer of submit and review: the applied step with the check-in as read back in the same transaction. */
export async function withDetail<E extends ErrorCode>(deps: CheckinDeps, checkinId: string, applied: Applied): Promise<Result<{ detail: CheckinDetail; applied: Applied }, E>> {
  const detail = await deps.store.findCheckin(checkinId);
  if (!detail) throw new Error(`check-in ${checkinId} vanished inside its transaction`);
  return ok({ detail, applied });
}
