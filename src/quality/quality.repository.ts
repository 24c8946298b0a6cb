/**
 * The quality capability's own tables, `dq_rule` and `dq_issue`, with queries named by intent.
 * Issues are written set-based: one statement upserts a page's findings, one resolves what the
 * page's re-check no longer finds, so a sweep costs a few statements per page at any size.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlArray } from '../db/sql-array.js';
import { HubError } from '../errors.js';
import type { Finding } from './checks/rules.js';
import { DqIssue, type DqIssueStatus } from './dq-issue.entity.js';
import { DqRule } from './dq-rule.entity.js';

/** what a check looked at: a re-check of the same subject replaces its findings */
export interface Subject {
  key: string;
  sourceRecordId?: string | null;
  goldenId?: string | null;
  system?: string | null;
}

export const recordSubject = (id: string, goldenId: string | null, system: string): Subject => ({ key: `record:${id}`, sourceRecordId: id, goldenId, system });
export const customerSubject = (goldenId: string): Subject => ({ key: `customer:${goldenId}`, goldenId });
export const systemSubject = (system: string): Subject => ({ key: `system:${system}`, system });

export interface SubjectFinding {
  subject: Subject;
  ruleId: number;
  severity: string;
  finding: Finding;
}

export interface IssueFilter {
  ruleCode?: string | null;
  system?: string | null;
  severity?: string | null;
  status?: DqIssueStatus | null;
  goldenId?: string | null;
}

export interface ReportRow {
  day: string;
  system: string | null;
  rule: string;
  /** unresolved at the end of the day */
  open: number;
  /** found that day */
  opened: number;
  /** resolved that day */
  resolved: number;
}

/** one finding per (rule, subject, field): several reasons on one field are joined */
function merged(findings: readonly SubjectFinding[]): SubjectFinding[] {
  const byKey = new Map<string, SubjectFinding>();
  for (const f of findings) {
    const key = `${f.ruleId}|${f.subject.key}|${f.finding.field ?? ''}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, f);
    else if (!seen.finding.reason.split(',').includes(f.finding.reason)) {
      byKey.set(key, { ...seen, finding: { ...seen.finding, reason: `${seen.finding.reason},${f.finding.reason}`, detail: { ...seen.finding.detail, ...f.finding.detail } } });
    }
  }
  return [...byKey.values()];
}

export class QualityRepository {
  constructor(private readonly em: EntityManager) {}

  /** every rule, in id order */
  rules(): Promise<DqRule[]> {
    return this.em.find(DqRule, {}, { orderBy: { id: 'asc' } });
  }

  async ruleForUpdate(id: number): Promise<DqRule> {
    const rule = await this.em.findOne(DqRule, { id }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
    if (!rule) throw new HubError('NOT_FOUND', `data-quality rule ${id} does not exist`);
    return rule;
  }

  /**
   * Records what a check of `subjects` under `ruleIds` found: each finding opens an issue or
   * refreshes the unresolved one of its (rule, subject, field); every unresolved issue of those
   * rules and subjects not found again is resolved. Findings outside `subjects` are recorded but
   * resolve nothing.
   */
  async recordCheck(ruleIds: readonly number[], subjects: readonly Subject[], findings: readonly SubjectFinding[]): Promise<void> {
    const rows = merged(findings);
    if (rows.length > 0) {
      await this.em.execute(
        `INSERT INTO dq_issue (rule_id, severity, subject_key, source_record_id, golden_id, system, field, reason, detail, status, first_seen_at, last_seen_at)
         SELECT f.rule_id, f.severity, f.subject_key, nullif(f.source_record_id, '')::bigint, nullif(f.golden_id, '')::uuid, nullif(f.system, ''),
                f.field, f.reason, nullif(f.detail, '')::jsonb, 'OPEN', now(), now()
           FROM unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                AS f(rule_id, severity, subject_key, source_record_id, golden_id, system, field, reason, detail)
         ON CONFLICT (rule_id, subject_key, field) WHERE status <> 'RESOLVED'
         DO UPDATE SET severity = excluded.severity, reason = excluded.reason, detail = excluded.detail,
                       golden_id = excluded.golden_id, last_seen_at = excluded.last_seen_at`,
        [
          sqlArray(rows.map((r) => r.ruleId)),
          sqlArray(rows.map((r) => r.severity)),
          sqlArray(rows.map((r) => r.subject.key)),
          sqlArray(rows.map((r) => r.subject.sourceRecordId ?? '')),
          sqlArray(rows.map((r) => r.subject.goldenId ?? '')),
          sqlArray(rows.map((r) => r.subject.system ?? '')),
          sqlArray(rows.map((r) => r.finding.field ?? '')),
          sqlArray(rows.map((r) => r.finding.reason)),
          sqlArray(rows.map((r) => (r.finding.detail ? JSON.stringify(r.finding.detail) : ''))),
        ],
      );
    }
    if (ruleIds.length === 0 || subjects.length === 0) return;
    await this.em.execute(
      `UPDATE dq_issue i SET status = 'RESOLVED', resolved_at = now()
        WHERE i.status <> 'RESOLVED' AND i.rule_id = ANY(?::int[]) AND i.subject_key = ANY(?::text[])
          AND NOT EXISTS (SELECT 1 FROM unnest(?::int[], ?::text[], ?::text[]) AS k(rule_id, subject_key, field)
                           WHERE k.rule_id = i.rule_id AND k.subject_key = i.subject_key AND k.field = i.field)`,
      [
        sqlArray(ruleIds),
        sqlArray(subjects.map((s) => s.key)),
        sqlArray(rows.map((r) => r.ruleId)),
        sqlArray(rows.map((r) => r.subject.key)),
        sqlArray(rows.map((r) => r.finding.field ?? '')),
      ],
    );
  }

  /**
   * The customers the unresolved issues of `ruleIds` on these customers say they share a value
   * with (`detail.sharedWith`): a re-check must cover them, since the value they shared may be gone.
   */
  async sharingPartners(ruleIds: readonly number[], goldenIds: readonly string[]): Promise<string[]> {
    if (ruleIds.length === 0 || goldenIds.length === 0) return [];
    const rows = await this.em.execute<{ partner: string }[]>(
      `SELECT DISTINCT p AS partner FROM dq_issue i, unnest(string_to_array(i.detail->>'sharedWith', ',')) AS p
        WHERE i.status <> 'RESOLVED' AND i.rule_id = ANY(?::int[]) AND i.golden_id = ANY(?::uuid[])`,
      [sqlArray(ruleIds), sqlArray(goldenIds)],
    );
    return rows.map((r) => r.partner);
  }

  /** the database's clock: a full sweep resolves, at its end, what it did not see since then */
  async now(): Promise<Date> {
    const [row] = await this.em.execute<{ now: Date }[]>('SELECT now() AS now');
    return new Date(row!.now);
  }

  /**
   * After a full sweep: every unresolved issue it did not find again — of a subject gone (a
   * record deleted from the hub, a customer merged away), a rule switched off — is resolved.
   */
  async resolveNotSeenSince(since: Date): Promise<number> {
    const rows = await this.em.execute<{ n: number }[]>(
      `WITH done AS (UPDATE dq_issue SET status = 'RESOLVED', resolved_at = now() WHERE status <> 'RESOLVED' AND last_seen_at < ? RETURNING 1)
       SELECT count(*)::int AS n FROM done`,
      [since],
    );
    return rows[0]?.n ?? 0;
  }

  /** OPEN → ACKNOWLEDGED by a steward; acknowledging an acknowledged issue again keeps the first */
  async acknowledge(id: string, actor: string, reason: string): Promise<DqIssue> {
    const issue = await this.em.findOne(DqIssue, { id }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
    if (!issue) throw new HubError('NOT_FOUND', `data-quality issue ${id} does not exist`);
    if (issue.status === 'RESOLVED') throw new HubError('BAD_USER_INPUT', `data-quality issue ${id} is resolved`);
    if (issue.status === 'OPEN') {
      issue.status = 'ACKNOWLEDGED';
      issue.acknowledgedBy = actor;
      issue.acknowledgedAt = new Date();
      issue.acknowledgeReason = reason;
    }
    return issue;
  }

  /** one page of issues matching `filter`, newest first (id descending), after the issue `afterId` */
  async issuePage(filter: IssueFilter, first: number, afterId: string | null): Promise<{ issues: DqIssue[]; hasNextPage: boolean }> {
    const where: Record<string, unknown> = {};
    if (filter.status) where.status = filter.status;
    if (filter.severity) where.severity = filter.severity;
    if (filter.system) where.system = filter.system;
    if (filter.goldenId) where.goldenId = filter.goldenId;
    if (filter.ruleCode) {
      const rule = await this.em.findOne(DqRule, { code: filter.ruleCode });
      if (!rule) return { issues: [], hasNextPage: false };
      where.ruleId = rule.id;
    }
    if (afterId) where.id = { $lt: afterId };
    const issues = await this.em.find(DqIssue, where, { orderBy: { id: 'desc' }, limit: first + 1 });
    return { issues: issues.slice(0, first), hasNextPage: issues.length > first };
  }

  /** counts per day (UTC), source system and rule from `from` to `to` (dates, inclusive) */
  async report(from: string, to: string): Promise<ReportRow[]> {
    const rows = await this.em.execute<{ day: string; system: string | null; rule: string; open: number; opened: number; resolved: number }[]>(
      `WITH days AS (
         SELECT d::date AS day, (d::date::timestamp AT TIME ZONE 'UTC') AS starts, ((d::date + 1)::timestamp AT TIME ZONE 'UTC') AS ends
           FROM generate_series(?::date, ?::date, interval '1 day') AS d
       )
       SELECT to_char(days.day, 'YYYY-MM-DD') AS day, i.system, r.code AS rule,
              count(*) FILTER (WHERE i.first_seen_at < days.ends AND (i.resolved_at IS NULL OR i.resolved_at >= days.ends))::int AS open,
              count(*) FILTER (WHERE i.first_seen_at >= days.starts AND i.first_seen_at < days.ends)::int AS opened,
              count(*) FILTER (WHERE i.resolved_at >= days.starts AND i.resolved_at < days.ends)::int AS resolved
         FROM days
         JOIN dq_issue i ON i.first_seen_at < days.ends AND (i.resolved_at IS NULL OR i.resolved_at >= days.starts)
         JOIN dq_rule r ON r.id = i.rule_id
        GROUP BY days.day, i.system, r.code
        ORDER BY days.day, i.system NULLS LAST, r.code`,
      [from, to],
    );
    return rows;
  }
}
