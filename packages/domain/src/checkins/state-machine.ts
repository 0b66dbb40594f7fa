/**
 * The life of one check-in instance (seed §10.2, DESIGN.md §7), as a decider:
 *
 *   scheduled ──open──▶ pending ──due──▶ late ──grace end──▶ missed
 *                          │               │
 *                          └──submit──▶ submitted ◀──submit (recorded as late)
 *                                          │
 *                                          └──review──▶ reviewed
 *
 * Time is half-open: the instance is open from `opensAt`, late from `dueAt` (a submission at 08:59:59.999
 * for a 09:00 due time is on time), missed from `graceEndsAt`. `submitted` and `missed` close the
 * instance; the caller then creates the next one with `nextInstance` (the schedule in force at that
 * moment applies, so a schedule change takes effect from the next instance).
 *
 * Timing commands (open, mark due, mark grace ended) come from scheduled queue messages and the sweep.
 * Each names a target step; the decision walks every step from the current state up to the target, so:
 * - duplicated or replayed: the state is already at or past the target (or closed) → no events;
 * - reordered (grace end before due): the walk emits opened?, became late, missed in order, no step skipped;
 *   the late "due" message then finds the target passed → no events;
 * - lost: `catchUp(state, now)` (the sweep) emits every transition due by `now`; a submit also catches up
 *   first, so a lost "open" never blocks a patient;
 * - early (clock skew): rejected with CHECKIN.TOO_EARLY and retryAfterSeconds, no events.
 * Event `at` is the instant the step became true (opensAt, dueAt, graceEndsAt, or `now` for a submit or
 * review), not the processing time, so a late sweep records the same history a timely message would.
 *
 * Files: checkin-state.ts (the vocabulary), timing-path.ts (the timing steps, one table), decide-checkin.ts
 * (decide, catchUp, visibleState), evolve-checkin.ts (evolve, lifecycleOf), checkin-instances.ts (first and next
 * instance, timing messages, next transition).
 */
export * from './checkin-state.ts';
export * from './decide-checkin.ts';
export * from './evolve-checkin.ts';
export * from './checkin-instances.ts';
