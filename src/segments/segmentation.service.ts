/**
 * Runs segmentation over the hub: reads golden customers page by page (golden's repository), their
 * live source records (ingest's), asks each source for the holdings of the whole page in one call, computes the
 * segments with the pure code (facts.ts, segment.ts) and writes a page in one statement
 * (GoldenRepository.recordSegments: the segment columns are golden_customer's).
 *
 * Holdings come through the holdings gateway (src/holdings), with its deadline and metrics. All or
 * nothing per page: a source that fails or is late fails the run (the job retries it with backoff)
 * before anything of that page is written, so no customer gets segments computed from part of
 * its holdings. Pages already written stay written — rerunning gives the same values, so a
 * retried run is idempotent.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Holding, SourceSystem } from '../../connectors/contract.js';
import type { HoldingsGateway } from '../holdings/holdings.gateway.js';
import { GoldenRepository } from '../golden/golden.repository.js';
import { SourceRecordRepository } from '../ingest/source-record.repository.js';
import { deriveFacts } from './facts.js';
import type { SegmentKind, SegmentRuleDefinition } from './rules.js';
import { assignSegments } from './segment.js';
import type { SegmentRuleService } from './segment-rule.service.js';

export interface SegmentationOptions {
  /** golden customers per page: one holdings call per source and one write per page */
  pageSize?: number;
  /** the reference time of tenure and activity facts; default: the wall clock */
  clock?: () => Date;
}

export interface SegmentationResult {
  customers: number;
  pages: number;
  /** customers per value: { VALUE_TIER: { A: 10, … }, … } */
  distribution: Record<SegmentKind, Record<string, number>>;
}

type RuleSet = Map<SegmentKind, SegmentRuleDefinition[]>;

export class SegmentationService {
  private readonly pageSize: number;
  private readonly clock: () => Date;

  constructor(
    private readonly orm: MikroORM,
    private readonly holdings: HoldingsGateway,
    private readonly rules: SegmentRuleService,
    options: SegmentationOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 500;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Every ACTIVE golden customer, in keyset pages by id. */
  async segmentAll(onPage?: (done: number) => Promise<unknown> | void): Promise<SegmentationResult> {
    const ruleSet = await this.rules.activeRuleSet(); // once per run: a rule change applies to the next run
    const now = this.clock();
    const result = emptyResult();
    let after: string | null = null;
    for (;;) {
      const ids = await new GoldenRepository(this.orm.em.fork()).activeIdsAfter(after, this.pageSize);
      if (ids.length === 0) break;
      await this.segmentPage(ids, ruleSet, now, result);
      after = ids.at(-1)!;
      await onPage?.(result.customers);
    }
    return result;
  }

  /** These golden customers (those not ACTIVE are skipped), e.g. the ones a match run touched. */
  async segmentCustomers(goldenIds: readonly string[]): Promise<SegmentationResult> {
    const ruleSet = await this.rules.activeRuleSet();
    const now = this.clock();
    const result = emptyResult();
    const ids = [...new Set(goldenIds)];
    for (let i = 0; i < ids.length; i += this.pageSize) {
      const active = await new GoldenRepository(this.orm.em.fork()).activeAmong(ids.slice(i, i + this.pageSize));
      if (active.length > 0) await this.segmentPage(active, ruleSet, now, result);
    }
    return result;
  }

  private async segmentPage(goldenIds: string[], ruleSet: RuleSet, now: Date, result: SegmentationResult): Promise<void> {
    const records = await new SourceRecordRepository(this.orm.em.fork()).holdingKeysOf(goldenIds);
    const holdingsBySystem = await this.lookupHoldings(records);

    const perCustomer = new Map<string, { holdings: Holding[]; sources: Set<SourceSystem> }>(
      goldenIds.map((id) => [id, { holdings: [], sources: new Set() }]),
    );
    for (const r of records) {
      const customer = perCustomer.get(r.golden_id)!;
      customer.holdings.push(...(holdingsBySystem.get(r.system)?.get(r.source_key) ?? []));
      customer.sources.add(r.system);
    }

    const rows = [...perCustomer].map(([id, { holdings, sources }]) => {
      const segments = assignSegments(deriveFacts(holdings, now), ruleSet, [...sources]);
      for (const reason of segments.explanation.reasons) {
        const counts = result.distribution[reason.segment];
        counts[reason.value] = (counts[reason.value] ?? 0) + 1;
      }
      return {
        id,
        value_tier: segments.valueTier,
        risk_grade: segments.riskGrade,
        lifecycle_stage: segments.lifecycleStage,
        segment_explanation: segments.explanation,
      };
    });
    // derived data: no version bump, and a customer merged away meanwhile is left alone (see recordSegments)
    await new GoldenRepository(this.orm.em.fork()).recordSegments(rows, now);
    result.customers += rows.length;
    result.pages += 1;
  }

  /** One lookup per source system for all keys of the page; any failure rejects the page. */
  private async lookupHoldings(records: readonly { system: SourceSystem; source_key: string }[]): Promise<Map<SourceSystem, ReadonlyMap<string, Holding[]>>> {
    const keysBySystem = new Map<SourceSystem, string[]>();
    for (const r of records) {
      const keys = keysBySystem.get(r.system) ?? [];
      keys.push(r.source_key);
      keysBySystem.set(r.system, keys);
    }
    const lookups = [...keysBySystem].map(async ([system, keys]) => {
      if (!this.holdings.systems.includes(system)) throw new Error(`segmentation: no connector configured for source system ${system}`);
      try {
        return [system, await this.holdings.lookup(system, keys)] as const;
      } catch (err) {
        throw new Error(`segmentation: holdings lookup failed for source system ${system}`, { cause: err });
      }
    });
    return new Map(await Promise.all(lookups));
  }
}

function emptyResult(): SegmentationResult {
  return { customers: 0, pages: 0, distribution: { VALUE_TIER: {}, RISK_GRADE: {}, LIFECYCLE_STAGE: {} } };
}
