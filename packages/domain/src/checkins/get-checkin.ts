import { fail, ok, type Result } from '../shared/result.ts';
import type { CheckinStore } from './ports.ts';
import type { CheckinDetail } from './types.ts';

/** One check-in (RLS: the practice's for a professional, its own for a patient). */
export async function getCheckin(deps: { store: CheckinStore }, checkinId: string): Promise<Result<CheckinDetail, 'CHECKIN.NOT_FOUND'>> {
  const detail = await deps.store.findCheckin(checkinId);
  return detail ? ok(detail) : fail('CHECKIN.NOT_FOUND');
}
