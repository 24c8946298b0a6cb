/**
 * Prometheus metrics of one hub process (prom-client), served on `GET /metrics`. Each HubMetrics
 * owns its registry, so several APIs in one process (tests) never collide on metric names.
 * Labels are bounded: operation names are checked (see `operationLabel`), error codes and
 * sources come from the code, and no label ever carries a customer value.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type RequestOutcome = 'ok' | 'error' | 'timeout' | 'aborted';
export type SourceCallOutcome = 'ok' | 'error' | 'timeout';

export class HubMetrics {
  readonly registry = new Registry();
  readonly graphqlRequests = new Counter({
    name: 'hub_graphql_requests_total',
    help: 'GraphQL requests by operation and outcome (ok, error, timeout, aborted)',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly graphqlDuration = new Histogram({
    name: 'hub_graphql_request_duration_seconds',
    help: 'GraphQL request duration by operation',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });
  readonly graphqlErrors = new Counter({
    name: 'hub_graphql_errors_total',
    help: 'Errors in GraphQL responses by extensions.code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly sourceCallDuration = new Histogram({
    name: 'hub_source_call_duration_seconds',
    help: 'Latency of calls to source systems by source and outcome',
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });
  // apart from the view's: a page's call carries hundreds of keys and would skew its latencies
  readonly segmentationSourceCallDuration = new Histogram({
    name: 'hub_segmentation_source_call_duration_seconds',
    help: 'Latency of the holdings calls of segmentation runs (one per source per page) by source and outcome',
    labelNames: ['source', 'outcome'] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** The text exposition format and its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** Records one call to a source system (e.g. a holdings lookup), with how it ended. */
export function observeSourceCall(metrics: HubMetrics, source: string, seconds: number, outcome: SourceCallOutcome): void {
  metrics.sourceCallDuration.observe({ source, outcome }, seconds);
}

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The `operation` label: the operation's name, `anonymous` without one, `other` for anything that
 * is not a plain GraphQL name of at most 64 characters (clients choose names; a label must not
 * grow without bound or carry arbitrary text).
 */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  return OPERATION_NAME.test(name) ? name : 'other';
}
