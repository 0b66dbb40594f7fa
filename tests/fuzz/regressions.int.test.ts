import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ProblemSchema } from '@korevitta/platform';
import { startTestHost, type TestHost } from '../support/test-host.ts';

/**
 * Each case the schema fuzzer (negative-fuzz.int.test.ts) found, kept as a plain test of its own so that it
 * stays fixed whatever the fuzzer's seed draws (TEST-CATALOG 27, 28).
 */
describe('cases found by the schema fuzzer', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startTestHost(); });
  afterAll(async () => { await h?.stop(); });

  const problemOf = (body: unknown) => v.parse(ProblemSchema, body);

  it('when a query parameter name holds a line feed or 2,000 characters, then the 400 problem keeps its documented shape (printable pointer of at most 1,000)', async () => {
    const newline = await h.api.get('/health?q%0A=x');
    expect(newline.status).toBe(400);
    expect(problemOf(newline.body).errors).toEqual([expect.objectContaining({ pointer: '/query/q\uFFFD', code: 'unknown_field' })]);
    const long = await h.api.get(`/health?${'a'.repeat(2000)}=1`);
    expect(long.status).toBe(400);
    expect(problemOf(long.body).errors?.[0]?.pointer).toHaveLength(1000);
  });
});
