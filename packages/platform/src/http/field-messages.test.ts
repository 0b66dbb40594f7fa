import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { FIELD_CODES, fieldProblemsOf, integer, singleLine, uuid } from '@korevitta/domain';
import { renderFieldProblem } from './field-messages.ts';

describe('field problems in the caller’s language', () => {
  it('when any field code is rendered, then both languages have a non-empty text without a placeholder left', () => {
    for (const code of FIELD_CODES) {
      for (const locale of ['pt-BR', 'en'] as const) {
        const text = renderFieldProblem({ pointer: '/body/x', code, params: { min: 1, max: 2, limit: 3, unit: 'characters', values: 'a, b', expected: 'string', format: 'uuid', days: 7, code: '2345-7', units: 'mg/dL', foreground: '#FFFFFF', background: '#777777', ratio: 4.48, minimum: 4.5, reason: 'not_a_logo' } }, locale).detail;
        expect({ code, locale, ok: text.length > 3 && !text.includes('undefined') }).toEqual({ code, locale, ok: true });
      }
    }
  });
  it('when valibot refuses fields, then each becomes a pointer, a stable code and a text (no raw validator text)', () => {
    const schema = v.strictObject({ id: uuid(), name: singleLine(5), n: integer(1, 10) });
    const r = v.safeParse(schema, { id: 'x', name: 'toolong', n: 0, extra: true }, { abortPipeEarly: true });
    const errors = r.success ? [] : fieldProblemsOf('body', r.issues).map((p) => renderFieldProblem(p, 'en'));
    expect(errors).toEqual([
      { pointer: '/body/id', code: 'invalid_format', detail: 'must be a UUID' },
      { pointer: '/body/name', code: 'too_long', detail: 'must have at most 5 characters' },
      { pointer: '/body/n', code: 'too_small', detail: 'must be at least 1' },
      { pointer: '/body/extra', code: 'unknown_field', detail: 'is not an accepted field' },
    ]);
  });
  it('when a client names a field with a control character or a 2,000-character name, then the pointer is printable and within 1,000 characters', () => {
    expect(renderFieldProblem({ pointer: '/query/q\n', code: 'unknown_field' }, 'en').pointer).toBe('/query/q\uFFFD');
    const long = renderFieldProblem({ pointer: `/query/${'a'.repeat(2000)}`, code: 'unknown_field' }, 'en').pointer;
    expect({ length: long.length, end: long.slice(-2) }).toEqual({ length: 1000, end: 'a…' });
    expect(renderFieldProblem({ pointer: `/body/${'😀'.repeat(600)}`, code: 'unknown_field' }, 'en').pointer.isWellFormed()).toBe(true);
  });
});
