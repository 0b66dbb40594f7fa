import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { CheckinSchedule, graceEndsAt, instanceTimes, nextDueAt, occurrenceDate, opensAt } from './cadence.ts';
import { localTime, zonedInstant } from './zoned-time.ts';

const schedule = (over: Partial<CheckinSchedule> = {}): CheckinSchedule => ({
  cadence: 'weekly', everyDays: null, dueTime: '09:00', timezone: 'America/Sao_Paulo', graceHours: 48,
  anchorDate: '2026-03-02', formId: 'form-1', formVersion: 1, ...over,
});
const at = (iso: string) => new Date(iso);
/** The first `n` due instants from `from`, each strictly after the previous one. */
const dues = (s: CheckinSchedule, from: Date, n: number): string[] => {
  const out: string[] = [];
  let t = from;
  for (let i = 0; i < n; i += 1) {
    t = nextDueAt(s, t);
    out.push(t.toISOString());
  }
  return out;
};

describe('zonedInstant: local wall-clock time to an instant', () => {
  it.each([
    ['São Paulo (no DST since 2019), 09:00', '2026-01-15', '09:00', 'America/Sao_Paulo', '2026-01-15T12:00:00.000Z'],
    ['New York winter, 09:00 EST', '2026-01-15', '09:00', 'America/New_York', '2026-01-15T14:00:00.000Z'],
    ['New York summer, 09:00 EDT', '2026-07-15', '09:00', 'America/New_York', '2026-07-15T13:00:00.000Z'],
    ['New York spring-forward gap, 02:30 → 03:30 EDT', '2026-03-08', '02:30', 'America/New_York', '2026-03-08T07:30:00.000Z'],
    ['New York fall-back overlap, 01:30 → the earlier (EDT)', '2026-11-01', '01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['Lisbon spring-forward gap, 01:30 → 02:30 WEST', '2026-03-29', '01:30', 'Europe/Lisbon', '2026-03-29T01:30:00.000Z'],
    ['Lisbon fall-back overlap, 01:30 → the earlier (WEST)', '2026-10-25', '01:30', 'Europe/Lisbon', '2026-10-25T00:30:00.000Z'],
    ['Tokyo, midnight', '2026-01-01', '00:00', 'Asia/Tokyo', '2025-12-31T15:00:00.000Z'],
    ['Lord Howe (30-minute DST), 09:00', '2026-12-01', '09:00', 'Australia/Lord_Howe', '2026-11-30T22:00:00.000Z'],
  ])('when %s, then the instant is right', (_l, date, time, tz, expected) => {
    expect(zonedInstant(date, time, tz).toISOString()).toBe(expected);
  });

  it('when the input is not a date and time, then it is a bug (throws)', () => {
    expect(() => zonedInstant('2026-1-1', '09:00', 'UTC')).toThrow();
    expect(() => zonedInstant('2026-01-01', '24:00', 'UTC')).toThrow();
  });
});

describe('occurrenceDate: monthly keeps the anchor day, clamped to the month end', () => {
  it.each([
    ['Jan 31 in a common year', '2027-01-31', ['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31']],
    ['Jan 31 in a leap year', '2028-01-31', ['2028-01-31', '2028-02-29', '2028-03-31', '2028-04-30', '2028-05-31']],
    ['Jan 30', '2026-01-30', ['2026-01-30', '2026-02-28', '2026-03-30', '2026-04-30', '2026-05-30']],
    ['Feb 29 (anchor in a leap year)', '2028-02-29', ['2028-02-29', '2028-03-29', '2028-04-29', '2028-05-29', '2028-06-29']],
    ['Dec 31 across the year end', '2026-12-31', ['2026-12-31', '2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']],
  ])('when anchored on %s, then the due dates never drift', (_l, anchorDate, expected) => {
    const s = schedule({ cadence: 'monthly', anchorDate });
    expect([0, 1, 2, 3, 4].map((k) => occurrenceDate(s, k))).toEqual(expected);
  });

  it('when 13 months pass from Jan 31 2027, then Feb 2028 is the 29th', () => {
    expect(occurrenceDate(schedule({ cadence: 'monthly', anchorDate: '2027-01-31' }), 13)).toBe('2028-02-29');
  });
});

describe('nextDueAt', () => {
  it('when weekly from a Monday anchor, then every due is a Monday at 09:00 São Paulo', () => {
    expect(dues(schedule(), at('2026-02-01T00:00:00Z'), 3)).toEqual(['2026-03-02T12:00:00.000Z', '2026-03-09T12:00:00.000Z', '2026-03-16T12:00:00.000Z']);
  });

  it('when biweekly, then every other anchor weekday', () => {
    expect(dues(schedule({ cadence: 'biweekly' }), at('2026-03-02T12:00:00Z'), 2)).toEqual(['2026-03-16T12:00:00.000Z', '2026-03-30T12:00:00.000Z']);
  });

  it('when custom every 10 days, then anchor + 10k days', () => {
    expect(dues(schedule({ cadence: 'custom', everyDays: 10 }), at('2026-03-01T00:00:00Z'), 3)).toEqual(['2026-03-02T12:00:00.000Z', '2026-03-12T12:00:00.000Z', '2026-03-22T12:00:00.000Z']);
  });

  it('when custom every day, then each day at the due time', () => {
    expect(dues(schedule({ cadence: 'custom', everyDays: 1, graceHours: 2 }), at('2026-03-02T12:00:00Z'), 2)).toEqual(['2026-03-03T12:00:00.000Z', '2026-03-04T12:00:00.000Z']);
  });

  it('when monthly from Jan 31 2028 (leap year), then Feb 29 and Mar 31 follow', () => {
    expect(dues(schedule({ cadence: 'monthly', anchorDate: '2028-01-31' }), at('2028-01-01T00:00:00Z'), 3)).toEqual([
      '2028-01-31T12:00:00.000Z', '2028-02-29T12:00:00.000Z', '2028-03-31T12:00:00.000Z',
    ]);
  });

  it('when `after` is exactly a due instant, then the next one is returned (strictly after)', () => {
    expect(nextDueAt(schedule(), at('2026-03-09T12:00:00Z')).toISOString()).toBe('2026-03-16T12:00:00.000Z');
  });

  it('when `after` is a millisecond before a due instant, then that due instant is returned', () => {
    expect(nextDueAt(schedule(), at('2026-03-09T11:59:59.999Z')).toISOString()).toBe('2026-03-09T12:00:00.000Z');
  });

  it('when `after` is long past the anchor, then it jumps straight to the right occurrence', () => {
    expect(nextDueAt(schedule(), at('2031-06-18T00:00:00Z')).toISOString()).toBe('2031-06-23T12:00:00.000Z');
    expect(nextDueAt(schedule({ cadence: 'monthly', anchorDate: '2026-01-31' }), at('2031-02-28T12:00:01Z')).toISOString()).toBe('2031-03-31T12:00:00.000Z');
  });

  it('when it is already the due date in São Paulo but still the day before in UTC terms, then local dates decide', () => {
    // 2026-03-09 01:00 UTC is 2026-03-08 22:00 in São Paulo: the Monday 09:00 local due is still ahead.
    expect(nextDueAt(schedule(), at('2026-03-09T01:00:00Z')).toISOString()).toBe('2026-03-09T12:00:00.000Z');
  });

  it.each([
    ['Asia/Tokyo', '2026-03-02T00:00:00.000Z'],
    ['Pacific/Auckland', '2026-03-01T20:00:00.000Z'],
    ['America/Manaus', '2026-03-02T13:00:00.000Z'],
    ['America/Noronha', '2026-03-02T11:00:00.000Z'],
  ])('when the patient lives in %s, then 09:00 is that zone’s 09:00', (timezone, expected) => {
    expect(nextDueAt(schedule({ timezone }), at('2026-02-20T00:00:00Z')).toISOString()).toBe(expected);
  });
});

describe('nextDueAt across DST: the due time stays at local wall-clock time', () => {
  it('when weekly in New York across spring-forward, then 09:00 EST becomes 09:00 EDT (one hour earlier in UTC)', () => {
    const s = schedule({ timezone: 'America/New_York', anchorDate: '2026-03-01' });
    const got = dues(s, at('2026-02-28T00:00:00Z'), 2);
    expect(got).toEqual(['2026-03-01T14:00:00.000Z', '2026-03-08T13:00:00.000Z']);
    expect(got.map((d) => localTime(new Date(d), s.timezone))).toEqual(['09:00', '09:00']);
  });

  it('when weekly in New York across fall-back, then 09:00 EDT becomes 09:00 EST', () => {
    expect(dues(schedule({ timezone: 'America/New_York', anchorDate: '2026-10-25' }), at('2026-10-24T00:00:00Z'), 2)).toEqual([
      '2026-10-25T13:00:00.000Z', '2026-11-01T14:00:00.000Z',
    ]);
  });

  it('when weekly in Lisbon across both changes, then it is always 09:00 local', () => {
    const s = schedule({ timezone: 'Europe/Lisbon', anchorDate: '2026-03-22' });
    const spring = dues(s, at('2026-03-21T00:00:00Z'), 2);
    expect(spring).toEqual(['2026-03-22T09:00:00.000Z', '2026-03-29T08:00:00.000Z']);
    const autumn = dues(s, at('2026-10-20T00:00:00Z'), 2);
    expect(autumn).toEqual(['2026-10-25T09:00:00.000Z', '2026-11-01T09:00:00.000Z']);
    expect([...spring, ...autumn].map((d) => localTime(new Date(d), s.timezone))).toEqual(['09:00', '09:00', '09:00', '09:00']);
  });

  it('when the due time falls in the spring-forward gap, then that day it is due at the first existing minute after the gap', () => {
    const s = schedule({ timezone: 'America/New_York', anchorDate: '2026-03-01', dueTime: '02:30' });
    const got = dues(s, at('2026-02-28T00:00:00Z'), 3);
    expect(got.map((d) => localTime(new Date(d), s.timezone))).toEqual(['02:30', '03:30', '02:30']);
  });

  it('when the due time falls in the fall-back overlap, then the first of the two is used', () => {
    const s = schedule({ timezone: 'America/New_York', anchorDate: '2026-11-01', dueTime: '01:30' });
    expect(nextDueAt(s, at('2026-10-31T00:00:00Z')).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('when monthly in New York spans the DST change, then each due is 09:00 local', () => {
    const s = schedule({ cadence: 'monthly', timezone: 'America/New_York', anchorDate: '2026-01-31' });
    const got = dues(s, at('2026-01-01T00:00:00Z'), 4);
    expect(got).toEqual(['2026-01-31T14:00:00.000Z', '2026-02-28T14:00:00.000Z', '2026-03-31T13:00:00.000Z', '2026-04-30T13:00:00.000Z']);
  });
});

describe('the instance window: opensAt and graceEndsAt', () => {
  it('when nothing was open before, then it opens one local day before the due time', () => {
    const due = at('2026-03-09T12:00:00Z');
    expect(opensAt(schedule(), due).toISOString()).toBe('2026-03-08T12:00:00.000Z');
  });

  it('when the due day is the spring-forward day, then it opens at the same wall-clock time (23 real hours before)', () => {
    const s = schedule({ timezone: 'America/New_York' });
    const due = zonedInstant('2026-03-08', '09:00', s.timezone);
    const open = opensAt(s, due);
    expect(localTime(open, s.timezone)).toBe('09:00');
    expect((due.getTime() - open.getTime()) / 3_600_000).toBe(23);
  });

  it('when the previous instance closed later than one day before due, then it opens at that close', () => {
    const due = at('2026-03-09T12:00:00Z');
    expect(opensAt(schedule(), due, at('2026-03-08T20:00:00Z')).toISOString()).toBe('2026-03-08T20:00:00.000Z');
  });

  it('when the grace is 48 h, then the grace ends 48 elapsed hours after due, even across DST', () => {
    const s = schedule({ timezone: 'America/New_York', graceHours: 48 });
    const due = zonedInstant('2026-03-07', '09:00', s.timezone);
    expect(graceEndsAt(s, due).getTime() - due.getTime()).toBe(48 * 3_600_000);
    expect(localTime(graceEndsAt(s, due), s.timezone)).toBe('10:00');
  });

  it('when the grace is 0, then the grace ends at the due time', () => {
    const due = at('2026-03-09T12:00:00Z');
    expect(graceEndsAt(schedule({ graceHours: 0 }), due)).toEqual(due);
  });

  it('when a schedule starts (first instance), then it is due at the first occurrence after creation', () => {
    expect(instanceTimes(schedule(), null, at('2026-03-04T10:00:00Z'))).toEqual({
      opensAt: at('2026-03-08T12:00:00Z'), dueAt: at('2026-03-09T12:00:00Z'), graceEndsAt: at('2026-03-11T12:00:00Z'),
    });
  });

  it('when created inside the one-day window, then it opens at creation', () => {
    expect(instanceTimes(schedule(), null, at('2026-03-08T15:00:00Z')).opensAt).toEqual(at('2026-03-08T15:00:00Z'));
  });

  it('when the previous instance was submitted early, then the next is due one period after the previous due', () => {
    expect(instanceTimes(schedule(), at('2026-03-09T12:00:00Z'), at('2026-03-08T13:00:00Z')).dueAt).toEqual(at('2026-03-16T12:00:00Z'));
  });

  it('when occurrences passed while nothing was open (an outage), then they are skipped, not created already missed', () => {
    expect(instanceTimes(schedule(), at('2026-03-09T12:00:00Z'), at('2026-03-25T00:00:00Z')).dueAt).toEqual(at('2026-03-30T12:00:00Z'));
  });
});

describe('CheckinSchedule (valibot)', () => {
  const valid = (over: Record<string, unknown>) => v.safeParse(CheckinSchedule, { ...schedule(), ...over }).success;
  it.each([
    ['a weekly schedule', true, {}],
    ['custom every 90 days', true, { cadence: 'custom', everyDays: 90 }],
    ['custom without everyDays', false, { cadence: 'custom', everyDays: null }],
    ['custom every 91 days', false, { cadence: 'custom', everyDays: 91 }],
    ['custom every 0 days', false, { cadence: 'custom', everyDays: 0 }],
    ['weekly with everyDays', false, { everyDays: 7 }],
    ['a due time 24:00', false, { dueTime: '24:00' }],
    ['a due time 9:00', false, { dueTime: '9:00' }],
    ['an unknown time zone', false, { timezone: 'Mars/Olympus' }],
    ['grace 168 h on a weekly cadence (not shorter than the period)', false, { graceHours: 168 }],
    ['grace 168 h on a biweekly cadence', true, { cadence: 'biweekly', graceHours: 168 }],
    ['grace 169 h', false, { cadence: 'monthly', graceHours: 169 }],
    ['grace 24 h on a daily custom cadence', false, { cadence: 'custom', everyDays: 1, graceHours: 24 }],
    ['negative grace', false, { graceHours: -1 }],
    ['an impossible anchor date', false, { anchorDate: '2026-02-30' }],
    ['form version 0', false, { formVersion: 0 }],
    ['an unknown field', false, { extra: 1 }],
  ])('when %s, then valid = %s', (_l, expected, over) => expect(valid(over)).toBe(expected));
});
