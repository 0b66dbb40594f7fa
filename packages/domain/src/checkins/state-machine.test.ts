import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import type { CheckinSchedule } from './cadence.ts';
import { FormSchema, validateResponses, type ValidAnswers } from './form-schema.ts';
import {
  catchUp, closesInstance, decide, evolve, evolveAll, firstInstance, nextInstance, nextTransitionAt, timeToReviewMs, timingMessages,
  type CheckinCommand, type CheckinEvent, type CheckinState, type CheckinStatus,
} from './state-machine.ts';

const at = (iso: string) => new Date(iso);
const OPENS = at('2026-03-08T12:00:00Z');
const DUE = at('2026-03-09T12:00:00Z');
const GRACE_END = at('2026-03-11T12:00:00Z');
const before = (d: Date, ms = 1) => new Date(d.getTime() - ms);
const after = (d: Date, ms = 1) => new Date(d.getTime() + ms);
const hours = (n: number) => n * 3_600_000;

const form = v.parse(FormSchema, { questions: [{ id: 'weight', label: 'Peso', required: true, type: 'number', unit: 'kg' }] });
const valid = validateResponses(form, { weight: 71 });
if (!valid.ok) throw new Error('fixture');
const answers: ValidAnswers = valid.answers;

const scheduled: CheckinState = {
  status: 'scheduled', checkinId: 'c1', patientId: 'pat', formId: 'f1', formVersion: 3, opensAt: OPENS, dueAt: DUE, graceEndsAt: GRACE_END,
};
const ev = {
  opened: { type: 'checkin_opened', checkinId: 'c1', at: OPENS },
  late: { type: 'checkin_became_late', checkinId: 'c1', at: DUE },
  missed: { type: 'checkin_missed', checkinId: 'c1', at: GRACE_END },
  submittedOnTime: { type: 'checkin_submitted', checkinId: 'c1', at: before(DUE, hours(2)), late: false, formVersion: 3, answers },
  submittedLate: { type: 'checkin_submitted', checkinId: 'c1', at: after(DUE, hours(5)), late: true, formVersion: 3, answers },
  reviewed: { type: 'checkin_reviewed', checkinId: 'c1', at: after(DUE, hours(22)), reviewerId: 'pro', notes: 'Ótimo', timeToReviewMs: hours(24) },
} satisfies Record<string, CheckinEvent>;

/** A check-in that reached `status` through its normal path. */
const given = (status: CheckinStatus): CheckinState => {
  const path: Record<CheckinStatus, CheckinEvent[]> = {
    scheduled: [],
    pending: [ev.opened],
    late: [ev.opened, ev.late],
    missed: [ev.opened, ev.late, ev.missed],
    submitted: [ev.opened, ev.submittedOnTime],
    reviewed: [ev.opened, ev.submittedOnTime, ev.reviewed],
  };
  return evolveAll(scheduled, path[status]);
};

const open: CheckinCommand = { type: 'open' };
const markDue: CheckinCommand = { type: 'mark_due' };
const markGraceEnded: CheckinCommand = { type: 'mark_grace_ended' };
const submit: CheckinCommand = { type: 'submit', formVersion: 3, answers };
const review: CheckinCommand = { type: 'review', reviewerId: 'pro', notes: '  Bom progresso  ' };

const events = (command: CheckinCommand, state: CheckinState, now: Date) => {
  const r = decide(command, state, now);
  if (!r.ok) throw new Error(`rejected: ${r.error.code}`);
  return r.value;
};
const rejection = (command: CheckinCommand, state: CheckinState, now: Date) => {
  const r = decide(command, state, now);
  return r.ok ? null : r.error.code;
};
const types = (es: CheckinEvent[]) => es.map((e) => e.type);

describe('check-in transitions (given a state, when a command, then events)', () => {
  it.each([
    ['scheduled', open, OPENS, ['checkin_opened']],
    ['pending', markDue, DUE, ['checkin_became_late']],
    ['late', markGraceEnded, GRACE_END, ['checkin_missed']],
    ['pending', submit, before(DUE), ['checkin_submitted']],
    ['late', submit, before(GRACE_END), ['checkin_submitted']],
    ['submitted', review, after(DUE, hours(30)), ['checkin_reviewed']],
  ] as const)('when %s receives %o at its instant, then %o', (status, command, now, expected) => {
    expect(types(events(command, given(status), now))).toEqual(expected);
  });

  it('when a check-in opens, then the event carries the scheduled open instant and evolve makes it pending', () => {
    const es = events(open, scheduled, after(OPENS, 5000));
    expect(es).toEqual([ev.opened]);
    expect(evolveAll(scheduled, es)).toMatchObject({ status: 'pending', openedAt: OPENS });
  });

  it('when the due time passes, then it becomes late at the due instant', () => {
    expect(evolveAll(given('pending'), events(markDue, given('pending'), DUE))).toMatchObject({ status: 'late', lateAt: DUE });
  });

  it('when the grace ends, then it is missed at the grace end', () => {
    expect(evolveAll(given('late'), events(markGraceEnded, given('late'), GRACE_END))).toMatchObject({ status: 'missed', missedAt: GRACE_END });
  });

  it('when the patient submits a millisecond before the due time, then it is on time', () => {
    const now = before(DUE);
    const es = events(submit, given('pending'), now);
    expect(es).toEqual([{ type: 'checkin_submitted', checkinId: 'c1', at: now, late: false, formVersion: 3, answers }]);
    expect(evolveAll(given('pending'), es)).toMatchObject({ status: 'submitted', submittedAt: now, submittedLate: false, lateAt: null, answers });
  });

  it('when the patient submits while late, then it is recorded as late', () => {
    const now = after(DUE, hours(5));
    const state = evolveAll(given('late'), events(submit, given('late'), now));
    expect(state).toMatchObject({ status: 'submitted', submittedLate: true, lateAt: DUE, submittedAt: now });
  });

  it('when the professional reviews, then notes are trimmed and time-to-review is measured from submission', () => {
    const submitted = evolveAll(given('late'), [ev.submittedLate]);
    const now = after(ev.submittedLate.at, hours(26));
    const es = events(review, submitted, now);
    expect(es).toEqual([{ type: 'checkin_reviewed', checkinId: 'c1', at: now, reviewerId: 'pro', notes: 'Bom progresso', timeToReviewMs: hours(26) }]);
    const reviewed = evolveAll(submitted, es);
    expect(reviewed).toMatchObject({ status: 'reviewed', reviewedAt: now, reviewerId: 'pro', reviewNotes: 'Bom progresso', submittedLate: true });
    expect(timeToReviewMs(reviewed, after(now, hours(100)))).toBe(hours(26));
  });

  it('when the professional reviews with blank notes, then the notes are null', () => {
    const es = events({ type: 'review', reviewerId: 'pro', notes: '   ' }, given('submitted'), after(DUE));
    expect(es[0]).toMatchObject({ notes: null });
  });

  it('when a submitted check-in is not reviewed yet, then time-to-review is the wait so far; before submission it is null', () => {
    expect(timeToReviewMs(given('submitted'), after(ev.submittedOnTime.at, hours(3)))).toBe(hours(3));
    expect(timeToReviewMs(given('late'), GRACE_END)).toBeNull();
  });
});

describe('check-in rejections', () => {
  it.each([
    ['scheduled', 'submit before it opens', submit, before(OPENS), 'CHECKIN.NOT_OPEN'],
    ['submitted', 'submit again', submit, before(DUE), 'CHECKIN.ALREADY_SUBMITTED'],
    ['reviewed', 'submit after review', submit, before(DUE), 'CHECKIN.ALREADY_SUBMITTED'],
    ['missed', 'submit after the grace', submit, after(GRACE_END), 'CHECKIN.MISSED'],
    ['late', 'submit exactly at grace end', submit, GRACE_END, 'CHECKIN.MISSED'],
    ['scheduled', 'review', review, after(DUE), 'CHECKIN.NOT_SUBMITTED'],
    ['pending', 'review', review, after(DUE), 'CHECKIN.NOT_SUBMITTED'],
    ['late', 'review', review, after(DUE), 'CHECKIN.NOT_SUBMITTED'],
    ['missed', 'review', review, after(GRACE_END), 'CHECKIN.NOT_SUBMITTED'],
    ['reviewed', 'review again', review, after(GRACE_END), 'CHECKIN.ALREADY_REVIEWED'],
    ['scheduled', 'open early', open, before(OPENS), 'CHECKIN.TOO_EARLY'],
    ['pending', 'mark due early', markDue, before(DUE), 'CHECKIN.TOO_EARLY'],
    ['late', 'mark grace ended early', markGraceEnded, before(GRACE_END), 'CHECKIN.TOO_EARLY'],
    ['scheduled', 'mark due before the due time', markDue, after(OPENS), 'CHECKIN.TOO_EARLY'],
  ] as const)('when %s and the command is %s, then %s', (status, _l, command, now, code) => {
    expect(rejection(command, given(status), now)).toBe(code);
  });

  it('when the answers are for another form version, then it is refused', () => {
    expect(rejection({ ...submit, formVersion: 4 }, given('pending'), before(DUE))).toBe('CHECKIN.FORM_VERSION_MISMATCH');
  });

  it('when a timing command is early, then the rejection says when to retry', () => {
    const r = decide(markDue, given('pending'), before(DUE, 90_500));
    expect(r).toMatchObject({ ok: false, error: { code: 'CHECKIN.TOO_EARLY', retryAfterSeconds: 91 } });
  });

  it.each([
    ['opened', 'pending', ev.opened],
    ['became late', 'scheduled', ev.late],
    ['missed', 'pending', ev.missed],
    ['submitted', 'missed', ev.submittedOnTime],
    ['reviewed', 'late', ev.reviewed],
  ] as const)('when an event "%s" is applied to a %s check-in, then evolve throws (a bug, not a decision)', (_l, status, event) => {
    expect(() => evolve(given(status), event)).toThrow(/does not apply/);
  });
});

describe('message faults', () => {
  describe('duplicated', () => {
    it.each([
      ['open', open, 'pending', after(OPENS)],
      ['mark due', markDue, 'late', after(DUE)],
      ['mark grace ended', markGraceEnded, 'missed', after(GRACE_END)],
    ] as const)('when "%s" is delivered twice, then the second delivery is a no-op', (_l, command, _status, now) => {
      const first = events(command, scheduled, now);
      const state = evolveAll(scheduled, first);
      expect(events(command, state, now)).toEqual([]);
    });
  });

  describe('replayed (an old message re-delivered later, e.g. from the dead-letter queue)', () => {
    it.each([
      ['open', open, 'submitted'],
      ['open', open, 'reviewed'],
      ['open', open, 'missed'],
      ['mark due', markDue, 'submitted'],
      ['mark due', markDue, 'reviewed'],
      ['mark due', markDue, 'missed'],
      ['mark grace ended', markGraceEnded, 'submitted'],
      ['mark grace ended', markGraceEnded, 'reviewed'],
      ['mark grace ended', markGraceEnded, 'missed'],
    ] as const)('when "%s" is replayed on a %s check-in days later, then no events', (_l, command, status) => {
      expect(events(command, given(status), after(GRACE_END, hours(24 * 30)))).toEqual([]);
    });

    it('when "mark due" is replayed on a check-in submitted on time before the due, then it stays on time (no late event)', () => {
      const submitted = evolveAll(given('pending'), events(submit, given('pending'), before(DUE)));
      expect(events(markDue, submitted, after(DUE))).toEqual([]);
      expect(submitted).toMatchObject({ submittedLate: false });
    });
  });

  describe('reordered', () => {
    it('when "grace ended" arrives before "due", then pending → late → missed in one decision, and the late "due" is a no-op', () => {
      const es = events(markGraceEnded, given('pending'), after(GRACE_END));
      expect(es).toEqual([ev.late, ev.missed]);
      const state = evolveAll(given('pending'), es);
      expect(state).toMatchObject({ status: 'missed', lateAt: DUE, missedAt: GRACE_END });
      expect(events(markDue, state, after(GRACE_END))).toEqual([]);
    });

    it('when "grace ended" arrives first on a check-in that never opened, then opened, late and missed are all emitted in order', () => {
      expect(events(markGraceEnded, scheduled, after(GRACE_END))).toEqual([ev.opened, ev.late, ev.missed]);
    });

    it('when "due" arrives before "open", then opened and late are emitted, and the late "open" is a no-op', () => {
      const es = events(markDue, scheduled, after(DUE));
      expect(es).toEqual([ev.opened, ev.late]);
      expect(events(open, evolveAll(scheduled, es), after(DUE))).toEqual([]);
    });

    it('when "grace ended" arrives before "due" but is itself early, then nothing changes (too early)', () => {
      expect(rejection(markGraceEnded, given('pending'), after(DUE))).toBe('CHECKIN.TOO_EARLY');
    });

    it('when "mark due" is processed after the grace end (delayed), then it goes only up to late; missed waits for its own message or the sweep', () => {
      expect(events(markDue, given('pending'), after(GRACE_END))).toEqual([ev.late]);
    });
  });

  describe('lost (the sweep calls catchUp)', () => {
    it.each([
      ['nothing is due yet', 'scheduled', before(OPENS), []],
      ['the open message was lost', 'scheduled', after(OPENS), [ev.opened]],
      ['the open and due messages were lost', 'scheduled', after(DUE), [ev.opened, ev.late]],
      ['every message was lost', 'scheduled', after(GRACE_END), [ev.opened, ev.late, ev.missed]],
      ['the due message was lost', 'pending', after(DUE), [ev.late]],
      ['the due and grace-end messages were lost', 'pending', after(GRACE_END), [ev.late, ev.missed]],
      ['the grace-end message was lost', 'late', GRACE_END, [ev.missed]],
      ['the check-in is missed already', 'missed', after(GRACE_END), []],
      ['the check-in was submitted', 'submitted', after(GRACE_END), []],
      ['the check-in was reviewed', 'reviewed', after(GRACE_END), []],
    ] as const)('when %s, then the sweep emits exactly the steps due', (_l, status, now, expected) => {
      expect(catchUp(given(status), now)).toEqual(expected);
    });

    it('when the sweep runs twice, then the second run emits nothing', () => {
      const first = catchUp(scheduled, after(GRACE_END));
      expect(catchUp(evolveAll(scheduled, first), after(GRACE_END))).toEqual([]);
    });

    it('when the open message was lost and the patient submits, then the submit records the open first and is accepted', () => {
      const now = after(OPENS, hours(3));
      expect(events(submit, scheduled, now)).toEqual([ev.opened, { type: 'checkin_submitted', checkinId: 'c1', at: now, late: false, formVersion: 3, answers }]);
    });

    it('when the due message was lost and the patient submits after the due time, then the submission is late and the late step is recorded', () => {
      const now = after(DUE, hours(1));
      const es = events(submit, given('pending'), now);
      expect(types(es)).toEqual(['checkin_became_late', 'checkin_submitted']);
      expect(es[1]).toMatchObject({ late: true });
    });

    it('when the grace-end message was lost and the patient submits after the grace, then it is refused as missed (the sweep records the miss)', () => {
      expect(rejection(submit, given('pending'), after(GRACE_END))).toBe('CHECKIN.MISSED');
    });
  });
});

describe('closing and the next instance', () => {
  const schedule: CheckinSchedule = {
    cadence: 'weekly', everyDays: null, dueTime: '09:00', timezone: 'America/Sao_Paulo', graceHours: 48, anchorDate: '2026-03-02', formId: 'f1', formVersion: 3,
  };

  it.each([
    ['checkin_opened', false], ['checkin_became_late', false], ['checkin_missed', true], ['checkin_submitted', true], ['checkin_reviewed', false],
  ] as const)('when the event is %s, then it closes the instance = %s', (type, expected) => {
    const event = Object.values(ev).find((e) => e.type === type);
    if (!event) throw new Error('fixture');
    expect(closesInstance(event)).toBe(expected);
  });

  it('when a schedule starts, then the first instance is scheduled with its form version and times', () => {
    expect(firstInstance({ checkinId: 'c0', patientId: 'pat', schedule, now: at('2026-03-04T10:00:00Z') })).toEqual({
      status: 'scheduled', checkinId: 'c0', patientId: 'pat', formId: 'f1', formVersion: 3,
      opensAt: at('2026-03-08T12:00:00Z'), dueAt: at('2026-03-09T12:00:00Z'), graceEndsAt: at('2026-03-11T12:00:00Z'),
    });
  });

  it('when the check-in is submitted early, then the next is due a week after this one and opens one day before', () => {
    const now = before(DUE, hours(2));
    const closed = evolveAll(given('pending'), events(submit, given('pending'), now));
    expect(nextInstance({ closed, checkinId: 'c2', schedule, now })).toMatchObject({
      status: 'scheduled', checkinId: 'c2', opensAt: at('2026-03-15T12:00:00Z'), dueAt: at('2026-03-16T12:00:00Z'), graceEndsAt: at('2026-03-18T12:00:00Z'),
    });
  });

  it('when the check-in is missed, then the next instance never opens before the miss', () => {
    const closed = given('missed');
    const everyThreeDays = { ...schedule, cadence: 'custom' as const, everyDays: 3, graceHours: 48, anchorDate: '2026-03-09' };
    const sweptAt = after(GRACE_END, hours(3));
    const next = nextInstance({ closed, checkinId: 'c2', schedule: everyThreeDays, now: sweptAt });
    // Due 03-12 09:00 local; one day before (03-11 12:00Z) is before the miss was recorded, so it opens then.
    expect(next).toMatchObject({ dueAt: at('2026-03-12T12:00:00Z'), opensAt: sweptAt });
  });

  it('when the schedule changed meanwhile to a later time of day, then the next instance follows it from the next period, not twice on the closed one’s day', () => {
    const changed = { ...schedule, dueTime: '20:00', formVersion: 4 };
    const next = nextInstance({ closed: given('submitted'), checkinId: 'c2', schedule: changed, now: before(DUE) });
    // The closed one was due Mon 03-09 09:00 local; 20:00 that same Monday is skipped.
    expect(next).toMatchObject({ formVersion: 4, dueAt: at('2026-03-16T23:00:00Z') });
  });

  it('when asked for the next instance of an open check-in, then it is a bug (throws)', () => {
    expect(() => nextInstance({ closed: given('late'), checkinId: 'c2', schedule, now: DUE })).toThrow(/not closed/);
  });

  it.each([
    ['scheduled', OPENS], ['pending', DUE], ['late', GRACE_END], ['missed', null], ['submitted', null], ['reviewed', null],
  ] as const)('when %s, then the sweep next looks at %s', (status, expected) => {
    expect(nextTransitionAt(given(status))).toEqual(expected);
  });

  it('when the timing messages are planned, then they have deterministic ids and the instance’s instants', () => {
    expect(timingMessages(scheduled)).toEqual([
      { messageId: 'checkin:c1:open', command: { type: 'open' }, deliverAt: OPENS },
      { messageId: 'checkin:c1:mark_due', command: { type: 'mark_due' }, deliverAt: DUE },
      { messageId: 'checkin:c1:mark_grace_ended', command: { type: 'mark_grace_ended' }, deliverAt: GRACE_END },
    ]);
  });
});

describe('a whole life, driven by messages in any order and the sweep', () => {
  it('when every delivery of every message arrives shuffled and duplicated, then the history is always opened, late, missed', () => {
    const deliveries: [CheckinCommand, Date][] = [
      [markGraceEnded, after(GRACE_END)], [open, after(GRACE_END)], [markDue, after(GRACE_END)], [markGraceEnded, after(GRACE_END, 10)], [open, after(GRACE_END, 20)],
    ];
    let state: CheckinState = scheduled;
    const history: CheckinEvent[] = [];
    for (const [command, now] of deliveries) {
      const es = events(command, state, now);
      history.push(...es);
      state = evolveAll(state, es);
    }
    expect(history).toEqual([ev.opened, ev.late, ev.missed]);
  });
});
