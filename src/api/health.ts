/** Liveness of the hub's own dependencies, for `/health` and the `health` query. */
import type { MikroORM } from '@mikro-orm/postgresql';
import { Field, Int, ObjectType, Query, Resolver, Ctx } from 'type-graphql';

export interface HubHealth {
  ok: boolean;
  database: boolean;
  databaseLatencyMs: number;
}

export async function checkHealth(orm: MikroORM): Promise<HubHealth> {
  const started = Date.now();
  try {
    await orm.em.fork().execute('SELECT 1');
    return { ok: true, database: true, databaseLatencyMs: Date.now() - started };
  } catch {
    return { ok: false, database: false, databaseLatencyMs: Date.now() - started };
  }
}

@ObjectType('Health')
export class HealthView {
  @Field() ok!: boolean;
  @Field() database!: boolean;
  @Field(() => Int) databaseLatencyMs!: number;
}

@Resolver()
export class HealthResolver {
  @Query(() => HealthView, { description: 'Whether the hub and its database answer' })
  health(@Ctx() ctx: { services: { health(): Promise<HubHealth> } }): Promise<HealthView> {
    return ctx.services.health();
  }
}
