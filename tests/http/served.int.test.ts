import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpFunctionDefinition } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';

describe('the local host serves the whole table', () => {
  let h: TestHost;
  beforeAll(async () => { h = await startTestHost(); });
  afterAll(async () => { await h.stop(); });

  it('when every HTTP function is called on its route, then the host routes it to that function (never the router 404/405)', async () => {
    const http = allFunctions.filter((f): f is HttpFunctionDefinition => f.kind === 'http');
    expect(http.length).toBeGreaterThanOrEqual(10);
    for (const def of http) {
      const path = '/' + def.route.replace(/\{[^}]+\}/g, '01a2f000-0000-7000-8000-000000000001');
      const res = await h.api.call(def.method, path, def.method === 'GET' || def.method === 'DELETE' ? undefined : {});
      expect({ fn: def.name, routed: res.body?.code !== 'REQUEST.NOT_FOUND' && res.status !== 405 }).toEqual({ fn: def.name, routed: true });
      expect({ fn: def.name, status: res.status < 500 }).toEqual({ fn: def.name, status: true });
    }
  });
});
