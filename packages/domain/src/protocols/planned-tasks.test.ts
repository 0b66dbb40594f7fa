import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ProtocolContent } from './content.ts';
import { plannedTasksFor, weekdayOf } from './planned-tasks.ts';

const content = v.parse(ProtocolContent, {
  nutrition: { dailyTargets: { kcal: 2000, proteinG: 150, carbsG: 200, fatG: 60 }, meals: [
    { key: 'cafe', name: 'Café da manhã', time: '07:30', items: [{ food: 'Ovos', quantity: 2, unit: 'un' }] },
    { key: 'almoco', name: 'Almoço', time: '12:30', items: [] },
  ] },
  training: { sessions: [{ key: 'a', name: 'Treino A', weekdays: ['mon', 'thu'], time: '18:00', exercises: [{ name: 'Agachamento', sets: 4, reps: 10, loadKg: 60 }] }] },
  supplementation: { items: [{ key: 'creatina', name: 'Creatina', dose: 5, unit: 'g', times: ['08:00', '20:00'], weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] }] },
  hydration: { dailyGoalMl: 2500 },
});

describe('planned tasks of a protocol version', () => {
  it('when the date is 2026-11-30, then it is a Monday; 2026-11-29 a Sunday', () => {
    expect(weekdayOf('2026-11-30')).toBe('mon');
    expect(weekdayOf('2026-11-29')).toBe('sun');
    expect(weekdayOf('2028-02-29')).toBe('tue');
  });

  it('when a Monday, then every meal, the Monday session, each supplement time and hydration, in time order', () => {
    expect(plannedTasksFor(content, '2026-11-30').map((t) => t.taskKey)).toEqual([
      'meal:cafe', 'supplement:creatina@08:00', 'meal:almoco', 'training:a', 'supplement:creatina@20:00', 'hydration',
    ]);
  });

  it('when a Sunday, then no session and no weekday-only supplement', () => {
    const sunday = plannedTasksFor(content, '2026-11-29');
    expect(sunday.map((t) => t.kind)).toEqual(['meal', 'meal', 'hydration']);
    expect(sunday.at(-1)).toMatchObject({ targetMl: 2500, scheduledTime: null });
  });
});

describe('protocol content validation', () => {
  const invalid = (input: unknown) => !v.safeParse(ProtocolContent, input).success;
  it('when the bundle is empty, then rejected', () => expect(invalid({})).toBe(true));
  it('when a dose is negative or zero, then rejected', () =>
    expect(invalid({ supplementation: { items: [{ key: 'x', name: 'X', dose: -1, unit: 'mg', times: ['08:00'] }] } })).toBe(true));
  it('when a weekday is unknown, then rejected', () =>
    expect(invalid({ training: { sessions: [{ key: 'a', name: 'A', weekdays: ['funday'], exercises: [{ name: 'x', sets: 1, reps: 1 }] }] } })).toBe(true));
  it('when a time is 24:00, then rejected', () =>
    expect(invalid({ nutrition: { dailyTargets: { kcal: 1, proteinG: 1, carbsG: 1, fatG: 1 }, meals: [{ key: 'a', name: 'A', time: '24:00', items: [] }] } })).toBe(true));
  it('when two meals share a key, then rejected', () =>
    expect(invalid({ nutrition: { dailyTargets: { kcal: 1, proteinG: 1, carbsG: 1, fatG: 1 }, meals: [
      { key: 'a', name: 'A', time: '08:00', items: [] }, { key: 'a', name: 'B', time: '09:00', items: [] }] } })).toBe(true));
  it('when only hydration is given, then valid', () => expect(invalid({ hydration: { dailyGoalMl: 2000 } })).toBe(false));
});
