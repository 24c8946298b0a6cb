/**
 * Liveness of the hub's own dependencies, for `/health` and the `health` query: its database
 * and the queue store its jobs live in (Redis, or the PostgreSQL backend). Either down makes
 * `ok` false and `/health` 503: a hub whose queue store is down takes requests but runs no job.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { Field, Int, ObjectType, Query, Resolver, Ctx } from 'type-graphql';

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

async function databaseAnswers(orm: MikroORM): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      orm.em.fork().execute('SELECT 1').then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), DATABASE_TIMEOUT_MS))),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(orm: MikroORM, queue?: QueueStore): Promise<HubHealth> {
  const started = Date.now();
  const [database, queueOk] = await Promise.all([
    databaseAnswers(orm).then((ok) => ({ ok, ms: Date.now() - started })),
    queue ? queue.ping().catch(() => false) : Promise.resolve(true),
  ]);
  return { ok: database.ok && queueOk, database: database.ok, databaseLatencyMs: database.ms, queue: queueOk };
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
  @Query(() => HealthView, { description: 'Whether the hub, its database and its queue store answer' })
  health(@Ctx() ctx: { services: { health(): Promise<HubHealth> } }): Promise<HealthView> {
    return ctx.services.health();
  }
}
