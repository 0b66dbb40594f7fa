import { fail, type Result } from '../shared/result.ts';
import { applyCommand, type Applied } from './lifecycle.ts';
import type { CheckinDeps } from './ports.ts';
import { RESPONSE_PROBLEM_CODES, validateResponses, type ValidAnswers } from './form-schema.ts';
import { escapePointer } from '../shared/field-problems.ts';
import { catchUp, evolveAll, type CheckinRejection } from './state-machine.ts';
import type { CheckinActor, CheckinDetail } from './types.ts';
import { withDetail } from './checkin-detail.ts';

export type SubmitError = CheckinRejection | 'CHECKIN.NOT_FOUND' | 'CHECKIN.INVALID_RESPONSES';

/** Never read: `decide` rejects a check-in that is not open, or answers another version, before it looks at answers. */
const UNUSED_ANSWERS = {} as ValidAnswers;

/**
 * The patient answers one of its check-ins (RLS: only its own are visible). Accepted while pending or late
 * (then recorded as late), validated against the schema of the form version the instance is bound to; the
 * instance closes, the next one is created and the risk is recalculated.
 */
export async function submitCheckin(
  deps: CheckinDeps,
  actor: CheckinActor,
  input: { checkinId: string; formVersion: number; responses: Readonly<Record<string, unknown>> },
): Promise<Result<{ detail: CheckinDetail; applied: Applied }, SubmitError>> {
  const locked = await deps.store.lockInstance(input.checkinId);
  if (!locked || (actor.patientId !== null && locked.patientId !== actor.patientId)) return fail('CHECKIN.NOT_FOUND');
  const { professionalId: _p, ...state } = locked;
  const now = evolveAll(state, catchUp(state, deps.now));
  let answers = UNUSED_ANSWERS;
  if ((now.status === 'pending' || now.status === 'late') && input.formVersion === now.formVersion) {
    const form = await deps.store.formVersion(now.formId, now.formVersion);
    if (!form) throw new Error(`check-in ${now.checkinId} answers a form version that does not exist`);
    const validation = validateResponses(form.schema, input.responses);
    if (!validation.ok) {
      return fail('CHECKIN.INVALID_RESPONSES', {
        params: { count: validation.problems.length },
        fields: validation.problems.map((p) => ({ pointer: `/body/answers/${escapePointer(p.questionId)}`, code: RESPONSE_PROBLEM_CODES[p.problem], ...(p.params ? { params: p.params } : {}) })),
      });
    }
    answers = validation.answers;
  }
  const applied = await applyCommand(deps, locked, { type: 'submit', formVersion: input.formVersion, answers });
  if (!applied.ok) return { ok: false, error: applied.error };
  await deps.audit.record({
    action: 'checkin.submitted',
    entityType: 'checkin',
    entityId: input.checkinId,
    changes: { status: { before: applied.value.before.status, after: applied.value.state.status }, late: { after: applied.value.state.status === 'submitted' && applied.value.state.submittedLate } },
  });
  return withDetail(deps, input.checkinId, applied.value);
}
