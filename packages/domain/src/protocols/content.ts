import * as v from 'valibot';

/**
 * The content of a protocol version (seed §10.1): a bundle of typed components. Stored as the JSONB
 * snapshot of `protocol_versions.content`; daily tasks are derived from it (see planned-tasks.ts).
 * Every meal, session and supplement has a `key`, stable across versions, so regenerated tasks keep
 * their identity: the task key of a meal is `meal:<key>`, of a session `training:<key>`, of a supplement
 * intake `supplement:<key>@<HH:MM>`, of the hydration goal `hydration`.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const Key = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1–40 lowercase letters, digits or dashes'));
const Label = v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(120));
const Note = v.optional(v.pipe(v.string(), v.trim(), v.maxLength(500)));
const TimeOfDay = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM (00:00–23:59)'));
const Weekdays = v.pipe(
  v.array(v.picklist(WEEKDAYS, 'must be one of mon, tue, wed, thu, fri, sat, sun')),
  v.minLength(1, 'needs at least one weekday'),
  v.check((days) => new Set(days).size === days.length, 'weekdays must not repeat'),
);
const uniqueKeys = <T extends { key: string }>(label: string) =>
  v.check<T[], string>((items) => new Set(items.map((i) => i.key)).size === items.length, `${label} keys must be unique`);

const positive = (max: number) => v.pipe(v.number(), v.finite(), v.gtValue(0, 'must be greater than zero'), v.maxValue(max));
const nonNegativeInt = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(0, 'must not be negative'), v.maxValue(max));

export const MealItem = v.strictObject({ food: Label, quantity: positive(100_000), unit: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(20)) });
export const Meal = v.strictObject({ key: Key, name: Label, time: TimeOfDay, items: v.pipe(v.array(MealItem), v.maxLength(50)), notes: Note });
export const Nutrition = v.strictObject({
  dailyTargets: v.strictObject({ kcal: nonNegativeInt(20_000), proteinG: nonNegativeInt(2_000), carbsG: nonNegativeInt(3_000), fatG: nonNegativeInt(1_000) }),
  meals: v.pipe(v.array(Meal), v.minLength(1, 'needs at least one meal'), v.maxLength(12), uniqueKeys('meal')),
});

export const Exercise = v.strictObject({
  name: Label,
  sets: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)),
  reps: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000)),
  loadKg: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0, 'must not be negative'), v.maxValue(1000))),
  restSeconds: v.optional(nonNegativeInt(3600)),
  notes: Note,
});
export const TrainingSession = v.strictObject({
  key: Key, name: Label, weekdays: Weekdays, time: v.optional(TimeOfDay),
  exercises: v.pipe(v.array(Exercise), v.minLength(1, 'needs at least one exercise'), v.maxLength(60)),
});
export const Training = v.strictObject({ sessions: v.pipe(v.array(TrainingSession), v.minLength(1, 'needs at least one session'), v.maxLength(14), uniqueKeys('session')) });

export const DOSE_UNITS = ['mg', 'g', 'mcg', 'ml', 'IU', 'capsule', 'tablet', 'scoop', 'drop'] as const;
export const Supplement = v.strictObject({
  key: Key, name: Label, dose: positive(100_000), unit: v.picklist(DOSE_UNITS, `must be one of ${DOSE_UNITS.join(', ')}`),
  times: v.pipe(v.array(TimeOfDay), v.minLength(1, 'needs at least one time of day'), v.maxLength(12), v.check((t) => new Set(t).size === t.length, 'times must not repeat')),
  weekdays: v.optional(Weekdays),
  notes: Note,
});
export const Supplementation = v.strictObject({ items: v.pipe(v.array(Supplement), v.minLength(1, 'needs at least one item'), v.maxLength(30), uniqueKeys('supplement')) });

export const Hydration = v.strictObject({ dailyGoalMl: v.pipe(v.number(), v.integer(), v.minValue(250), v.maxValue(10_000)) });

export const ProtocolContent = v.pipe(
  v.strictObject({ nutrition: v.optional(Nutrition), training: v.optional(Training), supplementation: v.optional(Supplementation), hydration: v.optional(Hydration) }),
  v.check((c) => Boolean(c.nutrition || c.training || c.supplementation || c.hydration), 'a protocol needs at least one component'),
);
export type ProtocolContent = v.InferOutput<typeof ProtocolContent>;
