/**
 * What the hub's own database connection may do to the access log. A superuser can switch the
 * triggers off (`session_replication_role`), the tables' owner can `ALTER TABLE … DISABLE
 * TRIGGER`, and either can then rewrite entries; the hub should run as a role that can do
 * neither (Migration20261202500000, README "Database roles"). Checked at start: production
 * refuses such a role unless AUDIT_ALLOW_PRIVILEGED_DB_ROLE=true, the demo warns.
 */
import type { MikroORM } from '@mikro-orm/postgresql';

export interface RuntimeRole {
  role: string;
  superuser: boolean;
  /** owns access_log or access_log_seal, or is a member of a role that does */
  ownsLog: boolean;
  /** holds UPDATE, DELETE or TRUNCATE on either */
  mayChangeLog: boolean;
}

export async function inspectRuntimeRole(orm: MikroORM): Promise<RuntimeRole> {
  const [r] = await orm.em.fork().execute<{ role: string; superuser: boolean; owns_log: boolean; may_change_log: boolean }[]>(
    `SELECT current_user AS role,
            (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
            bool_or(pg_has_role(current_user, c.relowner, 'MEMBER')) AS owns_log,
            bool_or(has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE') OR has_table_privilege(c.oid, 'TRUNCATE')) AS may_change_log
     FROM pg_class c WHERE c.oid IN ('access_log'::regclass, 'access_log_seal'::regclass)`,
  );
  return { role: r.role, superuser: r.superuser, ownsLog: r.owns_log, mayChangeLog: r.may_change_log };
}

/** What is wrong with the role for an append-only log, in words (empty: nothing). */
export function runtimeRoleProblems(r: RuntimeRole): string[] {
  const problems: string[] = [];
  if (r.superuser) problems.push('is a superuser (can switch the triggers off)');
  if (r.ownsLog) problems.push('owns the access log tables (can disable their triggers)');
  if (r.mayChangeLog && !r.superuser && !r.ownsLog) problems.push('holds UPDATE, DELETE or TRUNCATE on the access log tables');
  return problems;
}
