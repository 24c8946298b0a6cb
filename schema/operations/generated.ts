/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** Customers matching every given criterion (each list: any of its values) */
export type CustomerFilterInput = {
  lifecycleStage?: Array<LifecycleStage> | null | undefined;
  riskGrade?: Array<RiskGrade> | null | undefined;
  /** has a record in one of these systems */
  sourceSystem?: Array<SourceSystem> | null | undefined;
  valueTier?: Array<ValueTier> | null | undefined;
};

/** ACTIVE: a current customer; MERGED: absorbed into another (ids redirect); RETIRED: no source record left */
export type CustomerStatus =
  | 'ACTIVE'
  | 'MERGED'
  | 'RETIRED';

/** OPEN when found, ACKNOWLEDGED by a steward, RESOLVED when a re-check no longer finds it */
export type DataQualityIssueStatus =
  | 'ACKNOWLEDGED'
  | 'OPEN'
  | 'RESOLVED';

export type DataQualityKind =
  | 'COMPLETENESS'
  | 'CONSISTENCY'
  | 'TIMELINESS'
  | 'UNIQUENESS'
  | 'VALIDITY';

/** Fields to change; omitted ones stay. The rule is validated before it is stored. */
export type DataQualityRuleInput = {
  description?: string | null | undefined;
  enabled?: boolean | null | undefined;
  parameters?: Record<string, unknown> | null | undefined;
  severity?: DataQualitySeverity | null | undefined;
};

export type DataQualitySeverity =
  | 'ERROR'
  | 'INFO'
  | 'WARNING';

/** The version of a golden customer as the steward read it (optimistic lock) */
export type ExpectedVersion = {
  customerId: string;
  version: number;
};

/** A unit of survivorship: its values always come from one source record */
export type GoldenField =
  | 'ADDRESS'
  | 'DATE_OF_BIRTH'
  | 'EMAILS'
  | 'GENDER'
  | 'NAME'
  | 'NATIONAL_ID'
  | 'PHONES';

export type LifecycleStage =
  | 'CHURN_RISK'
  | 'DORMANT'
  | 'GROWING'
  | 'MATURE'
  | 'NEW';

/** MERGE: the two records are one person (a steward link, must-link); NOT_A_MATCH: two people (cannot-link). Both stick: no later run undoes them; a later decision on the pair replaces it */
export type MatchDecision =
  | 'MERGE'
  | 'NOT_A_MATCH';

export type MatchDecisionInput = {
  decision: MatchDecision;
  /** the version of every customer holding either record of the pair */
  expectedVersions: Array<ExpectedVersion>;
  /** the match candidate (scored pair) */
  id: string | number;
  reason: string;
};

/** Why a source row was quarantined */
export type QuarantineReason =
  /** a consent statement the hub cannot read (unknown code, no date): never guessed */
  | 'BAD_CONSENT'
  /** date of birth present but not a real date in the source's formats */
  | 'BAD_DATE'
  /** change timestamp missing or unparsable */
  | 'BAD_TIMESTAMP'
  /** change timestamp later than the hub's clock plus its tolerance (INGEST_FUTURE_TOLERANCE_MS) */
  | 'FUTURE_TIMESTAMP'
  /** no source key: the row cannot be identified */
  | 'MISSING_KEY'
  /** no name of any kind */
  | 'MISSING_NAME'
  /** a field of the wrong kind, or not an object where one is expected */
  | 'UNPARSABLE_PAYLOAD'
  /** a value the database cannot store (NUL character, lone surrogate, too long to index) */
  | 'UNSTORABLE_VALUE';

/** Credit risk grade, AAA lowest risk, CCC non-performing */
export type RiskGrade =
  | 'A'
  | 'AA'
  | 'AAA'
  | 'B'
  | 'BB'
  | 'BBB'
  | 'CCC';

export type SegmentKind =
  | 'LIFECYCLE_STAGE'
  | 'RISK_GRADE'
  | 'VALUE_TIER';

/** A source system the hub reads customers from */
export type SourceSystem =
  | 'CARDS'
  | 'CORE_BANKING'
  | 'LOANS';

/** Why one decision of decideMatches failed (the codes the single mutations answer with in errors[].extensions.code) */
export type StewardErrorCode =
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'NOT_FOUND'
  | 'VERSION_CONFLICT';

export type SyncStatus =
  | 'FAILED'
  | 'IDLE'
  | 'NEVER_RUN'
  | 'RUNNING';

/** Value to the bank, A highest */
export type ValueTier =
  | 'A'
  | 'B'
  | 'C';

export type CustomerFieldsFragment = { id: string, status: CustomerStatus, redirectedFrom: string | null, version: number, dateOfBirth: string | null, gender: string | null, phones: Array<string> | null, emails: Array<string> | null, recordCount: number | null, name: { given: string | null, family: string | null, full: string | null, script: string | null } | null, nationalId: { number: string, type: string | null } | null, address: { tokens: Array<string>, postcode: string | null, city: string | null } | null, provenance: Array<{ field: GoldenField, valueIndex: number | null, system: SourceSystem | null, sourceKey: string | null, recordId: string | null, rule: string, sourceUpdatedAt: string, survivedAt: string }> | null, sourceRecords: Array<{ recordId: string, system: SourceSystem, sourceKey: string, linkType: string | null, sourceUpdatedAt: string }> | null, segments: { valueTier: ValueTier, riskGrade: RiskGrade, lifecycleStage: LifecycleStage, computedAt: string, sources: Array<SourceSystem> | null, explanation: Array<{ segment: SegmentKind, value: string, ruleId: number, description: string, facts: Record<string, unknown> | null }> } | null };

export type HoldingFieldsFragment = { kind: string, system: SourceSystem, sourceKey: string | null, productId: string, product: string, currency: string, balance: number, creditLimit: number | null, daysPastDue: number | null, role: string | null, status: string, openedAt: string | null, lastActivityAt: string | null, maskedNumber: string | null };

export type CustomerHoldingsFragment = { holdings: { deposits: Array<{ kind: string, system: SourceSystem, sourceKey: string | null, productId: string, product: string, currency: string, balance: number, creditLimit: number | null, daysPastDue: number | null, role: string | null, status: string, openedAt: string | null, lastActivityAt: string | null, maskedNumber: string | null }> | null, cards: Array<{ kind: string, system: SourceSystem, sourceKey: string | null, productId: string, product: string, currency: string, balance: number, creditLimit: number | null, daysPastDue: number | null, role: string | null, status: string, openedAt: string | null, lastActivityAt: string | null, maskedNumber: string | null }> | null, loans: Array<{ kind: string, system: SourceSystem, sourceKey: string | null, productId: string, product: string, currency: string, balance: number, creditLimit: number | null, daysPastDue: number | null, role: string | null, status: string, openedAt: string | null, lastActivityAt: string | null, maskedNumber: string | null }> | null } | null };

export type CustomerQueryVariables = Exact<{
  id: string;
}>;


export type CustomerQuery = { customer: { id: string, status: CustomerStatus, redirectedFrom: string | null, version: number, dateOfBirth: string | null, gender: string | null, phones: Array<string> | null, emails: Array<string> | null, recordCount: number | null, history: Array<{ id: string, type: string, actor: string, reason: string | null, details: Record<string, unknown>, at: string }> | null, links: Array<{ recordA: string, recordB: string, probability: number, weight: number, status: string, explanation: Record<string, unknown>, decidedBy: string | null, scoredAt: string }> | null, name: { given: string | null, family: string | null, full: string | null, script: string | null } | null, nationalId: { number: string, type: string | null } | null, address: { tokens: Array<string>, postcode: string | null, city: string | null } | null, provenance: Array<{ field: GoldenField, valueIndex: number | null, system: SourceSystem | null, sourceKey: string | null, recordId: string | null, rule: string, sourceUpdatedAt: string, survivedAt: string }> | null, sourceRecords: Array<{ recordId: string, system: SourceSystem, sourceKey: string, linkType: string | null, sourceUpdatedAt: string }> | null, segments: { valueTier: ValueTier, riskGrade: RiskGrade, lifecycleStage: LifecycleStage, computedAt: string, sources: Array<SourceSystem> | null, explanation: Array<{ segment: SegmentKind, value: string, ruleId: number, description: string, facts: Record<string, unknown> | null }> } | null, holdings: { deposits: Array<{ kind: string, system: SourceSystem, sourceKey: string | null, productId: string, product: string, currency: string, balance: number, creditLimit: number | null, daysPastDue: number | null, role: string | null, status: string, openedAt: string | null, lastActivityAt: string | null, maskedNumber: string | null }> | null, cards: Array<{ kind: string, system: SourceSystem, sourceKey: string | null, productId: string, product: string, currency: string, balance: number, creditLimit: number | null, daysPastDue: number | null, role: string | null, status: string, openedAt: string | null, lastActivityAt: string | null, maskedNumber: string | null }> | null, loans: Array<{ kind: string, system: SourceSystem, sourceKey: string | null, productId: string, product: string, currency: string, balance: number, creditLimit: number | null, daysPastDue: number | null, role: string | null, status: string, openedAt: string | null, lastActivityAt: string | null, maskedNumber: string | null }> | null } | null } };

export type CustomerBySourceKeyQueryVariables = Exact<{
  system: SourceSystem;
  key: string;
}>;


export type CustomerBySourceKeyQuery = { customerBySourceKey: { id: string, status: CustomerStatus, redirectedFrom: string | null, version: number, dateOfBirth: string | null, gender: string | null, phones: Array<string> | null, emails: Array<string> | null, recordCount: number | null, name: { given: string | null, family: string | null, full: string | null, script: string | null } | null, nationalId: { number: string, type: string | null } | null, address: { tokens: Array<string>, postcode: string | null, city: string | null } | null, provenance: Array<{ field: GoldenField, valueIndex: number | null, system: SourceSystem | null, sourceKey: string | null, recordId: string | null, rule: string, sourceUpdatedAt: string, survivedAt: string }> | null, sourceRecords: Array<{ recordId: string, system: SourceSystem, sourceKey: string, linkType: string | null, sourceUpdatedAt: string }> | null, segments: { valueTier: ValueTier, riskGrade: RiskGrade, lifecycleStage: LifecycleStage, computedAt: string, sources: Array<SourceSystem> | null, explanation: Array<{ segment: SegmentKind, value: string, ruleId: number, description: string, facts: Record<string, unknown> | null }> } | null } };

export type CustomersQueryVariables = Exact<{
  search?: string | null | undefined;
  filter?: CustomerFilterInput | null | undefined;
  first?: number;
  after?: string | null | undefined;
}>;


export type CustomersQuery = { customers: { edges: Array<{ cursor: string, node: { id: string, status: CustomerStatus, redirectedFrom: string | null, version: number, dateOfBirth: string | null, gender: string | null, phones: Array<string> | null, emails: Array<string> | null, recordCount: number | null, name: { given: string | null, family: string | null, full: string | null, script: string | null } | null, nationalId: { number: string, type: string | null } | null, address: { tokens: Array<string>, postcode: string | null, city: string | null } | null, provenance: Array<{ field: GoldenField, valueIndex: number | null, system: SourceSystem | null, sourceKey: string | null, recordId: string | null, rule: string, sourceUpdatedAt: string, survivedAt: string }> | null, sourceRecords: Array<{ recordId: string, system: SourceSystem, sourceKey: string, linkType: string | null, sourceUpdatedAt: string }> | null, segments: { valueTier: ValueTier, riskGrade: RiskGrade, lifecycleStage: LifecycleStage, computedAt: string, sources: Array<SourceSystem> | null, explanation: Array<{ segment: SegmentKind, value: string, ruleId: number, description: string, facts: Record<string, unknown> | null }> } | null, holdings: { deposits: Array<{ kind: string, system: SourceSystem, sourceKey: string | null, productId: string, product: string, currency: string, balance: number, creditLimit: number | null, daysPastDue: number | null, role: string | null, status: string, openedAt: string | null, lastActivityAt: string | null, maskedNumber: string | null }> | null, cards: Array<{ kind: string, system: SourceSystem, sourceKey: string | null, productId: string, product: string, currency: string, balance: number, creditLimit: number | null, daysPastDue: number | null, role: string | null, status: string, openedAt: string | null, lastActivityAt: string | null, maskedNumber: string | null }> | null, loans: Array<{ kind: string, system: SourceSystem, sourceKey: string | null, productId: string, product: string, currency: string, balance: number, creditLimit: number | null, daysPastDue: number | null, role: string | null, status: string, openedAt: string | null, lastActivityAt: string | null, maskedNumber: string | null }> | null } | null } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } } };

export type CustomerCountQueryVariables = Exact<{
  search?: string | null | undefined;
  filter?: CustomerFilterInput | null | undefined;
}>;


export type CustomerCountQuery = { customers: { totalCount: number } };

export type DataQualityIssuesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  rule?: string | null | undefined;
  sourceSystem?: SourceSystem | null | undefined;
  severity?: DataQualitySeverity | null | undefined;
  status?: DataQualityIssueStatus | null | undefined;
  customerId?: string | number | null | undefined;
}>;


export type DataQualityIssuesQuery = { dataQualityIssues: { edges: Array<{ cursor: string, node: { id: string, rule: string, severity: DataQualitySeverity, status: DataQualityIssueStatus, sourceSystem: SourceSystem | null, recordSystem: SourceSystem | null, field: string | null, reason: string, detail: Record<string, unknown> | null, customerId: string | null, sourceRecordId: string | null, firstSeenAt: string, lastSeenAt: string, resolvedAt: string | null, acknowledgedBy: string | null, acknowledgedAt: string | null, acknowledgeReason: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AcknowledgeDataQualityIssueMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type AcknowledgeDataQualityIssueMutation = { acknowledgeDataQualityIssue: { id: string, status: DataQualityIssueStatus, acknowledgedBy: string | null, acknowledgedAt: string | null } };

export type DataQualityRulesQueryVariables = Exact<{ [key: string]: never; }>;


export type DataQualityRulesQuery = { dataQualityRules: Array<{ id: number, code: string, kind: DataQualityKind, check: string, parameters: Record<string, unknown>, severity: DataQualitySeverity, enabled: boolean, description: string, updatedAt: string, updatedBy: string | null }> };

export type UpdateDataQualityRuleMutationVariables = Exact<{
  id: number;
  input: DataQualityRuleInput;
}>;


export type UpdateDataQualityRuleMutation = { updateDataQualityRule: { id: number, code: string, severity: DataQualitySeverity, enabled: boolean, parameters: Record<string, unknown> } };

export type QualityReportQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type QualityReportQuery = { qualityReport: Array<{ day: string, system: SourceSystem | null, rule: string, open: number, opened: number, resolved: number }> };

export type RunQualitySweepMutationVariables = Exact<{ [key: string]: never; }>;


export type RunQualitySweepMutation = { runQualitySweep: { jobId: string | null } };

export type HealthQueryVariables = Exact<{ [key: string]: never; }>;


export type HealthQuery = { health: { ok: boolean, database: boolean } };

export type SourceSystemsQueryVariables = Exact<{ [key: string]: never; }>;


export type SourceSystemsQuery = { sourceSystems: Array<{ system: SourceSystem, status: SyncStatus, lastRunStartedAt: string | null, lastRunFinishedAt: string | null, caughtUpAt: string | null, lagSeconds: number | null, lastError: string | null, records: number, deletedRecords: number, openQuarantine: number, health: { ok: boolean, latencyMs: number, detail: string | null }, lastRun: { rowsSeen: number, rowsChanged: number, rowsQuarantined: number }, total: { rowsSeen: number, rowsChanged: number, rowsQuarantined: number }, openQuarantineByReason: Array<{ reason: QuarantineReason, count: number }> }> };

export type SourceRecordQueryVariables = Exact<{
  system: SourceSystem;
  key: string;
}>;


export type SourceRecordQuery = { sourceRecord: { id: string, system: SourceSystem, sourceKey: string | null, sourceUpdatedAt: string, deleted: boolean, dateOfBirth: string | null, nationalId: string | null, phones: Array<string> | null, emails: Array<string> | null, blockingKeys: Array<string> | null, raw: Record<string, unknown> | null, name: { given: string | null, family: string | null, full: string | null, script: string | null, givenPinyin: string | null, familyPinyin: string | null } | null, flags: Array<{ field: string, code: string }> | null } };

export type SyncSourceSystemMutationVariables = Exact<{
  system: SourceSystem;
}>;


export type SyncSourceSystemMutation = { syncSourceSystem: { system: SourceSystem, jobId: string | null } };

export type StewardChangeFieldsFragment = { action: string, customers: Array<{ id: string, version: number, status: string, mergedInto: string | null, sourceRecordIds: Array<string> }> };

export type MergeCustomersMutationVariables = Exact<{
  survivorId: string;
  otherId: string;
  survivorVersion: number;
  otherVersion: number;
  reason: string;
}>;


export type MergeCustomersMutation = { mergeCustomers: { action: string, customers: Array<{ id: string, version: number, status: string, mergedInto: string | null, sourceRecordIds: Array<string> }> } };

export type UnmergeSourceRecordMutationVariables = Exact<{
  customerId: string;
  sourceRecordId: string | number;
  version: number;
  targetCustomerId?: string | null | undefined;
  targetVersion?: number | null | undefined;
  reason: string;
}>;


export type UnmergeSourceRecordMutation = { unmergeSourceRecord: { action: string, customers: Array<{ id: string, version: number, status: string, mergedInto: string | null, sourceRecordIds: Array<string> }> } };

export type SplitCustomerMutationVariables = Exact<{
  id: string;
  groups: Array<Array<string | number> | string | number> | Array<string | number> | string | number;
  version: number;
  reason: string;
}>;


export type SplitCustomerMutation = { splitCustomer: { action: string, customers: Array<{ id: string, version: number, status: string, mergedInto: string | null, sourceRecordIds: Array<string> }> } };

export type DecideMatchMutationVariables = Exact<{
  id: string | number;
  decision: MatchDecision;
  expectedVersions: Array<ExpectedVersion> | ExpectedVersion;
  reason: string;
}>;


export type DecideMatchMutation = { decideMatch: { action: string, customers: Array<{ id: string, version: number, status: string, mergedInto: string | null, sourceRecordIds: Array<string> }> } };

export type DecideMatchesMutationVariables = Exact<{
  decisions: Array<MatchDecisionInput> | MatchDecisionInput;
}>;


export type DecideMatchesMutation = { decideMatches: Array<{ id: string, ok: boolean, change: { action: string, customers: Array<{ id: string, version: number, status: string, mergedInto: string | null, sourceRecordIds: Array<string> }> } | null, error: { code: StewardErrorCode, message: string, argument: string | null, currentVersions: Array<{ customerId: string, version: number }> | null } | null }> };
