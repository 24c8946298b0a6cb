/** GraphQL over HTTP conformance (graphql-http's audit) of the running API, with a bearer token. */
import { auditServer } from 'graphql-http';
import type { RunningApi } from '../../src/server/server';
import { startTestApi, testToken } from '../support/test-api';

let api: RunningApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

it('passes every MUST of the GraphQL-over-HTTP audit', async () => {
  const token = testToken();
  const fetchFn: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
  const results = await auditServer({ url: api.graphqlUrl, fetchFn });
  const must = results.filter((r) => r.name.startsWith('MUST'));
  expect(must.length).toBeGreaterThanOrEqual(13);
  const failed = must.filter((r) => r.status !== 'ok').map((r) => ({ id: r.id, name: r.name, reason: 'reason' in r ? r.reason : '' }));
  expect(failed).toEqual([]);
});
