import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ProtocolContent } from './content.ts';
import { diffContent, fieldChanges } from './diff.ts';

const parse = (x: unknown) => v.parse(ProtocolContent, x);
const meal = (over: Record<string, unknown> = {}) => ({ key: 'cafe', name: 'Café', time: '07:30', items: [{ food: 'Ovos', quantity: 2, unit: 'un' }], ...over });
const targets = { kcal: 2000, proteinG: 150, carbsG: 200, fatG: 60 };
const session = (over: Record<string, unknown> = {}) => ({ key: 'a', name: 'Treino A', weekdays: ['mon'], exercises: [{ name: 'Agachamento', sets: 4, reps: 10, loadKg: 60 }], ...over });
const creatine = (over: Record<string, unknown> = {}) => ({ key: 'creatina', name: 'Creatina', dose: 5, unit: 'g', times: ['08:00'], ...over });

describe('structured diff between two protocol versions', () => {
  it.each([
    {
      when: 'a meal moves from 07:30 to 08:00',
      from: { nutrition: { dailyTargets: targets, meals: [meal()] } },
      to: { nutrition: { dailyTargets: targets, meals: [meal({ time: '08:00' })] } },
      then: [{ component: 'nutrition', change: 'changed', fields: [], items: [{ key: 'cafe', name: 'Café', change: 'changed', fields: [{ field: 'time', from: '07:30', to: '08:00' }] }] }],
    },
    {
      when: 'a supplement dose goes from 5 to 10',
      from: { supplementation: { items: [creatine()] } },
      to: { supplementation: { items: [creatine({ dose: 10 })] } },
      then: [{ component: 'supplementation', change: 'changed', fields: [], items: [{ key: 'creatina', name: 'Creatina', change: 'changed', fields: [{ field: 'dose', from: 5, to: 10 }] }] }],
    },
    {
      when: 'the hydration goal changes',
      from: { hydration: { dailyGoalMl: 2000 } },
      to: { hydration: { dailyGoalMl: 3000 } },
      then: [{ component: 'hydration', change: 'changed', fields: [{ field: 'dailyGoalMl', from: 2000, to: 3000 }], items: [] }],
    },
    {
      when: 'the daily kcal target changes and a meal is added',
      from: { nutrition: { dailyTargets: targets, meals: [meal()] } },
      to: { nutrition: { dailyTargets: { ...targets, kcal: 1800 }, meals: [meal(), meal({ key: 'jantar', name: 'Jantar', time: '20:00', items: [] })] } },
      then: [{
        component: 'nutrition', change: 'changed', fields: [{ field: 'dailyTargets.kcal', from: 2000, to: 1800 }],
        items: [{ key: 'jantar', name: 'Jantar', change: 'added', fields: [{ field: 'name', from: null, to: 'Jantar' }, { field: 'time', from: null, to: '20:00' }, { field: 'items', from: null, to: [] }] }],
      }],
    },
    {
      when: 'an exercise load changes and a weekday is added',
      from: { training: { sessions: [session()] } },
      to: { training: { sessions: [session({ weekdays: ['mon', 'thu'], exercises: [{ name: 'Agachamento', sets: 4, reps: 10, loadKg: 70 }] })] } },
      then: [{ component: 'training', change: 'changed', fields: [], items: [{ key: 'a', name: 'Treino A', change: 'changed', fields: [
        { field: 'weekdays', from: ['mon'], to: ['mon', 'thu'] },
        { field: 'exercises[0].loadKg', from: 60, to: 70 },
      ] }] }],
    },
    {
      when: 'a supplement is removed and hydration is dropped',
      from: { supplementation: { items: [creatine(), creatine({ key: 'omega', name: 'Ômega 3', dose: 1, unit: 'capsule' })] }, hydration: { dailyGoalMl: 2000 } },
      to: { supplementation: { items: [creatine()] } },
      then: [
        { component: 'supplementation', change: 'changed', fields: [], items: [{ key: 'omega', name: 'Ômega 3', change: 'removed', fields: [
          { field: 'name', from: 'Ômega 3', to: null }, { field: 'dose', from: 1, to: null }, { field: 'unit', from: 'capsule', to: null }, { field: 'times', from: ['08:00'], to: null },
        ] }] },
        { component: 'hydration', change: 'removed', fields: [{ field: 'dailyGoalMl', from: 2000, to: null }], items: [] },
      ],
    },
    { when: 'nothing changes', from: { hydration: { dailyGoalMl: 2000 } }, to: { hydration: { dailyGoalMl: 2000 } }, then: [] },
  ])('when $when, then the diff says exactly that', ({ from, to, then }) => {
    expect(diffContent(parse(from), parse(to)).components).toEqual(then);
  });

  it('when an exercise is appended, then its fields appear under its position', () => {
    expect(fieldChanges({ exercises: [{ name: 'A', sets: 1 }] }, { exercises: [{ name: 'A', sets: 1 }, { name: 'B', sets: 2 }] }, '')).toEqual([
      { field: 'exercises[1].name', from: null, to: 'B' },
      { field: 'exercises[1].sets', from: null, to: 2 },
    ]);
  });
});
