/**
 * Liveness of the hub's own dependencies, for `/health` and the `health` query: its database
 * and the queue store its jobs live in (Redis, or the PostgreSQL backend). Either down makes
 * `ok` false and `/health` 503: a hub whose queue store is down takes requests but runs no job.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { withTimeout } from '../with-timeout.js';
import { Field, Int, ObjectType, Query, Resolver } from 'type-graphql';

export interface HubHealth {
  ok: boolean;
  database: boolean;
  databaseLatencyMs: number;
  /** the queue store answers (Redis PING, or the PostgreSQL queue backend) */
  queue: boolean;
}

export interface QueueStore {
  ping(): Promise<boolean>;
}

const DATABASE_TIMEOUT_MS = 2000;

/** how the database is asked: through the ORM's pool, or a probe on a connection of its own */
export type DatabaseProbe = MikroORM | (() => Promise<unknown>);

function databaseAnswers(probe: DatabaseProbe): Promise<boolean> {
  const asked = typeof probe === 'function' ? probe() : probe.em.fork().execute('SELECT 1');
  return withTimeout(asked.then(() => true), DATABASE_TIMEOUT_MS, false);
}

/**
 * `database`: the API passes a probe on a connection of its own, so that a pool busy with
 * requests does not read as a database down (as /ready does).
 */
export async function checkHealth(database: DatabaseProbe, queue?: QueueStore): Promise<HubHealth> {
  const started = Date.now();
  const [db, queueOk] = await Promise.all([
    databaseAnswers(database).then((ok) => ({ ok, ms: Date.now() - started })),
    queue ? queue.ping().catch(() => false) : Promise.resolve(true),
  ]);
  return { ok: db.ok && queueOk, database: db.ok, databaseLatencyMs: db.ms, queue: queueOk };
}

@ObjectType('Health')
export class HealthView {
  @Field() ok!: boolean;
  @Field() database!: boolean;
  @Field(() => Int) databaseLatencyMs!: number;
  @Field({ description: 'Whether the queue store (Redis, or the PostgreSQL queue backend) answers' }) queue!: boolean;
}

@Resolver()
export class HealthResolver {
  constructor(private readonly check: () => Promise<HubHealth>) {}

  @Query(() => HealthView, { description: 'Whether the hub, its database and its queue store answer' })
  health(): Promise<HealthView> {
    return this.check();
  }
}
