import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { integer, oneOrMoreOf } from '@korevitta/domain';
import { typedQuery } from './query-params.ts';

const Query = v.strictObject({ limit: v.optional(integer(1, 100), 20), status: v.optional(oneOrMoreOf(['active', 'paused', 'archived'])), full: v.optional(v.boolean()), q: v.optional(v.string()) });
const typed = (qs: string) => typedQuery(Query, new URLSearchParams(qs));

describe('typedQuery (query strings typed as the document declares them)', () => {
  it('when an array parameter is repeated, comma-separated or both, then every value is kept', () => {
    expect(typed('status=active&status=paused').value).toEqual({ status: ['active', 'paused'] });
    expect(typed('status=active,paused').value).toEqual({ status: ['active', 'paused'] });
    expect(typed('status=active&status=paused,archived').value).toEqual({ status: ['active', 'paused', 'archived'] });
  });
  it('when integers and booleans are sent, then they become numbers and booleans; anything else stays text for the schema to refuse', () => {
    expect(typed('limit=50&full=true&q=007').value).toEqual({ limit: 50, full: true, q: '007' });
    expect(typed('limit=1.5&full=yes').value).toEqual({ limit: '1.5', full: 'yes' });
  });
  it('when a parameter is not declared, or a scalar one is given twice, then it is a problem, not silently dropped', () => {
    expect(typed('stauts=active&limit=1&limit=2').problems).toEqual([
      { pointer: '/query/stauts', code: 'unknown_field' },
      { pointer: '/query/limit', code: 'duplicate_parameter' },
    ]);
    expect(typedQuery(undefined, new URLSearchParams('x=1')).problems).toEqual([{ pointer: '/query/x', code: 'unknown_field' }]);
  });
});
