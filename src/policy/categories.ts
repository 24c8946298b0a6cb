/**
 * Data categories of personal fields. A field of the schema is personal when it carries
 * `@Personal(...)` (personal.ts): the policy gate (policy-gate.ts) reads the categories from the
 * field's extensions, so marking a field is all it takes to put it under policy, consent and audit.
 */
import { registerEnumType } from 'type-graphql';
import type { GraphQLField } from 'graphql';

export enum DataCategory {
  IDENTITY = 'IDENTITY',
  GOVERNMENT_ID = 'GOVERNMENT_ID',
  CONTACT = 'CONTACT',
  FINANCIAL = 'FINANCIAL',
  PROFILING = 'PROFILING',
}
registerEnumType(DataCategory, { name: 'DataCategory', description: 'Category of personal data a field holds (policy and consent are per category)' });

export const DATA_CATEGORIES = Object.values(DataCategory);

export interface PersonalField {
  /** a field mixing several categories (a history entry) needs all of them */
  categories: DataCategory[];
  /** the masked form for a MASK decision; without one, MASK withholds the field */
  mask?: (value: any) => unknown;
}

export function personalField(field: GraphQLField<unknown, unknown> | undefined): PersonalField | null {
  const personal = field?.extensions?.personal as PersonalField | undefined;
  return personal && Array.isArray(personal.categories) ? personal : null;
}
