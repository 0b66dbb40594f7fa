import * as v from 'valibot';
import { fieldMessage } from '../shared/field-problems.ts';
import { integer, singleLine, timeOfDay, token } from '../shared/schema-kit.ts';

/**
 * The content of a protocol version (seed §10.1): a bundle of typed components. Stored as the JSONB
 * snapshot of `protocol_versions.content`; daily tasks are derived from it (see planned-tasks.ts).
 * Every meal, session and supplement has a `key`, stable across versions, so regenerated tasks keep
 * their identity: the task key of a meal is `meal:<key>`, of a session `training:<key>`, of a supplement
 * intake `supplement:<key>@<HH:MM>`, of the hydration goal `hydration`.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const Key = token(/^[a-z0-9][a-z0-9-]{0,39}$/, 40, 'slug');
const Label = singleLine(120);
const Note = v.optional(singleLine(500, { min: 0 }));
const TimeOfDay = timeOfDay();
const Weekdays = v.pipe(
  v.array(v.picklist(WEEKDAYS)),
  v.minLength(1),
  v.maxLength(7),
  v.check((days) => new Set(days).size === days.length, fieldMessage('duplicate_values')),
);
const uniqueKeys = <T extends { key: string }>() =>
  v.check<T[], string>((items) => new Set(items.map((i) => i.key)).size === items.length, fieldMessage('duplicate_values'));

const positive = (max: number) => v.pipe(v.number(), v.finite(), v.gtValue(0), v.maxValue(max));
const nonNegativeInt = (max: number) => integer(0, max);

export const MealItem = v.strictObject({ food: Label, quantity: positive(100_000), unit: singleLine(20) });
export const Meal = v.strictObject({ key: Key, name: Label, time: TimeOfDay, items: v.pipe(v.array(MealItem), v.maxLength(50)), notes: Note });
export const Nutrition = v.strictObject({
  dailyTargets: v.strictObject({ kcal: nonNegativeInt(20_000), proteinG: nonNegativeInt(2_000), carbsG: nonNegativeInt(3_000), fatG: nonNegativeInt(1_000) }),
  meals: v.pipe(v.array(Meal), v.minLength(1), v.maxLength(12), uniqueKeys()),
});

export const Exercise = v.strictObject({
  name: Label,
  sets: integer(1, 50),
  reps: integer(1, 1000),
  loadKg: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1000))),
  restSeconds: v.optional(nonNegativeInt(3600)),
  notes: Note,
});
export const TrainingSession = v.strictObject({
  key: Key, name: Label, weekdays: Weekdays, time: v.optional(TimeOfDay),
  exercises: v.pipe(v.array(Exercise), v.minLength(1), v.maxLength(60)),
});
export const Training = v.strictObject({ sessions: v.pipe(v.array(TrainingSession), v.minLength(1), v.maxLength(14), uniqueKeys()) });

export const DOSE_UNITS = ['mg', 'g', 'mcg', 'ml', 'IU', 'capsule', 'tablet', 'scoop', 'drop'] as const;
export const Supplement = v.strictObject({
  key: Key, name: Label, dose: positive(100_000), unit: v.picklist(DOSE_UNITS),
  times: v.pipe(v.array(TimeOfDay), v.minLength(1), v.maxLength(12), v.check((t) => new Set(t).size === t.length, fieldMessage('duplicate_values'))),
  weekdays: v.optional(Weekdays),
  notes: Note,
});
export const Supplementation = v.strictObject({ items: v.pipe(v.array(Supplement), v.minLength(1), v.maxLength(30), uniqueKeys()) });

export const Hydration = v.strictObject({ dailyGoalMl: integer(250, 10_000) });

export const ProtocolContent = v.pipe(
  v.strictObject({ nutrition: v.optional(Nutrition), training: v.optional(Training), supplementation: v.optional(Supplementation), hydration: v.optional(Hydration) }),
  v.check((c) => Boolean(c.nutrition || c.training || c.supplementation || c.hydration), fieldMessage('protocol_needs_component')),
);
export type ProtocolContent = v.InferOutput<typeof ProtocolContent>;
