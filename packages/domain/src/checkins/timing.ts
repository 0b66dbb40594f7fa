import { applyCommand } from './lifecycle.ts';
import type { CheckinDeps } from './ports.ts';
import type { TimingCommand } from './state-machine.ts';

export type TimingOutcome = 'applied' | 'no_change' | 'too_early' | 'gone';

/**
 * A scheduled timing message arrived (open, due, grace end). Duplicates, replays and steps the sweep already
 * took change nothing; a reordered message walks every step up to its target; an early one (clock skew) is
 * left to its own retry or the sweep. System transaction.
 */
export async function advanceCheckin(deps: CheckinDeps, input: { checkinId: string; step: TimingCommand['type'] }): Promise<{ outcome: TimingOutcome; events: string[] }> {
  const locked = await deps.store.lockInstance(input.checkinId);
  if (!locked) return { outcome: 'gone', events: [] };
  const applied = await applyCommand(deps, locked, { type: input.step });
  if (!applied.ok) {
    if (applied.error.code === 'CHECKIN.TOO_EARLY') return { outcome: 'too_early', events: [] };
    throw new Error(`a timing step was rejected with ${applied.error.code}`);
  }
  const events = applied.value.events.map((e) => e.type);
  return { outcome: events.length > 0 ? 'applied' : 'no_change', events };
}
