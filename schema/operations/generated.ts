/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** A source system the hub reads customers from */
export type SourceSystem =
  | 'CARDS'
  | 'CORE_BANKING'
  | 'LOANS';

export type SyncStatus =
  | 'FAILED'
  | 'IDLE'
  | 'NEVER_RUN'
  | 'RUNNING';

export type HealthQueryVariables = Exact<{ [key: string]: never; }>;


export type HealthQuery = { health: { ok: boolean, database: boolean } };

export type SourceSystemsQueryVariables = Exact<{ [key: string]: never; }>;


export type SourceSystemsQuery = { sourceSystems: Array<{ system: SourceSystem, status: SyncStatus, lastRunStartedAt: string | null, lastRunFinishedAt: string | null, caughtUpAt: string | null, lagSeconds: number | null, lastError: string | null, records: number, deletedRecords: number, openQuarantine: number, health: { ok: boolean, latencyMs: number, detail: string | null }, lastRun: { rowsSeen: number, rowsChanged: number, rowsQuarantined: number }, total: { rowsSeen: number, rowsChanged: number, rowsQuarantined: number } }> };

export type SourceRecordQueryVariables = Exact<{
  system: SourceSystem;
  key: string;
}>;


export type SourceRecordQuery = { sourceRecord: { id: string, system: SourceSystem, sourceKey: string, sourceUpdatedAt: string, deleted: boolean, dateOfBirth: string | null, nationalId: string | null, phones: Array<string>, emails: Array<string>, blockingKeys: Array<string>, raw: Record<string, unknown>, name: { given: string | null, family: string | null, full: string | null, script: string | null, givenPinyin: string | null, familyPinyin: string | null }, flags: Array<{ field: string, code: string }> } };

export type SyncSourceSystemMutationVariables = Exact<{
  system: SourceSystem;
}>;


export type SyncSourceSystemMutation = { syncSourceSystem: { system: SourceSystem, jobId: string | null } };
