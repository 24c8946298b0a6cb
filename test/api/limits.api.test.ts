/**
 * Query limits through HTTP: just under a limit is answered, over it is 400 with the limit's code
 * before anything runs; syntax errors stay 400 GRAPHQL_PARSE_FAILED; fragment cycles are refused
 * at once; batches are refused; introspection is off in production.
 */
import type { RunningApi } from '../../src/server/server';
import { postGraphQL, type GraphQLResponse } from '../support/graphql-client';
import { startTestApi, testToken } from '../support/test-api';

let api: RunningApi;
let production: RunningApi;

beforeAll(async () => {
  // limits small enough for this schema's few fields: `{ health { ok } }` has depth 2 and cost 2
  api = await startTestApi({ limits: { maxDepth: 2, maxAliases: 3, maxCost: 7 } });
  production = await startTestApi({ production: true }); // default limits
});
afterAll(async () => {
  await api?.close();
  await production?.close();
});

const post = (query: string, on = api) => postGraphQL(on.graphqlUrl, query, { token: testToken('ADMIN') });

function expectAnswered(res: GraphQLResponse) {
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
}

function expectRefused(res: GraphQLResponse, code: string) {
  expect(res.status).toBe(400);
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
}

describe('depth', () => {
  it('answers a query at the limit', async () => {
    const res = await post('{ health { ok } }');
    expectAnswered(res);
    expect(res.body.data).toEqual({ health: { ok: true } });
  });

  it('refuses a deeper one with QUERY_TOO_DEEP, before any resolver runs', async () => {
    const res = await post('{ sourceSystems { lastRun { rowsSeen } } }');
    expectRefused(res, 'QUERY_TOO_DEEP');
    expect(res.body.errors![0].message).toBe('query depth 3 exceeds the limit of 2');
  });

  it('counts the depth inside fragments', async () => {
    expectRefused(await post('{ sourceSystems { ...S } } fragment S on SourceSystemStatus { ... on SourceSystemStatus { health { ok } } }'), 'QUERY_TOO_DEEP');
  });

  it('refuses a fragment cycle at once as a validation error', async () => {
    const started = Date.now();
    const res = await post('{ health { ...A } } fragment A on Health { ok ...B } fragment B on Health { database ...A }');
    expectRefused(res, 'GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors![0].message).toMatch(/Cannot spread fragment "A" within itself/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('aliases', () => {
  it('answers the limit and refuses one more with TOO_MANY_ALIASES', async () => {
    expectAnswered(await post('{ a: health { ok } b: health { ok } c: health { ok } }'));
    expectRefused(await post('{ a: health { ok } b: health { ok } c: health { ok } d: __typename }'), 'TOO_MANY_ALIASES');
  });

  it('applies the default of 30 when none is configured', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expectAnswered(await post(aliases(30), production));
    expectRefused(await post(aliases(31), production), 'TOO_MANY_ALIASES');
  });
});

describe('cost', () => {
  it('answers a query costing the limit and refuses one over it with QUERY_TOO_COSTLY', async () => {
    expectAnswered(await post('{ health { ok database } x: health { ok database } __typename }')); // 3 + 3 + 1
    const res = await post('{ health { ok database databaseLatencyMs } x: health { ok database databaseLatencyMs } }'); // 4 + 4
    expectRefused(res, 'QUERY_TOO_COSTLY');
    expect(res.body.errors![0].message).toBe('query cost 8 exceeds the limit of 7');
  });
});

describe('bad requests', () => {
  it('keeps a syntax error a 400 GRAPHQL_PARSE_FAILED', async () => {
    expectRefused(await post('{ health { ok }'), 'GRAPHQL_PARSE_FAILED');
  });

  it('refuses a batch of operations (batching is off)', async () => {
    const res = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${testToken()}` },
      body: JSON.stringify([{ query: '{ health { ok } }' }, { query: '{ health { ok } }' }]),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/batching/i);
  });
});

describe('introspection', () => {
  const query = '{ __schema { queryType { name } } }';

  it('is refused in production', async () => {
    const res = await post(query, production);
    expectRefused(res, 'GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors![0].message).toMatch(/introspection is not allowed/);
  });

  it('is answered in development, whatever the depth limit', async () => {
    const res = await post('{ __schema { queryType { fields { type { ofType { name } } } } } }');
    expectAnswered(res);
    expect((await post(query)).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});
