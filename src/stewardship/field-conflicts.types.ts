/** GraphQL shapes of field conflicts: where a customer's linked records disagree. */
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import type { SourceSystem as SourceSystemCode } from '../../connectors/contract.js';
import { GoldenFieldName } from '../customer/customer.types.js';
import type { GoldenField } from '../golden/survivorship/index.js';
import { SourceSystem } from '../ingest/source-system.types.js';
import { DataCategory } from '../policy/categories.js';
import { Personal } from '../policy/personal.js';

@ObjectType({ description: 'One linked record’s value of a field in conflict' })
export class ConflictValue {
  // a golden field's attributes: a name, date, id, gender, phones, e-mails or address
  @Personal([DataCategory.IDENTITY, DataCategory.GOVERNMENT_ID, DataCategory.CONTACT])
  @Field(() => JSONObjectResolver, { nullable: true, description: 'the field’s attributes in this record (standardized)' }) value!: Record<string, unknown> | null;
  @Field(() => SourceSystem) system!: SourceSystemCode;
  // the record's key names whose record it is, as Customer.sourceRecords does
  @Personal(DataCategory.IDENTITY)
  @Field(() => String, { nullable: true }) sourceKey!: string;
  // which records the person has is what Customer.sourceRecords tells
  @Personal(DataCategory.IDENTITY)
  @Field(() => ID, { nullable: true }) recordId!: string;
  @Field(() => DateTimeResolver, { description: 'the source’s own change time of the record' }) sourceUpdatedAt!: Date;
  @Field(() => Float, { description: 'days since sourceUpdatedAt' }) ageDays!: number;
  @Field({ description: 'this value is the one the customer shows now' }) survived!: boolean;
  subjectId!: string;
}

@ObjectType({ description: 'A golden field whose linked records hold different values' })
export class FieldConflict {
  @Field(() => GoldenFieldName) field!: GoldenField;
  @Field(() => [ConflictValue], { description: 'one per record holding a value, newest first' }) values!: ConflictValue[];
}
