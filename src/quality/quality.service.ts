/**
 * Runs the data-quality rules and keeps `dq_issue` in step with what they find: for changed
 * records (and the golden customers they belong to) as they are ingested or re-matched, and as a
 * full sweep — records in id-ordered pages, ACTIVE customers in pages, the uniqueness aggregate
 * once, each source's sync state — each page in its own transaction, so a sweep at a million
 * records holds one page in memory and no long lock. Rules are read at the start of every run.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { HubError } from '../errors.js';
import { checkCustomer } from './checks/customer-checks.js';
import { checkRecord } from './checks/record-checks.js';
import { enabledRules, parseRule, RuleError, type QualityRule, type RawQualityRule } from './checks/rules.js';
import { checkSourceRule } from './checks/source-checks.js';
import type { DqIssue } from './dq-issue.entity.js';
import type { DqRule } from './dq-rule.entity.js';
import { QualityInputs } from './quality-inputs.js';
import { customerSubject, QualityRepository, recordSubject, systemSubject, type IssueFilter, type ReportRow, type SubjectFinding } from './quality.repository.js';

export interface QualityOptions {
  /** the configured source systems (timeliness: one never synced is a finding) */
  systems: readonly string[];
  /** records or customers per page of a sweep */
  pageSize?: number;
  /** largest `first` of an issue page */
  maxPageSize?: number;
  clock?: () => Date;
}

export interface SweepResult {
  records: number;
  customers: number;
  pages: number;
  /** issues resolved at the end because nothing found them again (subject gone, rule switched off) */
  resolvedAfter: number;
}

/** Queues a full sweep; answers the job id (the waiting one when deduplicated). */
export interface QualitySweepRequester {
  requestSweep(trigger: 'manual'): Promise<string | undefined>;
}

export interface RuleChange {
  severity?: string | null;
  enabled?: boolean | null;
  parameters?: Record<string, unknown> | null;
  description?: string | null;
}

const toRaw = (r: DqRule): RawQualityRule => ({ id: r.id, code: r.code, kind: r.kind, check: r.checkName, parameters: r.parameters, severity: r.severity, enabled: r.enabled });

const byScope = (rules: readonly QualityRule[], scope: QualityRule['scope']) => rules.filter((r) => r.scope === scope);

export class QualityService {
  private readonly pageSize: number;
  private readonly clock: () => Date;

  constructor(
    private readonly orm: MikroORM,
    private readonly options: QualityOptions,
    private readonly requester?: QualitySweepRequester,
  ) {
    this.pageSize = options.pageSize ?? 1000;
    this.clock = options.clock ?? (() => new Date());
  }

  private async transaction<T>(work: (repo: QualityRepository, inputs: QualityInputs, em: EntityManager) => Promise<T>): Promise<T> {
    return this.orm.em.fork().transactional((em) => work(new QualityRepository(em), new QualityInputs(em), em));
  }

  listRules(): Promise<DqRule[]> {
    return new QualityRepository(this.orm.em.fork()).rules();
  }

  /** the enabled rules, validated; throws RuleError when a stored rule is malformed */
  async activeRules(): Promise<QualityRule[]> {
    return enabledRules((await this.listRules()).map(toRaw));
  }

  /** `inside`: the transaction to change it in (the mutation's, with its access-log entry) */
  async updateRule(id: number, change: RuleChange, actor: string, inside: EntityManager = this.orm.em.fork()): Promise<DqRule> {
    return inside.transactional(async (em) => {
      const rule = await new QualityRepository(em).ruleForUpdate(id);
      const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined && v !== null));
      Object.assign(rule, defined, { updatedAt: new Date(), updatedBy: actor });
      try {
        // the changed rule must be usable, even when switched off: it may be switched on
        parseRule(toRaw(rule));
      } catch (err) {
        if (err instanceof RuleError) throw new HubError('BAD_USER_INPUT', err.message);
        throw err;
      }
      return rule;
    });
  }

  async acknowledge(id: string, actor: string, reason: string, inside: EntityManager = this.orm.em.fork()): Promise<DqIssue> {
    if (!/^\d+$/.test(id)) throw new HubError('NOT_FOUND', 'no such data-quality issue');
    return inside.transactional((em) => new QualityRepository(em).acknowledge(id, actor, reason));
  }

  issuePage(filter: IssueFilter, first: number, afterId: string | null): Promise<{ issues: DqIssue[]; hasNextPage: boolean }> {
    return new QualityRepository(this.orm.em.fork()).issuePage(filter, first, afterId);
  }

  /** a page for the API: `first` within 1..maxPageSize, each issue with its rule's code */
  async issuePageChecked(filter: IssueFilter, first: number, afterId: string | null): Promise<{ issues: { issue: DqIssue; ruleCode: string }[]; hasNextPage: boolean }> {
    const max = this.options.maxPageSize ?? 100;
    if (!Number.isInteger(first) || first < 1) throw new HubError('BAD_USER_INPUT', 'first: must be at least 1', { extensions: { argument: 'first' } });
    if (first > max) throw new HubError('PAGE_SIZE_TOO_LARGE', `first: at most ${max} issues per page`, { extensions: { argument: 'first', max } });
    if (filter.goldenId && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(filter.goldenId)) return { issues: [], hasNextPage: false };
    const page = await this.issuePage(filter, first, afterId);
    const codes = new Map((await this.listRules()).map((r) => [r.id, r.code]));
    return { issues: page.issues.map((issue) => ({ issue, ruleCode: codes.get(issue.ruleId) ?? String(issue.ruleId) })), hasNextPage: page.hasNextPage };
  }

  async ruleCode(ruleId: number): Promise<string> {
    return (await this.listRules()).find((r) => r.id === ruleId)?.code ?? String(ruleId);
  }

  /** the report for the API: real ISO dates, `from` not after `to`, at most 366 days */
  async reportChecked(from: string, to: string): Promise<ReportRow[]> {
    const day = (text: string, argument: string) => {
      const parsed = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN;
      if (Number.isNaN(parsed) || new Date(parsed).toISOString().slice(0, 10) !== text) {
        throw new HubError('BAD_USER_INPUT', `${argument}: an ISO date (YYYY-MM-DD)`, { extensions: { argument } });
      }
      return parsed;
    };
    const days = (day(to, 'to') - day(from, 'from')) / 86_400_000;
    if (days < 0 || days > 365) throw new HubError('BAD_USER_INPUT', 'to: from 0 to 365 days after from', { extensions: { argument: 'to' } });
    return this.report(from, to);
  }

  report(from: string, to: string): Promise<ReportRow[]> {
    return new QualityRepository(this.orm.em.fork()).report(from, to);
  }

  async requestSweep(): Promise<string | undefined> {
    if (!this.requester) throw new Error('quality sweeps cannot be requested from this process');
    return this.requester.requestSweep('manual');
  }

  /** re-checks the given source records, then the golden customers they belong to */
  async checkRecords(ids: readonly string[]): Promise<{ records: number; customers: number }> {
    const rules = await this.activeRules();
    const unique = [...new Set(ids)];
    const goldenIds = await this.transaction(async (repo, inputs) => {
      await this.checkRecordSet(repo, rules, unique, await inputs.recordsByIds(unique));
      return inputs.customersOfRecords(unique);
    });
    await this.checkCustomerSet(rules, goldenIds, true);
    return { records: unique.length, customers: goldenIds.length };
  }

  /** re-checks the given golden customers (consistency of their records, uniqueness of their ids) */
  async checkCustomers(goldenIds: readonly string[]): Promise<void> {
    await this.checkCustomerSet(await this.activeRules(), [...new Set(goldenIds)], true);
  }

  /** every rule on every subject; what the sweep no longer finds is resolved */
  async sweep(progress?: (done: { records: number; customers: number }) => unknown): Promise<SweepResult> {
    const rules = await this.activeRules();
    const started = await new QualityRepository(this.orm.em.fork()).now();
    let records = 0;
    let customers = 0;
    let pages = 0;
    for (let after: string | null = null; ; ) {
      const page = await this.transaction(async (repo, inputs) => {
        const rows = await inputs.recordPage(after, this.pageSize);
        await this.checkRecordSet(repo, rules, rows.map((r) => r.id), rows);
        return rows;
      });
      if (page.length === 0) break;
      records += page.length;
      pages++;
      after = page[page.length - 1]!.id;
      await progress?.({ records, customers });
    }
    for (let after: string | null = null; ; ) {
      const ids: string[] = await this.transaction((_repo, inputs) => inputs.activeCustomerPage(after, this.pageSize));
      if (ids.length === 0) break;
      await this.checkCustomerSet(rules, ids, false);
      customers += ids.length;
      pages++;
      after = ids[ids.length - 1]!;
      await progress?.({ records, customers });
    }
    await this.checkUniquenessOfAll(rules);
    await this.checkSources(rules);
    const resolvedAfter = await this.transaction((repo) => repo.resolveNotSeenSince(started));
    return { records, customers, pages, resolvedAfter };
  }

  /** the sources' timeliness alone (cheap: one row per source) */
  async checkSources(rules?: readonly QualityRule[]): Promise<void> {
    const active = rules ?? (await this.activeRules());
    const sourceRules = byScope(active, 'SYSTEM');
    const now = this.clock();
    await this.transaction(async (repo, inputs) => {
      const states = await inputs.sourceSyncStates(this.options.systems);
      const findings: SubjectFinding[] = [];
      for (const rule of sourceRules) {
        for (const state of states) {
          for (const finding of checkSourceRule(rule, state, now)) findings.push({ subject: systemSubject(state.system), ruleId: rule.id, severity: rule.severity, finding });
        }
      }
      await repo.recordCheck(sourceRules.map((r) => r.id), this.options.systems.map(systemSubject), findings);
    });
  }

  private async checkRecordSet(repo: QualityRepository, rules: readonly QualityRule[], ids: readonly string[], rows: Awaited<ReturnType<QualityInputs['recordsByIds']>>): Promise<void> {
    const recordRules = byScope(rules, 'RECORD');
    const today = this.clock();
    const byId = new Map(recordRules.map((r) => [r.code, r]));
    const findings: SubjectFinding[] = [];
    const subjects = new Map(ids.map((id) => [id, recordSubject(id, null, '')]));
    for (const row of rows) {
      const subject = recordSubject(row.id, row.goldenId, row.facts.system);
      subjects.set(row.id, subject);
      // a deleted record is checked no more: its issues resolve
      if (row.deleted) continue;
      for (const finding of checkRecord(recordRules, row.facts, today)) {
        const rule = byId.get(finding.rule)!;
        findings.push({ subject, ruleId: rule.id, severity: rule.severity, finding });
      }
    }
    await repo.recordCheck(recordRules.map((r) => r.id), [...subjects.values()], findings);
  }

  /**
   * Consistency of each customer's records; with `uniqueness`, also the uniqueness of the national
   * ids they hold (every customer holding one of those ids is re-checked: a merge elsewhere may
   * have fixed a duplicate). A sweep checks uniqueness once for the whole set instead.
   */
  private async checkCustomerSet(rules: readonly QualityRule[], goldenIds: readonly string[], uniqueness: boolean): Promise<void> {
    if (goldenIds.length === 0) return;
    const customerRules = byScope(rules, 'CUSTOMER');
    const uniqueRules = uniqueness ? byScope(rules, 'SET') : [];
    await this.transaction(async (repo, inputs) => {
      const linked = await inputs.linkedRecordsOfActiveCustomers(goldenIds);
      const byCode = new Map(customerRules.map((r) => [r.code, r]));
      const findings: SubjectFinding[] = [];
      for (const [goldenId, records] of linked) {
        for (const finding of checkCustomer(customerRules, records)) {
          const rule = byCode.get(finding.rule)!;
          findings.push({ subject: customerSubject(goldenId), ruleId: rule.id, severity: rule.severity, finding });
        }
      }
      // a customer merged away or retired is in scope with no finding: its issues resolve
      await repo.recordCheck(customerRules.map((r) => r.id), goldenIds.map(customerSubject), findings);
      if (uniqueRules.length > 0) {
        const ruleIds = uniqueRules.map((r) => r.id);
        const holders = await inputs.customersWithNationalIdsOf(goldenIds);
        // and whom they shared an id with before: if that id changed, those issues resolve too
        const scope = [...new Set([...holders, ...(await repo.sharingPartners(ruleIds, holders))])];
        const shared = await inputs.customersSharingNationalId(scope);
        await repo.recordCheck(ruleIds, scope.map(customerSubject), uniquenessFindings(uniqueRules, shared));
      }
    });
  }

  private async checkUniquenessOfAll(rules: readonly QualityRule[]): Promise<void> {
    const uniqueRules = byScope(rules, 'SET');
    if (uniqueRules.length === 0) return;
    await this.transaction(async (repo, inputs) => {
      const findings = uniquenessFindings(uniqueRules, await inputs.customersSharingNationalId());
      // what is not found again resolves at the sweep's end (resolveNotSeenSince)
      for (let i = 0; i < findings.length; i += this.pageSize) await repo.recordCheck([], [], findings.slice(i, i + this.pageSize));
    });
  }
}

/** golden ids are the hub's identifiers, not personal values: kept so a re-check knows the partners */
function uniquenessFindings(rules: readonly QualityRule[], shared: readonly { goldenId: string; customers: number; others: string[] }[]): SubjectFinding[] {
  return rules.flatMap((rule) =>
    shared.map((s) => ({
      subject: customerSubject(s.goldenId),
      ruleId: rule.id,
      severity: rule.severity,
      finding: { rule: rule.code, field: 'nationalId', reason: 'SHARED_WITH_OTHER_CUSTOMER', detail: { customers: s.customers, sharedWith: s.others.join(',') } },
    })),
  );
}

export type { ReportRow };
