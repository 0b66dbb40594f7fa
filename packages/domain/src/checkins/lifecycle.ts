import { ok, type Result } from '../shared/result.ts';
import type { RiskRecalcReason } from '../risk/ports.ts';
import type { CheckinSchedule } from './cadence.ts';
import type { CheckinDeps } from './ports.ts';
import {
  closesInstance, decide, evolveAll, firstInstance, nextInstance, timingMessages,
  type CheckinCommand, type CheckinEvent, type CheckinRejection, type CheckinState, type TimingCommand,
} from './state-machine.ts';
import type { ScheduleContext } from './types.ts';

/**
 * The check-in engine around the pure state machine: every path that moves an instance (a patient's submit,
 * a professional's review, a timing message, the sweep) goes through `applyCommand` on a locked row, and every
 * instance is created by `createInstance`, which schedules its timing messages in the same transaction.
 */
export const CHECKIN_STEP_DUE = 'checkins.step_due';
export const CHECKIN_STEP_DUE_VERSION = 1;

export interface CheckinStepPayload { checkinId: string; patientId: string; dueAt: string; step: TimingCommand['type'] }

/** The domain schedule an instance is computed from. */
export function scheduleOf(ctx: ScheduleContext): CheckinSchedule {
  return {
    cadence: ctx.cadence,
    everyDays: ctx.everyDays,
    dueTime: ctx.dueTime,
    timezone: ctx.timezone,
    graceHours: ctx.graceHours,
    anchorDate: ctx.anchorDate,
    formId: ctx.formId,
    formVersion: ctx.formVersion,
  };
}

/** Inserts an instance and its three scheduled timing messages (deterministic ids: re-publishing collapses). */
export async function createInstance(deps: CheckinDeps, state: CheckinState, professionalId: string): Promise<boolean> {
  if (!(await deps.store.insertInstance(state, professionalId, deps.now))) return false;
  for (const m of timingMessages(state)) {
    const payload: CheckinStepPayload = { checkinId: state.checkinId, patientId: state.patientId, dueAt: state.dueAt.toISOString(), step: m.command.type };
    await deps.outbox.append(
      { queue: 'default', type: CHECKIN_STEP_DUE, version: CHECKIN_STEP_DUE_VERSION, payload, messageId: m.messageId, deliverAt: m.deliverAt },
      { professionalId, occurredAt: deps.now, correlationId: deps.correlationId },
    );
  }
  return true;
}

/** Starts a schedule: its first instance, unless one is already open. Call with the schedule locked. */
export async function startSchedule(deps: CheckinDeps, ctx: ScheduleContext): Promise<CheckinState | null> {
  const open = await deps.store.openInstance(ctx.patientId);
  if (open || !ctx.enabled) return open;
  const state = firstInstance({ checkinId: deps.newId(), patientId: ctx.patientId, schedule: scheduleOf(ctx), now: deps.now });
  await createInstance(deps, state, ctx.professionalId);
  return state;
}

/** Whether a schedule continues by itself: enabled, and the patient followed (not paused or archived). */
export const continuesSchedule = (ctx: Pick<ScheduleContext, 'enabled' | 'patientStatus'>): boolean =>
  ctx.enabled && (ctx.patientStatus === 'active' || ctx.patientStatus === 'at_risk');

/**
 * The instance after a closed one, from the schedule in force now; none when the schedule is gone or disabled,
 * or the patient is paused or archived (setting the schedule again starts it anew).
 */
async function createNext(deps: CheckinDeps, closed: CheckinState, professionalId: string): Promise<CheckinState | null> {
  const ctx = await deps.store.lockScheduleContext(closed.patientId);
  if (!ctx || !continuesSchedule(ctx)) return null;
  if (await deps.store.openInstance(closed.patientId)) return null;
  const state = nextInstance({ closed, checkinId: deps.newId(), schedule: scheduleOf(ctx), now: deps.now });
  return (await createInstance(deps, state, professionalId)) ? state : null;
}

const RISK_REASON: Partial<Record<CheckinEvent['type'], RiskRecalcReason>> = {
  checkin_submitted: 'checkin_submitted',
  checkin_became_late: 'checkin_late',
  checkin_missed: 'checkin_missed',
};

/** The risk reason of a batch of events (the last one that counts), if any. */
export function riskReasonOf(events: readonly CheckinEvent[]): RiskRecalcReason | null {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const reason = RISK_REASON[events[i]!.type];
    if (reason) return reason;
  }
  return null;
}

export interface Applied { before: CheckinState; state: CheckinState; events: CheckinEvent[]; next: CheckinState | null }

/**
 * Decides `command` on a locked instance and persists the outcome: the new state, a risk recalculation request
 * when the events bear on risk, and the next instance when this one closed. No events (a duplicate, a replay,
 * a step already taken) → nothing written.
 */
export async function applyCommand(
  deps: CheckinDeps,
  locked: CheckinState & { professionalId: string },
  command: CheckinCommand,
): Promise<Result<Applied, CheckinRejection>> {
  const { professionalId, ...before } = locked;
  const decided = decide(command, before, deps.now);
  if (!decided.ok) return { ok: false, error: decided.error };
  const events = decided.value;
  if (events.length === 0) return ok({ before, state: before, events, next: null });
  const state = evolveAll(before, events);
  if (!(await deps.store.saveInstance(state, before.status, deps.now))) {
    throw new Error(`check-in ${state.checkinId} changed under its row lock`);
  }
  const reason = riskReasonOf(events);
  if (reason) await deps.risk.request([state.patientId], reason);
  const next = events.some(closesInstance) ? await createNext(deps, state, professionalId) : null;
  return ok({ before, state, events, next });
}
