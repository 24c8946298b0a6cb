/**
 * Which folder owns each table: the only folder whose code may write SQL against it (its
 * repository, with queries named by intent) or call the ORM with its entity. Another capability
 * reads or writes it through that repository, or embeds one of the owner's named SQL parts
 * (src/db/sql-part.ts) in its own statement. Checked by table-ownership.test.ts; a table a
 * migration creates must be listed here.
 */
export const TABLE_OWNERS: Record<string, { owner: string; why: string }> = {
  source_record: { owner: 'src/ingest', why: 'ingest writes each record with its page and watermark; matching, golden, the customer view and segmentation read it through SourceRecordRepository' },
  connector_state: { owner: 'src/ingest', why: 'the watermark and sync state move in the page transaction' },
  quarantined_row: { owner: 'src/ingest', why: 'rows ingest could not take, resolved by a later good version' },
  source_consent: { owner: 'src/ingest', why: 'a source\'s consent statements are written with the record in the page transaction' },
  golden_customer: { owner: 'src/golden', why: 'the golden writer decides ids and survived values; segments are stored through GoldenRepository.recordSegments' },
  golden_override: { owner: 'src/golden', why: 'a steward\'s sticky field value, which survivorship takes as input and never overwrites' },
  golden_event: { owner: 'src/golden', why: 'the history of golden customers, appended by the writer' },
  match_candidate: { owner: 'src/matching', why: 'scored pairs and steward decisions; the customer view reads links through MatchingRepository' },
  match_model: { owner: 'src/matching', why: 'the fitted model of the last batch' },
  match_run: { owner: 'src/matching', why: 'one row per batch run, failed when its job is gone' },
  consent: { owner: 'src/policy', why: 'the hub\'s consent events; policy decisions read consent' },
  consent_current: { owner: 'src/policy', why: 'view: the statement in force per customer and purpose' },
  consent_statement: { owner: 'src/policy', why: 'view: hub events and sources\' statements as one list' },
  access_policy: { owner: 'src/policy', why: 'role × purpose × category → decision' },
  access_policy_change: { owner: 'src/policy', why: 'the log of policy changes, written with the change' },
  access_log: { owner: 'src/audit', why: 'the hash-chained access log' },
  access_log_seal: { owner: 'src/audit', why: 'signed seals over the access log' },
  segment_rule: { owner: 'src/segments', why: 'segment rules kept as data' },
  dq_rule: { owner: 'src/quality', why: 'data-quality rules kept as data, edited by admins' },
  dq_issue: { owner: 'src/quality', why: 'what the quality checks found, with its lifecycle; written only by the checks and stewards\' acknowledgements' },
};

/**
 * Code that may name every table: the migrations are the schema's history (src/db owns them),
 * and the ORM's entity registration is not a query.
 */
export const EXEMPT = [/^src\/db\/migrations\//];
