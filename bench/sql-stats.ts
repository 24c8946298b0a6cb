/**
 * Time spent per SQL statement sent through MikroORM's `EntityManager.execute` while switched
 * on: the prototype is wrapped once, so every fork (one per request or job) is counted.
 */
import { EntityManager } from '@mikro-orm/postgresql';

export const sqlStats = { on: false, byStatement: new Map<string, { calls: number; ms: number; maxParamChars: number }>() };

let instrumented = false;

export function instrumentSql(): void {
  if (instrumented) return;
  instrumented = true;
  const proto = EntityManager.prototype as unknown as { execute: (...a: unknown[]) => Promise<unknown> };
  const original = proto.execute;
  proto.execute = async function (this: unknown, ...a: unknown[]) {
    if (!sqlStats.on) return original.apply(this, a);
    const t = performance.now();
    try {
      return await original.apply(this, a);
    } finally {
      const sql = String(a[0]).replace(/\s+/g, ' ').trim().slice(0, 90);
      const s = sqlStats.byStatement.get(sql) ?? { calls: 0, ms: 0, maxParamChars: 0 };
      const params = Array.isArray(a[1]) ? (a[1] as unknown[]) : [];
      s.maxParamChars = Math.max(s.maxParamChars, params.reduce<number>((n, p) => n + (typeof p === 'string' ? p.length : 0), 0));
      s.calls += 1;
      s.ms += performance.now() - t;
      sqlStats.byStatement.set(sql, s);
    }
  };
}

/** the statements by total time, then forgets them */
export function takeSqlStats(top = 12) {
  const rows = [...sqlStats.byStatement.entries()]
    .map(([sql, s]) => ({ sql, calls: s.calls, totalMs: Math.round(s.ms), meanMs: +(s.ms / s.calls).toFixed(2), maxParamChars: s.maxParamChars }))
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, top);
  sqlStats.byStatement.clear();
  return rows;
}
