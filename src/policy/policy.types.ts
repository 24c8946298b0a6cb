/** GraphQL shapes of policy and consent. */
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { asDate } from '../db/timestamp.js';
import { DataCategory } from './categories.js';
import { consentRef, type ConsentRow } from './consent.repository.js';
import type { PolicyRow } from './policy.service.js';

export enum PolicyDecisionValue {
  ALLOW = 'ALLOW',
  MASK = 'MASK',
  REQUIRE_CONSENT = 'REQUIRE_CONSENT',
  DENY = 'DENY',
}
registerEnumType(PolicyDecisionValue, { name: 'PolicyDecision' });

export enum ConsentStatus {
  GRANTED = 'GRANTED',
  DENIED = 'DENIED',
  REVOKED = 'REVOKED',
}
registerEnumType(ConsentStatus, { name: 'ConsentStatus' });

@ObjectType('AccessPolicyEntry', { description: 'What one role may do with one category of personal data for one purpose' })
export class AccessPolicyEntry {
  @Field() role!: string;
  @Field() purpose!: string;
  @Field(() => DataCategory) category!: DataCategory;
  @Field(() => PolicyDecisionValue) decision!: PolicyDecisionValue;
  @Field(() => DateTimeResolver) updatedAt!: Date;
  @Field() updatedBy!: string;

  static from(r: PolicyRow): AccessPolicyEntry {
    return Object.assign(new AccessPolicyEntry(), { ...r, decision: r.decision as PolicyDecisionValue, updatedAt: asDate(r.updated_at), updatedBy: r.updated_by });
  }
}

@ObjectType({ description: 'One consent statement; per purpose, the one given last (whose givenAt has come) is in force' })
export class Consent {
  @Field(() => ID) id!: string;
  @Field({ description: 'how access-log entries (consentRefs) name this statement when a read relied on it' }) ref!: string;
  @Field(() => ID) customerId!: string;
  @Field() purpose!: string;
  @Field(() => [DataCategory]) categories!: DataCategory[];
  @Field(() => ConsentStatus) status!: ConsentStatus;
  @Field(() => DateTimeResolver) givenAt!: Date;
  @Field(() => DateTimeResolver, { nullable: true }) expiresAt!: Date | null;
  @Field({ description: 'where it was given: BRANCH, APP, WEB, CALL_CENTER, or a source system' }) channel!: string;
  @Field(() => String, { nullable: true, description: 'reference to the signed form, recording or log' }) evidence!: string | null;
  @Field({ description: 'HUB, or the source system it was read from' }) source!: string;
  @Field() recordedBy!: string;
  @Field(() => DateTimeResolver) recordedAt!: Date;

  static from(r: ConsentRow): Consent {
    return Object.assign(new Consent(), {
      id: r.id,
      ref: consentRef(r),
      customerId: r.golden_id,
      purpose: r.purpose,
      categories: r.categories as DataCategory[],
      status: r.status as ConsentStatus,
      givenAt: asDate(r.given_at),
      expiresAt: r.expires_at === null ? null : asDate(r.expires_at),
      channel: r.channel,
      evidence: r.evidence,
      source: r.source,
      recordedBy: r.recorded_by,
      recordedAt: asDate(r.recorded_at),
    });
  }
}

const CHANNEL = 'where it was given: BRANCH, APP, WEB, CALL_CENTER, … (required)';
const EVIDENCE = 'reference to the signed form, recording or log (required; null or blank: BAD_USER_INPUT)';

@InputType()
export class GrantConsentInput {
  @Field(() => ID) customerId!: string;
  @Field() purpose!: string;
  @Field(() => [DataCategory]) categories!: DataCategory[];
  @Field({ description: CHANNEL }) channel!: string;
  @Field(() => String, { nullable: true, description: EVIDENCE }) evidence?: string | null;
  @Field(() => DateTimeResolver, { nullable: true, description: 'when the customer gave it: not in the future, at most CONSENT_MAX_BACKDATE_DAYS ago; default now' })
  givenAt?: Date | null;
  @Field(() => DateTimeResolver, { nullable: true }) expiresAt?: Date | null;
}

@InputType()
export class RevokeConsentInput {
  @Field(() => ID) customerId!: string;
  @Field() purpose!: string;
  @Field({ description: CHANNEL }) channel!: string;
  @Field(() => String, { nullable: true, description: EVIDENCE }) evidence?: string | null;
}
