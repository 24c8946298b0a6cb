/** GraphQL types of a steward's changes (src/stewardship/stewardship.resolver.ts): ids, versions and records only, no personal data. */
import { DataCategory } from '../policy/categories.js';
import { Personal } from '../policy/personal.js';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { HubError } from '../errors.js';
import type { CustomerState, StewardChange } from './stewardship.service.js';

export enum MatchDecisionValue {
  MERGE = 'MERGE',
  NOT_A_MATCH = 'NOT_A_MATCH',
}
registerEnumType(MatchDecisionValue, {
  name: 'MatchDecision',
  description: 'MERGE: the two records are one person (a steward link, must-link); NOT_A_MATCH: two people (cannot-link). Both stick: no later run undoes them; a later decision on the pair replaces it',
});

export enum StewardErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  VERSION_CONFLICT = 'VERSION_CONFLICT',
}
registerEnumType(StewardErrorCode, { name: 'StewardErrorCode', description: 'Why one decision of decideMatches failed (the codes the single mutations answer with in errors[].extensions.code)' });

@InputType('ExpectedVersion', { description: 'The version of a golden customer as the steward read it (optimistic lock)' })
export class ExpectedVersionInput {
  @Field(() => String)
  customerId!: string;

  @Field(() => Int)
  version!: number;
}

@InputType('MatchDecisionInput')
export class MatchDecisionInput {
  @Field(() => ID, { description: 'the match candidate (scored pair)' })
  id!: string;

  @Field(() => MatchDecisionValue)
  decision!: MatchDecisionValue;

  @Field(() => String)
  reason!: string;

  @Field(() => [ExpectedVersionInput], { description: 'the version of every customer holding either record of the pair' })
  expectedVersions!: ExpectedVersionInput[];
}

@ObjectType('CustomerVersion')
export class CustomerVersion {
  @Field(() => ID)
  customerId!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String, { nullable: true, description: 'ACTIVE, MERGED or RETIRED' })
  status?: string | null;

  @Field(() => ID, { nullable: true })
  mergedInto?: string | null;
}

@ObjectType('StewardCustomerState', { description: 'A golden customer as a steward change left it' })
export class StewardCustomerState {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'the version to name in the next change' })
  version!: number;

  @Field(() => String, { description: 'ACTIVE, MERGED (see mergedInto) or RETIRED' })
  status!: string;

  @Field(() => ID, { nullable: true })
  mergedInto?: string | null;

  // which records are a person's is IDENTITY data: behind the gate and in the access log like any read of it
  @Personal(DataCategory.IDENTITY)
  @Field(() => [ID], { description: 'its live source records; IDENTITY data' })
  sourceRecordIds!: string[];

  /** whose data (policy gate, access log) */
  subjectId!: string;

  static from(state: CustomerState): StewardCustomerState {
    return Object.assign(new StewardCustomerState(), state, { subjectId: state.id });
  }
}

@ObjectType('StewardChange', { description: 'What a steward change did: every customer it touched, after the change' })
export class StewardChangeResult {
  @Field(() => String, { description: 'MERGE, UNMERGE, SPLIT or DECIDE_MATCH' })
  action!: string;

  @Field(() => [StewardCustomerState])
  customers!: StewardCustomerState[];

  static from(change: StewardChange): StewardChangeResult {
    return Object.assign(new StewardChangeResult(), { action: change.action, customers: change.customers.map(StewardCustomerState.from) });
  }
}

@ObjectType('StewardError', { description: 'One failed decision of decideMatches; nothing of it was written' })
export class StewardError {
  @Field(() => StewardErrorCode)
  code!: StewardErrorCode;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true, description: 'the argument at fault' })
  argument?: string | null;

  @Field(() => [CustomerVersion], { nullable: true, description: 'VERSION_CONFLICT, MISSING_VERSION: the customers\u2019 current versions' })
  currentVersions?: CustomerVersion[] | null;

  static from(error: HubError): StewardError {
    const versions = error.extensions.currentVersions;
    return Object.assign(new StewardError(), {
      code: error.code as StewardErrorCode,
      message: error.message,
      argument: typeof error.extensions.argument === 'string' ? error.extensions.argument : null,
      currentVersions: Array.isArray(versions) ? (versions as CustomerVersion[]).map((v) => Object.assign(new CustomerVersion(), v)) : null,
    });
  }
}

@ObjectType('MatchDecisionResult')
export class MatchDecisionResult {
  @Field(() => ID, { description: 'the match candidate' })
  id!: string;

  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => StewardChangeResult, { nullable: true, description: 'when ok' })
  change?: StewardChangeResult | null;

  @Field(() => StewardError, { nullable: true, description: 'when not ok' })
  error?: StewardError | null;
}
