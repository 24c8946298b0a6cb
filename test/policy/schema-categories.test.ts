/**
 * Every field of the schema that carries a fact about a person carries that fact's category,
 * wherever it sits: a side field repeating what a gated field says (`segments.sources` beside
 * `sourceRecords`, a holding's `sourceKey`) must be gated by the same category, or the policy
 * is bypassed by asking for the copy. The walk follows every path from the root types and
 * collects the categories of the gated fields along it (a nested field is readable only where
 * all of them are); a field that looks personal must be covered by its fact's category.
 */
import { getNamedType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import 'reflect-metadata';
import { describeHubSchema } from '../../src/server/schema';
import { personalField } from '../../src/policy/categories';

/** the fact each personal-looking field name carries, as the category that must gate it */
const FACTS: [RegExp, string][] = [
  [/^(name|given|family|full|script|givenPinyin|familyPinyin|dateOfBirth|gender)$/, 'IDENTITY'],
  // which records of which systems are the person's (and so which products they hold there)
  [/^(sourceRecords|sourceRecord|sourceKey|sources|recordCount|recordId|recordA|recordB|linkType|consents|blockingKeys|raw|flags|links|history|provenance)$/, 'IDENTITY'],
  [/^(nationalId|nationalIdType|number)$/, 'GOVERNMENT_ID'],
  [/^(phones|emails|address|addressTokens|tokens|postcode|city)$/, 'CONTACT'],
  [/^(holdings|deposits|cards|loans|balance|creditLimit|daysPastDue|facts)$/, 'FINANCIAL'],
  [/^(segments|valueTier|riskGrade|lifecycleStage)$/, 'PROFILING'],
];

/** names that look personal but must then be one of FACTS (so a new `mobile` field cannot slip in ungated) */
const LOOKS_PERSONAL = /name|birth|gender|national|passport|phone|mobile|mail|address|postcode|city|street|balance|limit|income|debt|due|holding|deposit|card|loan|segment|tier|risk|consent|raw|hash|blocking|flag|sourceKey|record(?!ed)|sources/i;

/**
 * Types that hold no person's values, only about the hub's own operation (auditors and operators
 * read them; their names are schema coordinates and counts): reached, but not walked into.
 */
const NOT_ABOUT_A_PERSON = new Set([
  'AccessLogEntry', // field names and reasons, the subject's id: the auditor's view, not the person's values
  'AccessLogConnection',
  'AccessPolicyEntry',
  'AuditVerification',
  'AuditSealResult',
  'SourceSystemStatus', // record and quarantine counts per connector
  'SegmentRule',
  'SegmentationRequest',
  'SyncRequest',
  'Health',
]);

/** single fields whose name looks personal but which name no person, with why */
const NOT_PERSONAL_FIELDS = new Set([
  'DataQualityIssue.sourceSystem', // set only for a source's own issue (sync freshness); a person's record's system is recordSystem, gated
]);

interface Finding {
  coordinate: string;
  path: string;
  problem: string;
}

function walk(schema: GraphQLSchema): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const visit = (type: GraphQLObjectType, categories: Set<string>, path: string) => {
    const key = `${type.name}|${[...categories].sort().join(',')}`;
    if (seen.has(key) || NOT_ABOUT_A_PERSON.has(type.name)) return;
    seen.add(key);
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const here = new Set([...categories, ...(personalField(field)?.categories ?? [])]);
      const fieldPath = `${path}.${field.name}`;
      const fact = FACTS.find(([pattern]) => pattern.test(field.name));
      const rootType = type === schema.getQueryType() || type === schema.getMutationType();
      if (fact && !rootType && !here.has(fact[1])) findings.push({ coordinate, path: fieldPath, problem: `carries ${fact[1]} data without that category` });
      if (!fact && !rootType && LOOKS_PERSONAL.test(field.name) && here.size === 0 && !NOT_PERSONAL_FIELDS.has(coordinate)) findings.push({ coordinate, path: fieldPath, problem: 'looks personal and has no category' });
      const named = getNamedType(field.type);
      if (isObjectType(named)) visit(named, here, fieldPath);
    }
  };
  for (const root of [schema.getQueryType(), schema.getMutationType()]) if (root) visit(root, new Set(), root.name);
  return findings;
}

describe('data categories across the whole schema', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await describeHubSchema();
  });

  it('gates every field carrying a fact about a person with that fact’s category, on every path', () => {
    expect(walk(schema)).toEqual([]);
  });

  it('finds side fields that repeat a gated fact (the walk itself can fail)', () => {
    // a copy of the schema where ProductHolding.sourceKey lost its category, as before the fix
    const holding = schema.getType('ProductHolding') as GraphQLObjectType;
    const sourceKey = holding.getFields().sourceKey;
    const saved = sourceKey.extensions;
    try {
      (sourceKey as { extensions: unknown }).extensions = {};
      expect(walk(schema)).toEqual(
        expect.arrayContaining([expect.objectContaining({ coordinate: 'ProductHolding.sourceKey', problem: 'carries IDENTITY data without that category' })]),
      );
    } finally {
      (sourceKey as { extensions: unknown }).extensions = saved;
    }
  });
});
