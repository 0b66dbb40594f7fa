import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { FormSchema, validateResponses } from './form-schema.ts';

const form = v.parse(FormSchema, {
  questions: [
    { id: 'weight', label: 'Peso', required: true, type: 'number', unit: 'kg', min: 20, max: 400 },
    { id: 'energy', label: 'Energia', required: true, type: 'scale', max: 5, labels: ['Muito baixa', 'Baixa', 'Média', 'Alta', 'Muito alta'] },
    { id: 'sleep', label: 'Sono', required: false, type: 'single_choice', options: [{ key: 'good', label: 'Bom' }, { key: 'bad', label: 'Ruim' }] },
    { id: 'symptoms', label: 'Sintomas', required: false, type: 'multiple_choice', options: [{ key: 'headache', label: 'Dor de cabeça' }, { key: 'nausea', label: 'Náusea' }, { key: 'none', label: 'Nenhum' }] },
    { id: 'followed_plan', label: 'Seguiu o plano?', required: true, type: 'yes_no' },
    { id: 'highlight', label: 'Destaque da semana', required: false, type: 'short_text', maxLength: 10 },
    { id: 'notes', label: 'Observações', required: false, type: 'long_text' },
    { id: 'front_photo', label: 'Foto de frente', required: false, type: 'photo' },
  ],
});
const complete = { weight: 72.5, energy: 4, followed_plan: true };
const problems = (responses: Record<string, unknown>) => {
  const r = validateResponses(form, responses);
  return r.ok ? [] : r.problems.map((p) => [p.questionId, p.problem]);
};

describe('validateResponses: accepted', () => {
  it('when only the required questions are answered, then it passes with those answers', () => {
    expect(validateResponses(form, complete)).toEqual({ ok: true, answers: complete });
  });

  it('when every question is answered, then text is trimmed and the rest kept as given', () => {
    const r = validateResponses(form, {
      ...complete, sleep: 'good', symptoms: ['nausea', 'headache'], highlight: '  treinei  ', notes: 'tudo certo', front_photo: '0b6f6a3c-9d1e-4a51-8d53-6c1a2b3c4d5e',
    });
    expect(r.ok && r.answers).toEqual({
      ...complete, sleep: 'good', symptoms: ['nausea', 'headache'], highlight: 'treinei', notes: 'tudo certo', front_photo: '0b6f6a3c-9d1e-4a51-8d53-6c1a2b3c4d5e',
    });
  });

  it('when optional answers are null, blank or empty, then they are treated as unanswered and omitted', () => {
    const r = validateResponses(form, { ...complete, sleep: null, highlight: '   ', symptoms: [] });
    expect(r).toEqual({ ok: true, answers: complete });
  });

  it.each([
    ['the minimum of a number', { weight: 20 }],
    ['the maximum of a number', { weight: 400 }],
    ['point 1 of a scale', { energy: 1 }],
    ['the last point of a scale', { energy: 5 }],
    ['no to a yes/no question', { followed_plan: false }],
    ['a short text at its exact limit (emoji count as one)', { highlight: '😀'.repeat(10) }],
  ])('when answering %s, then it passes', (_l, over) => expect(problems({ ...complete, ...over })).toEqual([]));
});

describe('validateResponses: problems', () => {
  it.each([
    ['a required number is missing', { energy: 3, followed_plan: true }, [['weight', 'required_missing']]],
    ['a required yes/no is null', { ...complete, followed_plan: null }, [['followed_plan', 'required_missing']]],
    ['a number is a string', { ...complete, weight: '72' }, [['weight', 'wrong_type']]],
    ['a number is NaN', { ...complete, weight: Number.NaN }, [['weight', 'wrong_type']]],
    ['a number is below the minimum', { ...complete, weight: 19.9 }, [['weight', 'out_of_range']]],
    ['a number is above the maximum', { ...complete, weight: 400.1 }, [['weight', 'out_of_range']]],
    ['a scale answer is 0', { ...complete, energy: 0 }, [['energy', 'out_of_range']]],
    ['a scale answer is above N', { ...complete, energy: 6 }, [['energy', 'out_of_range']]],
    ['a scale answer is fractional', { ...complete, energy: 2.5 }, [['energy', 'wrong_type']]],
    ['a single choice is not an option', { ...complete, sleep: 'great' }, [['sleep', 'unknown_option']]],
    ['a single choice is a list', { ...complete, sleep: ['good'] }, [['sleep', 'wrong_type']]],
    ['a multiple choice has an unknown option', { ...complete, symptoms: ['headache', 'fever'] }, [['symptoms', 'unknown_option']]],
    ['a multiple choice repeats an option', { ...complete, symptoms: ['headache', 'headache'] }, [['symptoms', 'duplicate_option']]],
    ['a multiple choice is a single key', { ...complete, symptoms: 'headache' }, [['symptoms', 'wrong_type']]],
    ['a yes/no is "yes"', { ...complete, followed_plan: 'yes' }, [['followed_plan', 'wrong_type']]],
    ['a short text is too long', { ...complete, highlight: 'a'.repeat(11) }, [['highlight', 'too_long']]],
    ['a long text exceeds the default 5000', { ...complete, notes: 'a'.repeat(5001) }, [['notes', 'too_long']]],
    ['a text is a number', { ...complete, notes: 42 }, [['notes', 'wrong_type']]],
    ['a photo is not an upload id', { ...complete, front_photo: 'https://x.y/z.jpg' }, [['front_photo', 'wrong_type']]],
    ['an answer names an unknown question', { ...complete, mood: 3 }, [['mood', 'unknown_question']]],
  ])('when %s, then it is reported', (_l, responses, expected) => expect(problems(responses)).toEqual(expected));

  it('when many answers are wrong, then every problem is reported, in question order, unknown ids last and sorted', () => {
    expect(problems({ zeta: 1, alpha: 2, energy: 9, weight: 'x' })).toEqual([
      ['weight', 'wrong_type'], ['energy', 'out_of_range'], ['followed_plan', 'required_missing'], ['alpha', 'unknown_question'], ['zeta', 'unknown_question'],
    ]);
  });

  it('when a key is inherited from the prototype (e.g. "toString"), then it is not taken as an answer', () => {
    const r = validateResponses(form, Object.create({ weight: 70 }) as Record<string, unknown>);
    expect(r.ok ? [] : r.problems.map((p) => p.questionId)).toContain('weight');
  });
});

describe('responses stay valid against the version they answer', () => {
  const v1 = v.parse(FormSchema, { questions: [
    { id: 'weight', label: 'Peso', required: true, type: 'number', unit: 'kg', min: 20, max: 400 },
    { id: 'mood', label: 'Humor', required: true, type: 'scale', max: 5 },
  ] });
  const v2 = v.parse(FormSchema, { questions: [
    { id: 'weight', label: 'Peso', required: true, type: 'number', unit: 'kg', min: 30, max: 300 },
    { id: 'waist', label: 'Cintura', required: true, type: 'number', unit: 'cm' },
  ] });
  const answeredV1 = { weight: 25, mood: 4 };

  it('when the form changed to v2 (question removed, one added, range narrowed), then a v1 response still validates against v1', () => {
    expect(validateResponses(v1, answeredV1).ok).toBe(true);
  });

  it('when the same response were checked against v2, then it would fail: validating against the answered version is what keeps it valid', () => {
    expect(validateResponses(v2, answeredV1)).toMatchObject({ ok: false, problems: [
      { questionId: 'weight', problem: 'out_of_range' }, { questionId: 'waist', problem: 'required_missing' }, { questionId: 'mood', problem: 'unknown_question' },
    ] });
  });
});

describe('FormSchema (valibot)', () => {
  const q = (over: Record<string, unknown>) => ({ id: 'q1', label: 'Pergunta', required: true, type: 'yes_no', ...over });
  const valid = (questions: unknown[]) => v.safeParse(FormSchema, { questions }).success;
  it.each([
    ['every question type', true, [
      q({ id: 'a', type: 'number', unit: 'kg', min: 0, max: 10 }), q({ id: 'b', type: 'scale', max: 10 }),
      q({ id: 'c', type: 'single_choice', options: [{ key: 'x', label: 'X' }, { key: 'y', label: 'Y' }] }),
      q({ id: 'd', type: 'multiple_choice', options: [{ key: 'x', label: 'X' }, { key: 'y', label: 'Y' }] }),
      q({ id: 'e' }), q({ id: 'f', type: 'short_text', maxLength: 100 }), q({ id: 'g', type: 'long_text' }), q({ id: 'h', type: 'photo' }),
    ]],
    ['no question', false, []],
    ['two questions with the same id', false, [q({}), q({})]],
    ['an id with upper case', false, [q({ id: 'Weight' })]],
    ['an unknown type', false, [q({ type: 'date' })]],
    ['a number with min above max', false, [q({ type: 'number', min: 5, max: 1 })]],
    ['a scale of 1..1', false, [q({ type: 'scale', max: 1 })]],
    ['a scale of 1..11', false, [q({ type: 'scale', max: 11 })]],
    ['a scale with labels for some points only', false, [q({ type: 'scale', max: 3, labels: ['a', 'b'] })]],
    ['a choice with one option', false, [q({ type: 'single_choice', options: [{ key: 'x', label: 'X' }] })]],
    ['a choice with repeated option keys', false, [q({ type: 'multiple_choice', options: [{ key: 'x', label: 'X' }, { key: 'x', label: 'Y' }] })]],
    ['a short text without maxLength', false, [q({ type: 'short_text' })]],
    ['a short text longer than 500', false, [q({ type: 'short_text', maxLength: 501 })]],
    ['a question without the required flag', false, [{ id: 'q1', label: 'P', type: 'yes_no' }]],
    ['an unknown property', false, [q({ hint: 'x' })]],
  ])('when the form has %s, then valid = %s', (_l, expected, questions) => expect(valid(questions)).toBe(expected));
});
