/**
 * One switch for where the job queues live: Redis when REDIS_URL is set (production, scale-out),
 * otherwise BullMQ's PostgreSQL backend on the hub database (zero-setup demo). Queues and workers
 * are the same BullMQ classes either way, so job code does not know which backend runs it.
 */
import { Queue, Worker, createPostgresBackend, runMigrations, withBackend, type Processor, type WorkerOptions } from 'bullmq';
import { Pool } from 'pg';
import IORedis, { type Redis } from 'ioredis';

export type QueueBackendOptions =
  | { kind: 'redis'; url: string; prefix: string }
  /** `owner`: the role that makes the queue tables and grants their use to the runtime role of `url` */
  | { kind: 'postgres'; url: string; schema: string; owner?: { url: string; grantTo: string } };

export interface QueueBackend {
  readonly kind: QueueBackendOptions['kind'];
  queue<T = unknown>(name: string): Queue<T>;
  worker<T = unknown>(name: string, processor: Processor<T>, opts?: Partial<WorkerOptions>): Worker<T>;
  /** closes every queue and worker made here, then the shared connection */
  close(): Promise<void>;
}

// Each queue and worker owns a pool plus a LISTEN client; keep them small (embedded PostgreSQL
// multiplexes every connection onto one backend anyway).
const POSTGRES_POOL_MAX = 2;

export async function createQueueBackend(options: QueueBackendOptions): Promise<QueueBackend> {
  const made: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(x: T): T => (made.push(x), x);

  if (options.kind === 'redis') {
    // Workers block on Redis; BullMQ requires maxRetriesPerRequest: null for them.
    const connection: Redis = new IORedis(options.url, { maxRetriesPerRequest: null });
    return {
      kind: 'redis',
      queue: (name) => track(new Queue(name, { connection, prefix: options.prefix })),
      worker: (name, processor, opts) =>
        track(new Worker(name, processor, { ...opts, connection, prefix: options.prefix })),
      close: async () => {
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
  return {
    kind: 'postgres',
    queue: <T>(name: string) => track(new pg.Queue<T>(name, { connection: connection() })) as unknown as Queue<T>,
    worker: <T>(name: string, processor: Processor<T>, opts?: Partial<WorkerOptions>) =>
      // An idle worker polls every drainDelay seconds only while its queue holds no delayed job;
      // with one (a job scheduler's next run) it blocks until that job is due, up to an hour, and
      // a new job wakes it by NOTIFY. On embedded PostgreSQL that NOTIFY reaches the worker only
      // through SessionAffineQueue's notification routing.
      track(
        new pg.Worker<T>(name, processor as never, { drainDelay: 1, ...opts, connection: connection() } as never),
      ) as unknown as Worker<T>,
    close: async () => {
      await Promise.all(made.map((x) => x.close()));
    },
  };
}
