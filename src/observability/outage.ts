/**
 * Reports a dependency's outage once when it starts and once when it ends, however many
 * connections fail and retry in between: a three-second Redis restart is two log lines, not a
 * stack trace per client per retry. The lines carry the dependency, an error code or class and
 * how long the outage lasted — never a value from the data.
 */
import type { Logger } from 'pino';

export class OutageReporter {
  private downSince: number | null = null;
  private failures = 0;

  constructor(
    private readonly dependency: string,
    private readonly logger: Logger,
  ) {}

  get down(): boolean {
    return this.downSince !== null;
  }

  /** a failure talking to the dependency: logged only when it is the first of an outage */
  failed(err: unknown): void {
    this.failures++;
    if (this.downSince !== null) return;
    this.downSince = Date.now();
    this.failures = 1;
    this.logger.error({ dependency: this.dependency, event: 'outage-start', reason: errorReason(err) }, `${this.dependency} unreachable`);
  }

  /** the dependency answers again: logged only when it ends an outage */
  recovered(): void {
    if (this.downSince === null) return;
    const downForMs = Date.now() - this.downSince;
    this.downSince = null;
    this.logger.warn({ dependency: this.dependency, event: 'outage-end', downForMs, failures: this.failures }, `${this.dependency} reachable again`);
  }
}

/** A short, value-free reason: the error's code (ECONNREFUSED, 57P01, …), else its class. */
export function errorReason(err: unknown): string {
  if (err && typeof err === 'object') {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    const cause = (err as { cause?: unknown }).cause;
    if (cause && cause !== err) {
      const inner = errorReason(cause);
      if (inner !== 'Error') return inner;
    }
    if (err instanceof Error) return err.name;
  }
  return typeof err;
}

// "Cannot reach it", as node's sockets, pg, ioredis and BullMQ word it: codes of the socket and
// PostgreSQL's connection classes (08…, 57P01-03 shutting down / starting up), and messages of
// clients whose connection was closed under them.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNABORTED', 'EAI_AGAIN', '57P01', '57P02', '57P03']);
const CONNECTION_MESSAGES = /connection is closed|connection terminated|stream isn't writeable|reached the max retries|connect ECONNREFUSED|socket closed|timeout exceeded when trying to connect|client has encountered a connection error|connection ended unexpectedly|server closed the connection unexpectedly/i;

/** Whether `err` (or an error it wraps) means the service could not be reached, not that it refused the request. */
export function isConnectionError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (err instanceof Error && CONNECTION_MESSAGES.test(err.message)) return true;
  if (err instanceof AggregateError && err.errors.some((e) => isConnectionError(e, depth + 1))) return true;
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err && isConnectionError(cause, depth + 1);
}
