/** GraphQL shapes of segments and segment rules. Entities are never exposed directly. */
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import type { GoldenCustomer } from '../golden/golden-customer.entity.js';
import { SourceSystem } from '../ingest/source-system.types.js';
import type { SourceSystem as SourceSystemCode } from '../../connectors/contract.js';
import type { SegmentKind as SegmentKindCode } from './rules.js';
import type { SegmentExplanation } from './segment.js';
import type { SegmentRule } from './segment-rule.entity.js';
import { DataCategory } from '../policy/categories.js';
import { Personal } from '../policy/personal.js';

// The GraphQL enums mirror SEGMENT_OUTCOMES in rules.ts (values are the stored codes).
export enum ValueTier {
  A = 'A',
  B = 'B',
  C = 'C',
}
registerEnumType(ValueTier, { name: 'ValueTier', description: 'Value to the bank, A highest' });

export enum RiskGrade {
  AAA = 'AAA',
  AA = 'AA',
  A = 'A',
  BBB = 'BBB',
  BB = 'BB',
  B = 'B',
  CCC = 'CCC',
}
registerEnumType(RiskGrade, { name: 'RiskGrade', description: 'Credit risk grade, AAA lowest risk, CCC non-performing' });

export enum LifecycleStage {
  NEW = 'NEW',
  GROWING = 'GROWING',
  MATURE = 'MATURE',
  DORMANT = 'DORMANT',
  CHURN_RISK = 'CHURN_RISK',
}
registerEnumType(LifecycleStage, { name: 'LifecycleStage' });

export enum SegmentKind {
  VALUE_TIER = 'VALUE_TIER',
  RISK_GRADE = 'RISK_GRADE',
  LIFECYCLE_STAGE = 'LIFECYCLE_STAGE',
}
registerEnumType(SegmentKind, { name: 'SegmentKind' });

@ObjectType({ description: 'Why a customer has one segment: the rule that matched first and the facts it read' })
export class SegmentReason {
  @Field(() => SegmentKind) segment!: SegmentKindCode;
  @Field({ description: 'the segment value, e.g. A, BBB, GROWING' }) value!: string;
  @Field(() => Int) ruleId!: number;
  @Field() description!: string;
  // The facts are the customer's figures (totalBalance, totalDebt, …: with one account, its
  // balance to the cent), so they are FINANCIAL data whoever may read the segments: without this
  // gate ADMIN/SERVICE (FINANCIAL DENY, PROFILING ALLOW) read balances the holdings withhold.
  @Personal(DataCategory.FINANCIAL)
  @Field(() => JSONObjectResolver, { nullable: true, description: 'fact name → value (null: unknown) as the rule read them; FINANCIAL data' })
  facts!: Record<string, number | null> | null;
  /** whose figures (policy gate) */
  subjectId!: string | null;
}

@ObjectType({ description: 'Derived segments of a golden customer, computed by the segments job from live holdings' })
export class CustomerSegments {
  @Field(() => ValueTier) valueTier!: ValueTier;
  @Field(() => RiskGrade) riskGrade!: RiskGrade;
  @Field(() => LifecycleStage) lifecycleStage!: LifecycleStage;
  @Field(() => DateTimeResolver, { description: 'reference time of the run that computed them' }) computedAt!: Date;
  @Field(() => [SegmentReason]) explanation!: SegmentReason[];
  // which systems hold the customer's products is what `Customer.sourceRecords` tells: IDENTITY
  @Personal(DataCategory.IDENTITY)
  @Field(() => [SourceSystem], { nullable: true, description: 'source systems whose holdings were read' }) sources!: SourceSystemCode[];
  /** whose segments (policy gate) */
  subjectId!: string | null;

  /** null until the segments job has run for this customer */
  static from(
    golden: Pick<GoldenCustomer, 'valueTier' | 'riskGrade' | 'lifecycleStage' | 'segmentExplanation' | 'segmentedAt'>,
    subjectId: string,
  ): CustomerSegments | null {
    if (!golden.valueTier || !golden.riskGrade || !golden.lifecycleStage || !golden.segmentedAt) return null;
    const explanation = (golden.segmentExplanation ?? { reasons: [], sources: [] }) as unknown as SegmentExplanation;
    return Object.assign(new CustomerSegments(), {
      valueTier: golden.valueTier as ValueTier,
      riskGrade: golden.riskGrade as RiskGrade,
      lifecycleStage: golden.lifecycleStage as LifecycleStage,
      computedAt: golden.segmentedAt,
      explanation: explanation.reasons.map((r) => Object.assign(new SegmentReason(), r, { subjectId })),
      sources: explanation.sources,
      subjectId,
    });
  }
}

@ObjectType('SegmentRule', { description: 'A segment rule: the first active rule of a kind, in priority order, whose condition matches wins' })
export class SegmentRuleView {
  @Field(() => Int) id!: number;
  @Field(() => SegmentKind) kind!: SegmentKindCode;
  @Field() outcome!: string;
  @Field(() => Int, { description: 'lower first' }) priority!: number;
  @Field(() => JSONObjectResolver, { description: 'condition over named facts, see src/segments/rules.ts' }) condition!: Record<string, unknown>;
  @Field() description!: string;
  @Field() active!: boolean;
  @Field(() => DateTimeResolver) updatedAt!: Date;
  @Field(() => String, { nullable: true }) updatedBy?: string | null;

  static from(r: SegmentRule): SegmentRuleView {
    return Object.assign(new SegmentRuleView(), {
      id: r.id,
      kind: r.kind,
      outcome: r.outcome,
      priority: r.priority,
      condition: r.condition,
      description: r.description,
      active: r.active,
      updatedAt: r.updatedAt,
      updatedBy: r.updatedBy ?? null,
    });
  }
}

@InputType({ description: 'Fields to change; omitted ones stay. The whole rule set is validated before anything is stored.' })
export class SegmentRuleInput {
  @Field(() => String, { nullable: true }) outcome?: string | null;
  @Field(() => Int, { nullable: true }) priority?: number | null;
  @Field(() => JSONObjectResolver, { nullable: true }) condition?: Record<string, unknown> | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => Boolean, { nullable: true }) active?: boolean | null;
}

@ObjectType()
export class SegmentationRequest {
  @Field(() => ID, { nullable: true, description: 'the queued segment-all job, or the one already waiting or running' })
  jobId?: string | null;
}
