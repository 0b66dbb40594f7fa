import * as v from 'valibot';
import { fieldMessage, type FieldCode, type FieldParams } from '../shared/field-problems.ts';
import { integer, singleLine, token } from '../shared/schema-kit.ts';

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

const Key = token(/^[a-z0-9][a-z0-9_-]{0,39}$/, 40, 'slug');
const Label = singleLine(200);
const ShortLabel = singleLine(80);
const Finite = v.pipe(v.number(), v.finite(), v.minValue(-1_000_000), v.maxValue(1_000_000));
const base = { id: Key, label: Label, required: v.boolean() };

const Option = v.strictObject({ key: Key, label: ShortLabel });
const Options = v.pipe(
  v.array(Option),
  v.minLength(2),
  v.maxLength(30),
  v.check((o) => new Set(o.map((x) => x.key)).size === o.length, fieldMessage('duplicate_values')),
);

export const NumberQuestion = v.pipe(
  v.strictObject({ ...base, type: v.literal('number'), unit: v.optional(singleLine(20)), min: v.optional(Finite), max: v.optional(Finite) }),
  v.check((q) => q.min === undefined || q.max === undefined || q.min <= q.max, fieldMessage('min_exceeds_max')),
);
/** A scale 1..max; `labels`, when given, names every point (labels[0] is point 1). */
export const ScaleQuestion = v.pipe(
  v.strictObject({ ...base, type: v.literal('scale'), max: integer(2, 10), labels: v.optional(v.pipe(v.array(ShortLabel), v.maxLength(10))) }),
  v.check((q) => q.labels === undefined || q.labels.length === q.max, fieldMessage('labels_incomplete')),
);
export const SingleChoiceQuestion = v.strictObject({ ...base, type: v.literal('single_choice'), options: Options });
export const MultipleChoiceQuestion = v.strictObject({ ...base, type: v.literal('multiple_choice'), options: Options });
export const YesNoQuestion = v.strictObject({ ...base, type: v.literal('yes_no') });
export const ShortTextQuestion = v.strictObject({ ...base, type: v.literal('short_text'), maxLength: integer(1, SHORT_TEXT_MAX) });
export const LongTextQuestion = v.strictObject({ ...base, type: v.literal('long_text'), maxLength: v.optional(integer(1, LONG_TEXT_MAX)) });
export const PhotoQuestion = v.strictObject({ ...base, type: v.literal('photo') });

export const Question = v.variant('type', [
  NumberQuestion, ScaleQuestion, SingleChoiceQuestion, MultipleChoiceQuestion, YesNoQuestion, ShortTextQuestion, LongTextQuestion, PhotoQuestion,
]);
export type Question = v.InferOutput<typeof Question>;

export const FormSchema = v.strictObject({
  questions: v.pipe(
    v.array(Question),
    v.minLength(1),
    v.maxLength(50),
    v.check((qs) => new Set(qs.map((q) => q.id)).size === qs.length, fieldMessage('duplicate_values')),
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
export interface ResponseProblem { questionId: string; problem: ResponseProblemKind; params?: FieldParams }

/** The `errors[].code` each answer problem is reported with. */
export const RESPONSE_PROBLEM_CODES: Record<ResponseProblemKind, FieldCode> = {
  unknown_question: 'unknown_field',
  required_missing: 'required',
  wrong_type: 'invalid_type',
  out_of_range: 'out_of_range',
  too_long: 'too_long',
  unknown_option: 'unknown_option',
  duplicate_option: 'duplicate_values',
};

export type ResponsesValidation = { ok: true; answers: ValidAnswers } | { ok: false; problems: ResponseProblem[] };

type Check = { answer: Answer } | { problem: ResponseProblemKind; params?: FieldParams };
const bad = (problem: ResponseProblemKind, params?: FieldParams): Check => (params ? { problem, params } : { problem });

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

function checkAnswer(q: Question, value: unknown): Check {
  switch (q.type) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad('wrong_type', { expected: 'number' });
      if ((q.min !== undefined && value < q.min) || (q.max !== undefined && value > q.max)) {
        return bad('out_of_range', { min: q.min ?? '−∞', max: q.max ?? '∞', unit: q.unit ?? '' });
      }
      return { answer: value };
    }
    case 'scale':
      if (typeof value !== 'number' || !Number.isInteger(value)) return bad('wrong_type', { expected: 'integer' });
      if (value < 1 || value > q.max) return bad('out_of_range', { min: 1, max: q.max, unit: '' });
      return { answer: value };
    case 'single_choice':
      if (typeof value !== 'string') return bad('wrong_type', { expected: 'option' });
      if (!q.options.some((o) => o.key === value)) return bad('unknown_option', { values: q.options.map((o) => o.key).join(', ') });
      return { answer: value };
    case 'multiple_choice': {
      if (!Array.isArray(value) || !value.every((x): x is string => typeof x === 'string')) return bad('wrong_type', { expected: 'options' });
      const unknown = value.find((x) => !q.options.some((o) => o.key === x));
      if (unknown !== undefined) return bad('unknown_option', { values: q.options.map((o) => o.key).join(', ') });
      if (new Set(value).size !== value.length) return bad('duplicate_option');
      return { answer: [...value] };
    }
    case 'yes_no':
      return typeof value === 'boolean' ? { answer: value } : bad('wrong_type', { expected: 'boolean' });
    case 'short_text':
    case 'long_text': {
      if (typeof value !== 'string') return bad('wrong_type', { expected: 'string' });
      const text = value.trim();
      const max = q.type === 'short_text' ? q.maxLength : (q.maxLength ?? LONG_TEXT_MAX);
      // Characters as the patient sees them (an emoji is one), not UTF-16 units.
      if ([...text].length > max) return bad('too_long', { max, unit: 'characters' });
      return { answer: text };
    }
    case 'photo':
      if (typeof value !== 'string' || !UPLOAD_ID_RE.test(value)) return bad('wrong_type', { expected: 'upload' });
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
      if (q.required) problems.push({ questionId: q.id, problem: 'required_missing' });
      continue;
    }
    const checked = checkAnswer(q, value);
    if ('answer' in checked) answers[q.id] = checked.answer;
    else problems.push({ questionId: q.id, ...checked });
  }
  const known = new Set(schema.questions.map((q) => q.id));
  for (const id of Object.keys(responses).filter((k) => !known.has(k)).sort()) {
    problems.push({ questionId: id, problem: 'unknown_question' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, answers: answers as ValidAnswers };
}
