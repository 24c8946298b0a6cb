/**
 * The segment rules as the hub stores them: read for every segmentation run (so a change takes
 * effect on the next run), listed and changed by admins. A change is validated together with
 * the rules it joins — a malformed condition or a kind left without a fallback is refused with
 * BAD_USER_INPUT and nothing is written.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { HubError } from '../errors.js';
import { buildRuleSet, parseRule, RuleError, type RawSegmentRule, type SegmentKind, type SegmentRuleDefinition } from './rules.js';
import { SegmentRule } from './segment-rule.entity.js';

/** Fields to change; undefined or null leaves a field as it is. */
export interface SegmentRuleChange {
  outcome?: string | null;
  priority?: number | null;
  condition?: unknown;
  description?: string | null;
  active?: boolean | null;
}

/** Queues a full segmentation run; answers the job id (the waiting one when deduplicated). */
export interface SegmentationRequester {
  requestAll(trigger: 'manual'): Promise<string | undefined>;
}

const toRaw = (r: SegmentRule): RawSegmentRule => ({
  id: r.id,
  kind: r.kind,
  outcome: r.outcome,
  priority: r.priority,
  condition: r.condition,
  description: r.description,
  active: r.active,
});

/** Every rule, in evaluation order. */
async function allRules(em: EntityManager): Promise<SegmentRule[]> {
  return em.find(SegmentRule, {}, { orderBy: { kind: 'asc', priority: 'asc', id: 'asc' } });
}

export class SegmentRuleService {
  constructor(
    private readonly orm: MikroORM,
    private readonly requester?: SegmentationRequester,
  ) {}

  list(): Promise<SegmentRule[]> {
    return allRules(this.orm.em.fork());
  }

  /** The active rules, validated; throws RuleError when the stored rules are malformed. */
  async activeRuleSet(): Promise<Map<SegmentKind, SegmentRuleDefinition[]>> {
    return buildRuleSet((await this.list()).map(toRaw));
  }

  /** `em`: the transaction to change it in (the mutation's, with its access-log entry); default its own */
  async update(id: number, change: SegmentRuleChange, actor: string, inside: EntityManager = this.orm.em.fork()): Promise<SegmentRule> {
    return inside.transactional(async (em) => {
      // Lock the table against a concurrent change that could leave a kind without a fallback.
      await em.execute('LOCK TABLE segment_rule IN SHARE ROW EXCLUSIVE MODE');
      const rules = await allRules(em);
      const rule = rules.find((r) => r.id === id);
      if (!rule) throw new HubError('NOT_FOUND', `segment rule ${id} does not exist`);
      const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined && v !== null));
      Object.assign(rule, defined, { updatedAt: new Date(), updatedBy: actor });
      try {
        parseRule(toRaw(rule)); // the changed rule, even when inactive: it must be usable when switched on
        buildRuleSet(rules.map(toRaw));
      } catch (err) {
        if (err instanceof RuleError) throw new HubError('BAD_USER_INPUT', err.message);
        throw err;
      }
      return rule;
    });
  }

  async requestRun(): Promise<string | undefined> {
    if (!this.requester) throw new Error('segmentation runs cannot be requested from this process');
    return this.requester.requestAll('manual');
  }
}
