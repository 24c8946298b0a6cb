/** GraphQL shapes of the steward's review queue. Values of people go through the policy gate, each under its own customer. */
import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import { PageInfo, GoldenFieldName } from '../customer/customer.types.js';
import type { GoldenField } from '../golden/survivorship/index.js';
import { SourceRecordView, unlinkedRecordSubject } from '../ingest/source-system.types.js';
import { DataCategory } from '../policy/categories.js';
import { Personal } from '../policy/personal.js';

export enum CandidateStatus {
  REVIEW = 'REVIEW',
  AUTO_LINK = 'AUTO_LINK',
  NOT_A_MATCH = 'NOT_A_MATCH',
}
registerEnumType(CandidateStatus, {
  name: 'CandidateStatus',
  description: 'REVIEW: waiting for a steward; AUTO_LINK: linked by the matcher; NOT_A_MATCH: a steward said these are different people',
});

export enum PairSide {
  LEFT = 'LEFT',
  RIGHT = 'RIGHT',
}
registerEnumType(PairSide, { name: 'PairSide', description: 'LEFT: the pair’s first record (smaller id), RIGHT: the second' });

/** who a side's data belongs to: its golden customer, or the record itself while unmatched */
interface Owner {
  subjectId: string | null;
  auditSubject: string;
}

const ownerOf = (recordId: string, goldenId: string | null): Owner => ({ subjectId: goldenId, auditSubject: goldenId ?? unlinkedRecordSubject(recordId) });

@ObjectType({ description: 'One side’s value in a comparison, as the score compared it' })
export class ComparedValue {
  // compared values are names, dates, ids, phones, e-mails or addresses
  @Personal([DataCategory.IDENTITY, DataCategory.GOVERNMENT_ID, DataCategory.CONTACT])
  @Field(() => String, { nullable: true }) value!: string | null;
  subjectId!: string | null;
  auditSubject!: string;

  static of(value: string | null, owner: Owner): ComparedValue {
    return Object.assign(new ComparedValue(), { value, ...owner });
  }
}

@ObjectType({ description: 'One term of a match score: a field compared, the level its values reached and the weight that added' })
export class ScoreTerm {
  @Field({ description: 'the field compared (name, dateOfBirth, nationalId, phone, email, address, …), or `prior`' }) field!: string;
  @Field({ description: 'the agreement level reached (exact, a Jaro-Winkler band, …); `null` when a side has no value' }) level!: string;
  @Field(() => Float, { description: 'this term’s weight in bits (log2 Bayes factor), term-frequency adjustment included' }) weight!: number;
  @Field(() => ComparedValue) left!: ComparedValue;
  @Field(() => ComparedValue) right!: ComparedValue;
}

@ObjectType({ description: 'A golden field of one side’s customer that a merge of the pair would change' })
export class FieldChange {
  @Field(() => GoldenFieldName) field!: GoldenField;
  @Field(() => PairSide) side!: PairSide;
  @Field(() => ID, { nullable: true, description: 'that side’s customer (null: its record is linked to none yet)' }) customerId!: string | null;
  @Personal([DataCategory.IDENTITY, DataCategory.GOVERNMENT_ID, DataCategory.CONTACT])
  @Field(() => JSONObjectResolver, { nullable: true, description: 'the field’s attributes now' }) before!: Record<string, unknown> | null;
  @Personal([DataCategory.IDENTITY, DataCategory.GOVERNMENT_ID, DataCategory.CONTACT])
  @Field(() => JSONObjectResolver, { nullable: true, description: 'the field’s attributes after the merge' }) after!: Record<string, unknown> | null;
  subjectId!: string | null;
  auditSubject!: string;
}

@ObjectType('MatchCandidate', { description: 'A scored pair of source records, for a steward to decide' })
export class MatchCandidateView {
  @Field(() => ID) id!: string;
  @Field(() => CandidateStatus) status!: CandidateStatus;
  @Field(() => Float) probability!: number;
  @Field(() => Float, { description: 'Fellegi-Sunter match weight (log2 Bayes factor)' }) weight!: number;
  @Field(() => Float, { description: 'the queue’s order: higher is more useful to decide (see Query.matchCandidates)' }) reviewPriority!: number;
  @Field(() => SourceRecordView, { nullable: true, description: 'the first record (null: deleted at its source since)' }) left!: SourceRecordView | null;
  @Field(() => SourceRecordView, { nullable: true }) right!: SourceRecordView | null;
  @Field(() => [ScoreTerm], { description: 'the score, term by term; the weights add up to `weight`' }) terms!: ScoreTerm[];
  @Field(() => String, { nullable: true }) decidedBy!: string | null;
  @Field(() => DateTimeResolver, { nullable: true }) decidedAt!: Date | null;
  @Field(() => DateTimeResolver) scoredAt!: Date;
  recordA!: string;
  recordB!: string;
  goldenA!: string | null;
  goldenB!: string | null;
}

@ObjectType()
export class MatchCandidateEdge {
  @Field() cursor!: string;
  @Field(() => MatchCandidateView) node!: MatchCandidateView;
}

@ObjectType({ description: 'A page of the review queue (Relay connection), most useful first' })
export class MatchCandidateConnection {
  @Field(() => [MatchCandidateEdge]) edges!: MatchCandidateEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

export { ownerOf, type Owner };
