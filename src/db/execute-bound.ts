/**
 * A statement whose parameters travel to PostgreSQL as bind parameters instead of being inlined
 * into its text. MikroORM's `em.execute` quotes and inlines every parameter in JavaScript,
 * character by character: 2.4 s for one 5 MB JSON parameter (a statement's worth of golden
 * customers, scored pairs or ingested rows), all of it blocking the event loop, so the job's lock
 * went unrenewed and health checks unanswered. Same `?` placeholders, same rows back; runs in
 * the entity manager's transaction when it has one.
 */
import type { EntityManager } from '@mikro-orm/postgresql';

export async function executeBound<T = Record<string, unknown>>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  const query = em.getKnex().raw(sql, params as never[]);
  const trx = em.getTransactionContext();
  if (trx) query.transacting(trx);
  const result = (await query) as { rows?: T[] };
  return result.rows ?? [];
}
