/** GraphQL shape of a subject-rights export: everything the hub holds about one person. */
import { Field, ObjectType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { AccessLogEntry } from '../audit/audit.types.js';
import { Customer } from '../customer/customer.types.js';
import { SourceRecordView } from '../ingest/source-system.types.js';
import { DataCategory } from '../policy/categories.js';
import { Personal } from '../policy/personal.js';
import { Consent } from '../policy/policy.types.js';

@ObjectType({ description: 'All data held about one person, their consents and who accessed their data (PIPL Art. 45)' })
export class CustomerDataExport {
  @Field(() => Customer, { description: 'the single customer view; its personal fields pass the policy gate as anywhere else' })
  customer!: Customer;

  // Which records of which systems are the person's is itself identifying; each record's own
  // personal fields pass the gate too.
  @Personal(DataCategory.IDENTITY)
  @Field(() => [SourceRecordView], { nullable: true, description: 'every source record linked to the person (deleted ones too), raw and standardized' })
  sourceRecords!: SourceRecordView[];

  // Consents and the access log are about the person as much as their name is: gated and logged
  // like any other personal field, so an export that selects only these is still a logged read.
  @Personal(DataCategory.IDENTITY)
  @Field(() => [Consent], { nullable: true, description: 'every consent event, newest first' })
  consents!: Consent[];

  @Personal(DataCategory.IDENTITY)
  @Field(() => [AccessLogEntry], { nullable: true, description: "access log entries about the person (and ids merged into them), newest first; this export's own entry is written after it" })
  accessLog!: AccessLogEntry[];

  @Field({ description: 'true when accessLog stops at its cap: older entries exist (read them with accessLog(filter))' })
  accessLogTruncated!: boolean;

  @Field(() => DateTimeResolver) generatedAt!: Date;

  /** whose data (policy gate) */
  subjectId!: string;
}
