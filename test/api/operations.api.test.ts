/**
 * What operators rely on through HTTP: request timeout, request logs without personal data,
 * Prometheus metrics, readiness.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import type { RunningApi } from '../../src/server/server';
import { HubMetrics, observeSourceCall, operationLabel } from '../../src/observability/metrics';
import { postGraphQL } from '../support/graphql-client';
import { startTestApi, testToken } from '../support/test-api';

function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('request timeout', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startTestApi({ requestTimeoutMs: 150, healthDelayMs: 600 });
  });
  afterAll(() => api?.close());

  it('answers 503 REQUEST_TIMEOUT when the resolvers take too long, and keeps serving', async () => {
    const started = Date.now();
    const res = await postGraphQL(api.graphqlUrl, '{ health { ok } }', { token: testToken() });
    expect(res.status).toBe(503);
    expect(res.body.errors?.[0].extensions?.code).toBe('REQUEST_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(550);
    // the slow resolver finishes later; its late answer must not break the server
    await new Promise((resolve) => setTimeout(resolve, 600));
    const fast = await postGraphQL(api.graphqlUrl, '{ __typename }', { token: testToken() });
    expect(fast).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toMatch(/hub_graphql_requests_total\{operation="anonymous",outcome="timeout"\} 1/);
    expect(metrics).toMatch(/hub_graphql_errors_total\{code="REQUEST_TIMEOUT"\} 1/);
  });
});

describe('request logs', () => {
  const { logger, lines } = capturedLogger();
  let api: RunningApi;
  beforeAll(async () => {
    api = await startTestApi({ logger });
  });
  afterAll(() => api?.close());

  it('log request id, operation, status, duration and error codes, and no personal data', async () => {
    const phone = '+8613812345678';
    const query = `query FindByPhone($phone: String!) { health { ok } sourceRecord(system: CARDS, key: $phone) { id } }`;
    const res = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${testToken('APP')}`, 'x-request-id': 'req-42' },
      body: JSON.stringify({ query, variables: { phone }, operationName: 'FindByPhone' }),
    });
    expect(res.headers.get('x-request-id')).toBe('req-42');
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN'); // APP may not read source records
    await new Promise((resolve) => setTimeout(resolve, 50)); // the line is written when the response closes
    const line = lines.map((l) => JSON.parse(l)).find((l) => l.requestId === 'req-42');
    expect(line).toMatchObject({ operation: 'FindByPhone', status: 200, outcome: 'error', errorCodes: ['FORBIDDEN'], durationMs: expect.any(Number) });
    const all = lines.join('\n');
    expect(all).not.toContain(phone);
    expect(all).not.toContain('13812345678');
    expect(all).not.toContain('sourceRecord');
    expect(all).not.toContain(testToken('APP').split('.')[1]);
  });

  it('generate a request id when none (or no plausible one) is given, and log refused requests too', async () => {
    const res = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'Jane Doe <jane@example.com>' },
      body: JSON.stringify({ query: '{ health { ok } }' }),
    });
    expect(res.status).toBe(401);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const line = lines.map((l) => JSON.parse(l)).find((l) => l.requestId === id);
    expect(line).toMatchObject({ status: 401, outcome: 'error', errorCodes: ['UNAUTHENTICATED'] });
    expect(lines.join('\n')).not.toContain('jane@example.com');
  });
});

describe('metrics', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api?.close());

  it('exposes request counts, durations, error codes, source latency and process metrics on /metrics', async () => {
    await postGraphQL(api.graphqlUrl, 'query Health { health { ok } }', { token: testToken() });
    await postGraphQL(api.graphqlUrl, '{ health { ok }', { token: testToken() });
    observeSourceCall(api.metrics, 'cards', 0.2, 'timeout');
    const res = await fetch(`${api.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^hub_graphql_requests_total\{operation="Health",outcome="ok"\} 1$/m);
    expect(text).toMatch(/^hub_graphql_requests_total\{operation="anonymous",outcome="error"\} 1$/m);
    expect(text).toMatch(/^hub_graphql_request_duration_seconds_count\{operation="Health"\} 1$/m);
    expect(text).toMatch(/^hub_graphql_errors_total\{code="GRAPHQL_PARSE_FAILED"\} 1$/m);
    expect(text).toMatch(/^hub_source_call_duration_seconds_count\{source="cards",outcome="timeout"\} 1$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('reaches resolvers as ctx.metrics: the API uses the metrics it is given', async () => {
    const metrics = new HubMetrics({ processMetrics: false });
    const other = await startTestApi({ metrics });
    try {
      expect(other.metrics).toBe(metrics);
      await postGraphQL(other.graphqlUrl, 'query Ping { __typename }', { token: testToken() });
      expect(await metrics.registry.getSingleMetricAsString('hub_graphql_requests_total')).toMatch(/operation="Ping",outcome="ok"\} 1/);
    } finally {
      await other.close();
    }
  });

  it('bounds the operation label', () => {
    expect(operationLabel(undefined)).toBe('anonymous');
    expect(operationLabel('CustomerView')).toBe('CustomerView');
    expect(operationLabel('x'.repeat(65))).toBe('other');
    expect(operationLabel('a b')).toBe('other');
  });
});

describe('/ready', () => {
  it('answers 200 once started and 503 from the moment close() begins', async () => {
    const api = await startTestApi({ shutdownDrainMs: 300 });
    const before = await fetch(`${api.url}/ready`);
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual({ ready: true });
    const closing = api.close();
    const during = await fetch(`${api.url}/ready`);
    expect(during.status).toBe(503);
    expect(await during.json()).toEqual({ ready: false });
    await closing;
    await expect(fetch(`${api.url}/ready`)).rejects.toThrow();
  });
});
