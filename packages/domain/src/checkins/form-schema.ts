import * as v from 'valibot';

/**
 * The schema of a check-in form version (seed §10.2): an ordered list of questions, each with a stable
 * `id` (the key of its answer, kept across versions so answers can be compared over time), a label and a
 * required flag. A form template is versioned: a check-in instance is bound to one version, its responses
 * are validated against that version's schema and stored with it, so later schema changes never touch
 * (or invalidate) old responses.
 *
 * Answers, by question type (the JSON a client sends):
 *   number → a finite number within [min, max] | scale → an integer 1..max | single_choice → an option key |
 *   multiple_choice → distinct option keys | yes_no → boolean | short_text, long_text → a string within
 *   maxLength (trimmed; blank counts as unanswered) | photo → an upload reference id.
 * An optional question may be omitted or null.
 */
export const QUESTION_TYPES = ['number', 'scale', 'single_choice', 'multiple_choice', 'yes_no', 'short_text', 'long_text', 'photo'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const SHORT_TEXT_MAX = 500;
export const LONG_TEXT_MAX = 5000;

const Key = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1–40 lowercase letters, digits, dashes or underscores'));
const Label = v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(200));
const ShortLabel = v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(80));
const Finite = v.pipe(v.number(), v.finite());
const base = { id: Key, label: Label, required: v.boolean() };

const Option = v.strictObject({ key: Key, label: ShortLabel });
const Options = v.pipe(
  v.array(Option),
  v.minLength(2, 'needs at least two options'),
  v.maxLength(30),
  v.check((o) => new Set(o.map((x) => x.key)).size === o.length, 'option keys must be unique'),
);

export const NumberQuestion = v.pipe(
  v.strictObject({ ...base, type: v.literal('number'), unit: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(20))), min: v.optional(Finite), max: v.optional(Finite) }),
  v.check((q) => q.min === undefined || q.max === undefined || q.min <= q.max, 'min must not exceed max'),
);
/** A scale 1..max; `labels`, when given, names every point (labels[0] is point 1). */
export const ScaleQuestion = v.pipe(
  v.strictObject({ ...base, type: v.literal('scale'), max: v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(10)), labels: v.optional(v.array(ShortLabel)) }),
  v.check((q) => q.labels === undefined || q.labels.length === q.max, 'labels must name every point of the scale'),
);
export const SingleChoiceQuestion = v.strictObject({ ...base, type: v.literal('single_choice'), options: Options });
export const MultipleChoiceQuestion = v.strictObject({ ...base, type: v.literal('multiple_choice'), options: Options });
export const YesNoQuestion = v.strictObject({ ...base, type: v.literal('yes_no') });
export const ShortTextQuestion = v.strictObject({ ...base, type: v.literal('short_text'), maxLength: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(SHORT_TEXT_MAX)) });
export const LongTextQuestion = v.strictObject({ ...base, type: v.literal('long_text'), maxLength: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LONG_TEXT_MAX))) });
export const PhotoQuestion = v.strictObject({ ...base, type: v.literal('photo') });

export const Question = v.variant('type', [
  NumberQuestion, ScaleQuestion, SingleChoiceQuestion, MultipleChoiceQuestion, YesNoQuestion, ShortTextQuestion, LongTextQuestion, PhotoQuestion,
]);
export type Question = v.InferOutput<typeof Question>;

export const FormSchema = v.strictObject({
  questions: v.pipe(
    v.array(Question),
    v.minLength(1, 'needs at least one question'),
    v.maxLength(50),
    v.check((qs) => new Set(qs.map((q) => q.id)).size === qs.length, 'question ids must be unique'),
  ),
});
export type FormSchema = v.InferOutput<typeof FormSchema>;

/** An upload reference (uploads arrive in a later issue): an opaque id, e.g. a UUID. */
const UPLOAD_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{7,63}$/;

export type Answer = number | boolean | string | readonly string[];

declare const validated: unique symbol;
/** Answers that passed `validateResponses` for one form version: normalized, only known questions. */
export type ValidAnswers = Readonly<Record<string, Answer>> & { readonly [validated]: true };

export const RESPONSE_PROBLEMS = ['unknown_question', 'required_missing', 'wrong_type', 'out_of_range', 'too_long', 'unknown_option', 'duplicate_option'] as const;
export type ResponseProblemKind = (typeof RESPONSE_PROBLEMS)[number];
export interface ResponseProblem { questionId: string; problem: ResponseProblemKind; detail: string }

export type ResponsesValidation = { ok: true; answers: ValidAnswers } | { ok: false; problems: ResponseProblem[] };

type Check = { answer: Answer } | { problem: ResponseProblemKind; detail: string };
const bad = (problem: ResponseProblemKind, detail: string): Check => ({ problem, detail });

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

function checkAnswer(q: Question, value: unknown): Check {
  switch (q.type) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad('wrong_type', 'must be a number');
      if ((q.min !== undefined && value < q.min) || (q.max !== undefined && value > q.max)) {
        return bad('out_of_range', `must be between ${q.min ?? '−∞'} and ${q.max ?? '∞'}${q.unit ? ` ${q.unit}` : ''}`);
      }
      return { answer: value };
    }
    case 'scale':
      if (typeof value !== 'number' || !Number.isInteger(value)) return bad('wrong_type', 'must be a whole number');
      if (value < 1 || value > q.max) return bad('out_of_range', `must be between 1 and ${q.max}`);
      return { answer: value };
    case 'single_choice':
      if (typeof value !== 'string') return bad('wrong_type', 'must be an option key');
      if (!q.options.some((o) => o.key === value)) return bad('unknown_option', `"${value}" is not an option`);
      return { answer: value };
    case 'multiple_choice': {
      if (!Array.isArray(value) || !value.every((x): x is string => typeof x === 'string')) return bad('wrong_type', 'must be a list of option keys');
      const unknown = value.find((x) => !q.options.some((o) => o.key === x));
      if (unknown !== undefined) return bad('unknown_option', `"${unknown}" is not an option`);
      if (new Set(value).size !== value.length) return bad('duplicate_option', 'an option is chosen twice');
      return { answer: [...value] };
    }
    case 'yes_no':
      return typeof value === 'boolean' ? { answer: value } : bad('wrong_type', 'must be true or false');
    case 'short_text':
    case 'long_text': {
      if (typeof value !== 'string') return bad('wrong_type', 'must be text');
      const text = value.trim();
      const max = q.type === 'short_text' ? q.maxLength : (q.maxLength ?? LONG_TEXT_MAX);
      // Characters as the patient sees them (an emoji is one), not UTF-16 units.
      if ([...text].length > max) return bad('too_long', `must have at most ${max} characters`);
      return { answer: text };
    }
    case 'photo':
      if (typeof value !== 'string' || !UPLOAD_ID_RE.test(value)) return bad('wrong_type', 'must be an upload reference id');
      return { answer: value };
    default: {
      const never: never = q;
      throw new Error(`unknown question type ${String((never as { type: unknown }).type)}`);
    }
  }
}

/**
 * Checks `responses` (question id → answer, as received) against the schema of the form version they
 * answer. Returns every problem, in question order and then unknown ids in key order, so a client can
 * mark all fields at once. On success the answers are normalized: text trimmed, unanswered optional
 * questions omitted.
 */
export function validateResponses(schema: FormSchema, responses: Readonly<Record<string, unknown>>): ResponsesValidation {
  const problems: ResponseProblem[] = [];
  const answers: Record<string, Answer> = {};
  for (const q of schema.questions) {
    const value = Object.hasOwn(responses, q.id) ? responses[q.id] : undefined;
    if (isBlank(value)) {
      if (q.required) problems.push({ questionId: q.id, problem: 'required_missing', detail: 'an answer is required' });
      continue;
    }
    const checked = checkAnswer(q, value);
    if ('answer' in checked) answers[q.id] = checked.answer;
    else problems.push({ questionId: q.id, ...checked });
  }
  const known = new Set(schema.questions.map((q) => q.id));
  for (const id of Object.keys(responses).filter((k) => !known.has(k)).sort()) {
    problems.push({ questionId: id, problem: 'unknown_question', detail: 'this form version has no such question' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, answers: answers as ValidAnswers };
}
