/** GraphQL shapes of the access log and its verification. */
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { PageInfo } from '../api/page-info.js';
import { SEAL_STATUSES, type SealStatus, type StoredEntry } from './access-log.repository.js';
import { ACCESS_OUTCOMES, AUDIT_PROBLEMS, type AccessOutcome as Outcome, type AuditProblem as Problem } from './chain.js';
import { encodeAccessCursor } from './cursor.js';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;

export const AccessOutcome = enumOf(ACCESS_OUTCOMES);
registerEnumType(AccessOutcome, {
  name: 'AccessOutcome',
  description: 'OK; PARTIAL: errors beside data, or fields withheld; ERROR: no data; DENIED: refused, or every field of the person withheld',
});

export const AuditProblem = enumOf(AUDIT_PROBLEMS);
registerEnumType(AuditProblem, {
  name: 'AuditProblem',
  description: [
    'ALTERED: the entry differs from what was sealed; REMOVED: a sealed entry is gone; INSERTED: an entry appeared below the last seal;',
    'SEAL_BROKEN: a seal is missing, does not follow the one before or is dated out of order;',
    'OUT_OF_SEQUENCE: an id the sequence never gave (0 or below, or beyond it); FUTURE_DATED: dated ahead of the clock;',
    'OUT_OF_ORDER: dated before an entry with a lower id; UNSIGNED: a seal without signature after signed ones, or at the head;',
    'UNKNOWN_KEY: signed by a key the hub does not trust; BAD_SIGNATURE: the signature does not match the seal (the chain was recomputed)',
  ].join(' '),
});

export const AccessLogSealStatus = enumOf(SEAL_STATUSES);
registerEnumType(AccessLogSealStatus, {
  name: 'AccessLogSealStatus',
  description:
    'SEALED: in the hash chain; PENDING: newer than the last seal, sealed at the next run; OUTSIDE_CHAIN: not sealed and never will be (below the last seal, an id the sequence never gave, or dated ahead): not evidence of an access',
});

@ObjectType()
export class WithheldFieldEntry {
  @Field({ description: 'schema coordinate' }) field!: string;
  @Field({ description: 'response path as the caller sent it' }) path!: string;
  @Field({ description: 'NO_CONSENT, POLICY_DENY or CONSENT_EXPIRED' }) reason!: string;
}

@ObjectType({ description: "An entry's place in the hash chain" })
export class AccessLogSeal {
  @Field(() => Int) seq!: number;
  @Field() prevHash!: string;
  @Field() hash!: string;
  @Field(() => DateTimeResolver) sealedAt!: Date;
  @Field(() => String, { nullable: true, description: 'Ed25519 signature (base64) over seq, entry id and hash; null on seals made before seals were signed' })
  signature!: string | null;
  @Field(() => String, { nullable: true, description: 'id of the key that signed (GET /audit/public-key)' }) keyId!: string | null;
}

@ObjectType({ description: "The chain's last seal: publish it and check later exports against it (npm run audit:verify -- --head seq:hash)" })
export class AuditChainHead extends AccessLogSeal {
  @Field(() => ID) entryId!: string;
}

@ObjectType({ description: 'One request of one actor about one person (or about no one: an admin action, an auditor read)' })
export class AccessLogEntry {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeResolver) at!: Date;
  @Field({ description: 'token subject' }) actor!: string;
  @Field() role!: string;
  @Field(() => String, { nullable: true }) purpose!: string | null;
  @Field(() => String, { nullable: true }) operation!: string | null;
  @Field() requestId!: string;
  @Field(() => String, { nullable: true }) clientAddress!: string | null;
  @Field(() => ID, { nullable: true, description: 'golden customer id; null when the entry is about no one person' }) customerId!: string | null;
  @Field(() => [String]) fieldsReturned!: string[];
  @Field(() => [String]) fieldsMasked!: string[];
  @Field(() => [WithheldFieldEntry]) fieldsWithheld!: WithheldFieldEntry[];
  @Field(() => AccessOutcome) outcome!: Outcome;
  @Field(() => [String], { description: 'data categories a search or filter ran on' }) searched!: string[];
  @Field(() => [String], { description: 'consent statements the read relied on' }) consentRefs!: string[];
  @Field(() => AccessLogSeal, { nullable: true, description: 'null until the sealing job has passed' }) seal!: AccessLogSeal | null;
  @Field(() => AccessLogSealStatus, { description: 'whether the entry is in the hash chain; OUTSIDE_CHAIN entries are not evidence' }) sealStatus!: SealStatus;

  static from(e: StoredEntry): AccessLogEntry {
    return Object.assign(new AccessLogEntry(), {
      id: e.id,
      at: new Date(e.at),
      actor: e.actor,
      role: e.role,
      purpose: e.purpose,
      operation: e.operation,
      requestId: e.requestId,
      clientAddress: e.clientAddress,
      customerId: e.subjectId,
      fieldsReturned: e.fieldsReturned,
      fieldsMasked: e.fieldsMasked,
      fieldsWithheld: e.fieldsWithheld,
      outcome: e.outcome,
      searched: e.searched ?? [],
      consentRefs: e.consentRefs ?? [],
      seal: e.seal && { ...e.seal, signature: e.seal.signature ?? null, keyId: e.seal.keyId ?? null },
      sealStatus: e.sealStatus,
    });
  }
}

@ObjectType()
export class AccessLogEdge {
  @Field() cursor!: string;
  @Field(() => AccessLogEntry) node!: AccessLogEntry;
}

@ObjectType()
export class AccessLogConnection {
  @Field(() => [AccessLogEdge]) edges!: AccessLogEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;

  static of(entries: StoredEntry[], hasNextPage: boolean): AccessLogConnection {
    const edges = entries.map((e) => ({ cursor: encodeAccessCursor(e.id), node: AccessLogEntry.from(e) }));
    return {
      edges,
      pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
    };
  }
}

@InputType({ description: 'All given conditions must hold' })
export class AccessLogFilterInput {
  @Field(() => ID, { nullable: true, description: 'golden customer id' }) customerId?: string | null;
  @Field(() => String, { nullable: true }) actor?: string | null;
  @Field(() => String, { nullable: true }) purpose?: string | null;
  @Field(() => String, { nullable: true, description: 'schema coordinate returned, masked or withheld, e.g. Customer.phones' }) field?: string | null;
  @Field(() => DateTimeResolver, { nullable: true }) from?: Date | null;
  @Field(() => DateTimeResolver, { nullable: true }) to?: Date | null;
}

@ObjectType()
export class AuditBreak {
  @Field(() => ID) entryId!: string;
  @Field(() => AuditProblem) problem!: Problem;
}

@ObjectType()
export class AuditVerification {
  @Field({ description: 'true when no break was found' }) ok!: boolean;
  @Field(() => Int, { description: 'sealed entries recomputed' }) checked!: number;
  @Field(() => AuditBreak, { nullable: true, description: 'the first break by entry id, anywhere in the log (not only in the range)' }) firstBroken!: AuditBreak | null;
  @Field(() => Int, { description: 'seals made before seals were signed (covered by the first signed seal after them)' }) unsigned!: number;
  @Field(() => AuditChainHead, { nullable: true, description: "the chain's last seal now" }) head!: AuditChainHead | null;
}

@ObjectType()
export class AuditSealResult {
  @Field(() => Int, { description: 'entries sealed by this call' }) sealed!: number;
}
