/**
 * The steward's review queue: scored pairs of one status, most useful first (the stored
 * `review_priority`, engine/review-priority.ts), with both records, the score term by term and
 * what a merge would change. Only for the purpose DATA_QUALITY; every personal value still goes
 * through the policy gate, under its own customer.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import stringify from 'safe-stable-stringify';
import type { SourceSystem } from '../../connectors/contract.js';
import { cursorCodec } from '../api/cursor.js';
import { asDate } from '../db/timestamp.js';
import { HubError } from '../errors.js';
import { GoldenRepository } from '../golden/golden.repository.js';
import { GOLDEN_FIELDS, GOLDEN_FIELD_ATTRIBUTES, survive, type GoldenAttributes, type SurvivorshipPolicy } from '../golden/survivorship/index.js';
import { SourceRecordRepository } from '../ingest/source-record.repository.js';
import { SourceRecordView } from '../ingest/source-system.types.js';
import { MatchingRepository, type QueueRow } from '../matching/matching.repository.js';
import { toLoadedRecord } from '../matching/record-rows.js';
import {
  CandidateStatus,
  ComparedValue,
  FieldChange,
  MatchCandidateConnection,
  MatchCandidateView,
  ownerOf,
  PairSide,
  ScoreTerm,
} from './review-queue.types.js';

// keyset of the queue's order: the pair's id and its priority (exact: a float8 printed by JS round-trips)
const codec = cursorCodec('match-candidate', /^[0-9]{1,19}@-?[0-9.]+(e[-+]?[0-9]+)?$/);

export function encodeQueueCursor(row: { id: string; review_priority: number }): string {
  return codec.encode(`${row.id}@${row.review_priority}`);
}

export function decodeQueueCursor(cursor: string): { id: string; priority: number } {
  const [id, priority] = codec.decode(cursor).split('@');
  const value = Number(priority);
  if (!Number.isFinite(value)) throw new HubError('INVALID_CURSOR', 'after: not a cursor of this list', { extensions: { argument: 'after' } });
  return { id, priority: value };
}

export interface QueueArgs {
  status: CandidateStatus;
  minProbability?: number | null;
  maxProbability?: number | null;
  system?: SourceSystem | null;
  first: number;
  after?: string | null;
}

export class ReviewQueueService {
  constructor(
    private readonly orm: MikroORM,
    private readonly survivorship: SurvivorshipPolicy,
    readonly maxPageSize: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async page(args: QueueArgs): Promise<MatchCandidateConnection> {
    if (!Number.isInteger(args.first) || args.first < 1) throw new HubError('BAD_USER_INPUT', 'first: must be at least 1', { extensions: { argument: 'first' } });
    if (args.first > this.maxPageSize) {
      throw new HubError('PAGE_SIZE_TOO_LARGE', `first: at most ${this.maxPageSize} pairs per page`, { extensions: { argument: 'first', max: this.maxPageSize } });
    }
    for (const [argument, p] of [['minProbability', args.minProbability], ['maxProbability', args.maxProbability]] as const) {
      if (p !== null && p !== undefined && !(p >= 0 && p <= 1)) throw new HubError('BAD_USER_INPUT', `${argument}: a probability from 0 to 1`, { extensions: { argument } });
    }
    const after = args.after ? decodeQueueCursor(args.after) : null;
    const em = this.orm.em.fork();
    const rows = await new MatchingRepository(em).reviewQueuePage(
      { status: args.status, minProbability: args.minProbability, maxProbability: args.maxProbability, systems: args.system ? [args.system] : null },
      after,
      args.first + 1,
    );
    const page = rows.slice(0, args.first);
    const records = await new SourceRecordRepository(em).byIds([...new Set(page.flatMap((r) => [r.record_a, r.record_b]))]);
    const byId = new Map(records.map((r) => [r.id, r]));
    const edges = page.map((row) => ({ cursor: encodeQueueCursor(row), node: candidateView(row, byId) }));
    return Object.assign(new MatchCandidateConnection(), {
      edges,
      pageInfo: { hasNextPage: rows.length > args.first, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    });
  }

  /**
   * The golden fields a merge would change, per side and per candidate of a page: survivorship
   * (pure) over every live record of both sides' customers, with the overrides of the customer
   * whose id the merge keeps (the older), against what each customer holds now (a record linked
   * to no one: what it would survive into alone). The whole page's records, customers and
   * overrides are read at once (five statements a page, not four a pair).
   */
  async wouldChangeMany(candidates: readonly MatchCandidateView[]): Promise<FieldChange[][]> {
    const em = this.orm.em.fork();
    const records = new SourceRecordRepository(em);
    const goldens = new GoldenRepository(em);
    const pairIds = [...new Set(candidates.flatMap((c) => [c.recordA, c.recordB]))];
    const memberIds = await records.recordsOfSameGoldens(pairIds);
    const goldenOf = new Map((await records.goldenLinksOf([...new Set([...memberIds, ...pairIds])])).map((l) => [l.id, l.golden_id]));
    const loaded = (await records.recordsForMatching([...new Set([...memberIds, ...pairIds])])).map(toLoadedRecord);
    const goldenIds = [...new Set(candidates.flatMap((c) => [c.goldenA, c.goldenB]).filter((g): g is string => !!g))];
    const oldestFirst = await goldens.storedOldestFirst(goldenIds);
    const overrides = await goldens.overridesOf(goldenIds);
    const now = this.now();
    return candidates.map((candidate) => {
      const sides = [
        { side: PairSide.LEFT, recordId: candidate.recordA, goldenId: candidate.goldenA },
        { side: PairSide.RIGHT, recordId: candidate.recordB, goldenId: candidate.goldenB },
      ];
      const pairGoldens = new Set([goldenOf.get(candidate.recordA), goldenOf.get(candidate.recordB)].filter((g): g is string => !!g));
      const mine = loaded.filter((r) => {
        const id = r.survivor.recordId;
        return id === candidate.recordA || id === candidate.recordB || pairGoldens.has(goldenOf.get(id) ?? '');
      });
      if (mine.length === 0) return [];
      const theirs = oldestFirst.filter((g) => g.id === candidate.goldenA || g.id === candidate.goldenB);
      const stored = new Map(theirs.map((g) => [g.id, g.attributes as GoldenAttributes]));
      // the merged customer keeps the older id (stable ids), and with it that customer's overrides
      const survivorId = theirs[0]?.id;
      const merged = survive(mine.map((r) => r.survivor), this.survivorship, now, survivorId ? overrides.get(survivorId) : undefined).attributes;
      const changes: FieldChange[] = [];
      for (const { side, recordId, goldenId } of sides) {
        if (side === PairSide.RIGHT && goldenId !== null && goldenId === candidate.goldenA) continue; // one customer already
        const own = mine.filter((r) => r.survivor.recordId === recordId);
        const current = (goldenId && stored.get(goldenId)) || (own.length > 0 ? survive(own.map((r) => r.survivor), this.survivorship, now).attributes : null);
        if (!current) continue;
        for (const field of GOLDEN_FIELDS) {
          const before = pick(current, field);
          const after = pick(merged, field);
          if (stringify(before) === stringify(after)) continue;
          changes.push(Object.assign(new FieldChange(), { field, side, customerId: goldenId, before, after, ...ownerOf(recordId, goldenId) }));
        }
      }
      return changes;
    });
  }
}

function pick(attributes: GoldenAttributes, field: (typeof GOLDEN_FIELDS)[number]): Record<string, unknown> {
  return Object.fromEntries(GOLDEN_FIELD_ATTRIBUTES[field].map((a) => [a, attributes[a] ?? null]));
}

interface StoredTerm {
  field?: unknown;
  level?: unknown;
  left?: unknown;
  right?: unknown;
  weight?: unknown;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function candidateView(row: QueueRow, records: Map<string, Parameters<typeof SourceRecordView.from>[0]>): MatchCandidateView {
  const a = records.get(row.record_a);
  const b = records.get(row.record_b);
  const goldenA = a?.goldenId ?? null;
  const goldenB = b?.goldenId ?? null;
  const terms = Array.isArray(row.explanation.terms) ? (row.explanation.terms as StoredTerm[]) : [];
  return Object.assign(new MatchCandidateView(), {
    id: row.id,
    status: row.status as CandidateStatus,
    probability: row.probability,
    weight: row.weight,
    reviewPriority: row.review_priority,
    left: a ? SourceRecordView.from(a) : null,
    right: b ? SourceRecordView.from(b) : null,
    terms: terms.map((t) =>
      Object.assign(new ScoreTerm(), {
        field: String(t.field),
        level: String(t.level),
        weight: Number(t.weight),
        left: ComparedValue.of(text(t.left), ownerOf(row.record_a, goldenA)),
        right: ComparedValue.of(text(t.right), ownerOf(row.record_b, goldenB)),
      }),
    ),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : asDate(row.decided_at),
    scoredAt: asDate(row.scored_at),
    recordA: row.record_a,
    recordB: row.record_b,
    goldenA,
    goldenB,
  });
}
