/**
 * One switch for where the job queues live: Redis when REDIS_URL is set (production, scale-out),
 * otherwise BullMQ's PostgreSQL backend on the hub database (zero-setup demo). Queues and workers
 * are the same BullMQ classes either way, so job code does not know which backend runs it.
 *
 * Connection trouble is reported here, once per outage (every queue and worker listens for
 * errors, so none prints its own stack trace per retry), and `onReconnect` tells the hub when
 * Redis answers again after an outage: a Redis restarted without persistence comes back empty,
 * and the workers put their schedules and pending work back (jobs/standing-work.ts).
 */
import { Queue, Worker, createPostgresBackend, runMigrations, withBackend, type Processor, type WorkerOptions } from 'bullmq';
import { Pool } from 'pg';
import IORedis, { type Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { errorReason, isConnectionError, OutageReporter } from '../src/observability/outage.js';
import { describeError, hasDatabaseError } from '../src/observability/safe-error.js';
import { withTimeout } from '../src/with-timeout.js';

export type QueueBackendOptions = (
  | { kind: 'redis'; url: string; prefix: string }
  /** `owner`: the role that makes the queue tables and grants their use to the runtime role of `url` */
  | { kind: 'postgres'; url: string; schema: string; owner?: { url: string; grantTo: string } }
) & {
  /** where outages and other queue errors are reported (default: silent) */
  logger?: Logger;
};

export interface QueueBackend {
  readonly kind: QueueBackendOptions['kind'];
  queue<T = unknown>(name: string): Queue<T>;
  worker<T = unknown>(name: string, processor: Processor<T>, opts?: Partial<WorkerOptions>): Worker<T>;
  /** whether the queue store answers now (bounded wait; false while it is down) */
  ping(): Promise<boolean>;
  /** `fn` runs each time the queue store answers again after an outage (Redis only) */
  onReconnect(fn: () => void): void;
  /** closes every queue and worker made here, then the shared connection */
  close(): Promise<void>;
}

const PING_TIMEOUT_MS = 1000;

/**
 * A job's failure is kept by the queue store (failedReason, stack) and shown by dashboards: a
 * database error there would carry the statement with its values. It leaves as its value-free
 * description; BullMQ's own control errors and the hub's other errors pass unchanged.
 */
function valueFree<T>(processor: Processor<T>): Processor<T> {
  return async (job, token) => {
    try {
      return await processor(job, token);
    } catch (err) {
      throw hasDatabaseError(err) ? Object.assign(new Error(describeError(err)), { name: (err as Error).name }) : err;
    }
  };
}

/**
 * Every queue and worker reports its errors here (BullMQ would print each to stderr with its
 * stack): a connection failure is part of the one outage — reported by the shared connection's
 * events where there is one (`storeUp`), since each worker's own connection fails and reconnects
 * on its own schedule — and any other error is one structured line.
 */
function errorSink(logger: Logger, outage: OutageReporter, storeUp: () => boolean) {
  return (name: string, kind: 'queue' | 'worker') => (err: Error) => {
    if (isConnectionError(err)) {
      if (!storeUp()) outage.failed(err);
      return;
    }
    if (outage.down) return;
    logger.warn({ queue: name, part: kind, reason: errorReason(err), detail: err.message.slice(0, 200) }, 'queue error');
  };
}

// Each queue and worker owns a pool plus a LISTEN client; keep them small (embedded PostgreSQL
// multiplexes every connection onto one backend anyway).
const POSTGRES_POOL_MAX = 2;

export async function createQueueBackend(options: QueueBackendOptions): Promise<QueueBackend> {
  const made: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(x: T): T => (made.push(x), x);
  const logger = options.logger ?? pino({ level: 'silent' });
  let closing = false;

  if (options.kind === 'redis') {
    const outage = new OutageReporter('redis', logger);
    const reconnected: (() => void)[] = [];
    // Workers block on Redis; BullMQ requires maxRetriesPerRequest: null for them.
    const connection: Redis = new IORedis(options.url, { maxRetriesPerRequest: null });
    const sink = errorSink(logger, outage, () => connection.status === 'ready');
    let everReady = false;
    connection.on('error', (err) => !closing && outage.failed(err));
    connection.on('close', () => everReady && !closing && outage.failed(Object.assign(new Error('connection closed'), { code: 'ECONNRESET' })));
    connection.on('ready', () => {
      outage.recovered();
      if (everReady && !closing) for (const fn of reconnected) fn();
      everReady = true;
    });
    return {
      kind: 'redis',
      queue: <T>(name: string) => {
        const queue = track(new Queue<T>(name, { connection, prefix: options.prefix }));
        queue.on('error', sink(name, 'queue'));
        return queue;
      },
      worker: <T>(name: string, processor: Processor<T>, opts?: Partial<WorkerOptions>) => {
        const worker = track(new Worker<T>(name, valueFree(processor), { ...opts, connection, prefix: options.prefix }));
        worker.on('error', sink(name, 'worker'));
        return worker;
      },
      ping: async () => connection.status === 'ready' && (await withTimeout(connection.ping().then((r) => r === 'PONG'), PING_TIMEOUT_MS, false)),
      onReconnect: (fn) => void reconnected.push(fn),
      close: async () => {
        closing = true;
        await Promise.all(made.map((x) => x.close()));
        connection.disconnect();
      },
    };
  }

  // The queue tables are migrated once, here, before any queue or worker connects: on embedded
  // PostgreSQL, queues migrating concurrently on connect deadlock each other.
  const migrator = new Pool({ connectionString: options.owner?.url ?? options.url, max: 1 });
  try {
    await runMigrations(migrator, options.schema);
    if (options.owner) {
      const [schema, role] = [options.schema, options.owner.grantTo].map((name) => `"${name.replace(/"/g, '""')}"`);
      // CREATE too: the backend makes a job-id sequence per queue as queues first appear
      await migrator.query(`GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${role};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role};
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role};
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${role};`);
    }
  } finally {
    await migrator.end();
  }
  const pg = withBackend(createPostgresBackend);
  const connection = () => ({
    connectionString: options.url,
    max: POSTGRES_POOL_MAX,
    schema: options.schema,
    migrate: false,
  });
  const outage = new OutageReporter('queue database', logger);
  const sink = errorSink(logger, outage, () => false);
  // health pings only: one connection at most, closed when idle
  const pinger = new Pool({ connectionString: options.url, max: 1, idleTimeoutMillis: 10_000 });
  pinger.on('error', () => undefined); // an idle client dropped by the server: the next ping reconnects
  return {
    kind: 'postgres',
    queue: <T>(name: string) => {
      const queue = track(new pg.Queue<T>(name, { connection: connection() })) as unknown as Queue<T>;
      queue.on('error', sink(name, 'queue'));
      return queue;
    },
    worker: <T>(name: string, processor: Processor<T>, opts?: Partial<WorkerOptions>) => {
      // An idle worker polls every drainDelay seconds only while its queue holds no delayed job;
      // with one (a job scheduler's next run) it blocks until that job is due, up to an hour, and
      // a new job wakes it by NOTIFY. On embedded PostgreSQL that NOTIFY reaches the worker only
      // through SessionAffineQueue's notification routing.
      const worker = track(
        new pg.Worker<T>(name, valueFree(processor) as never, { drainDelay: 1, ...opts, connection: connection() } as never),
      ) as unknown as Worker<T>;
      worker.on('error', sink(name, 'worker'));
      worker.on('completed', () => outage.recovered());
      return worker;
    },
    ping: async () => {
      const ok = await withTimeout(pinger.query('SELECT 1').then(() => true), PING_TIMEOUT_MS, false);
      if (ok) outage.recovered();
      return ok;
    },
    // the PostgreSQL backend keeps its jobs in the database: nothing to put back after an outage
    onReconnect: () => undefined,
    close: async () => {
      closing = true;
      await Promise.all(made.map((x) => x.close()));
      await pinger.end();
    },
  };
}
