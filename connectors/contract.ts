/**
 * The connector contract: what the hub needs from any source system.
 *
 * A connector only translates: it pulls raw rows from its system and maps each to a
 * `SourceCustomer` (still unstandardized, in the source's own formats) or to a quarantine
 * verdict. Standardization, storage and matching are hub logic and live in `src/`.
 */

export const SOURCE_SYSTEMS = ['core_banking', 'cards', 'loans'] as const;
export type SourceSystem = (typeof SOURCE_SYSTEMS)[number];

/** Opaque, JSON-serialisable position in a source's change stream; stored by the hub. */
export type Watermark = Record<string, string | number | null>;

/**
 * Why a row cannot be ingested, with what each means (the API's QuarantineReason enum is built
 * from this list). Stored with the raw row in the hub's quarantine table.
 */
export const QUARANTINE_REASONS = {
  MISSING_KEY: 'no source key: the row cannot be identified',
  BAD_TIMESTAMP: 'change timestamp missing or unparsable',
  UNPARSABLE_PAYLOAD: 'a field of the wrong kind, or not an object where one is expected',
  MISSING_NAME: 'no name of any kind',
  BAD_DATE: "date of birth present but not a real date in the source's formats",
  BAD_CONSENT: 'a consent statement the hub cannot read (unknown code, no date): never guessed',
  FUTURE_TIMESTAMP: "change timestamp later than the hub's clock plus its tolerance (INGEST_FUTURE_TOLERANCE_MS)",
  UNSTORABLE_VALUE: 'a value the database cannot store (NUL character, lone surrogate, too long to index)',
} as const;
export type QuarantineReason = keyof typeof QUARANTINE_REASONS;

/** How the source orders a person's name. */
export type NameOrder = 'FAMILY_GIVEN' | 'GIVEN_FAMILY';

/** Order of day and month in a source's slash/dash dates when it is not ISO. */
export type DateOrder = 'DMY' | 'MDY' | 'YMD';

export interface SourceAddress {
  lines: string[];
  city?: string | null;
  province?: string | null;
  postcode?: string | null;
  country?: string | null; // ISO 3166 alpha-2 where known
}

/**
 * A consent statement the source holds for the customer, already in the hub's terms: the
 * mapping from the bank's codes to purposes and data categories is the connector's (per bank).
 */
export interface SourceConsent {
  purpose: string; // e.g. MARKETING
  status: 'GRANTED' | 'DENIED' | 'REVOKED';
  categories: string[]; // data categories it covers: IDENTITY, CONTACT, FINANCIAL, PROFILING, …
  /** an ISO date ('2024-03-01') when the source keeps only the day, else an ISO instant with zone */
  givenAt: string;
  expiresAt?: string | null; // ISO date or instant; null: until withdrawn
  channel: string; // BRANCH, APP, WEB, CALL_CENTER, or the source's own code
  evidence?: string | null; // where the statement can be found
}

/** One customer as a source system knows it, in that source's own formats. */
export interface SourceCustomer {
  sourceKey: string;
  updatedAt: Date;
  deleted: boolean;
  name: {
    /** the name as one string when the source keeps it that way ("ZHANG, WEI", "Wei Zhang", "张伟") */
    full?: string | null;
    given?: string | null;
    family?: string | null;
    /** a second, local-script name when the source keeps both (e.g. CJK beside romanised) */
    local?: string | null;
    order: NameOrder;
  };
  /** as the source gives it; `dateOrder` says how to read ambiguous forms */
  dateOfBirth?: string | null;
  dateOrder?: DateOrder;
  nationalId?: { type: 'CN_RESIDENT' | 'PASSPORT' | 'OTHER'; number: string } | null;
  gender?: 'M' | 'F' | null;
  phones: string[];
  emails: string[];
  addresses: SourceAddress[];
  /** the customer's current consent statements where the source keeps them (one per purpose) */
  consents?: SourceConsent[];
  /** the raw row(s) exactly as read, stored as the record's payload */
  raw: Record<string, unknown>;
}

/** A raw row that the connector could not map, with its reason. Never dropped. */
export interface QuarantinedRow {
  sourceKey: string | null;
  reason: QuarantineReason;
  detail: string; // human-readable, without personal values
  raw: string; // the raw row as text, exactly as read (it may not be valid JSON)
}

export type MappedRow = { ok: true; customer: SourceCustomer } | { ok: false; quarantine: QuarantinedRow };

export interface PullPage {
  rows: MappedRow[];
  /** position after this page; pass it to the next pull */
  next: Watermark;
  /** true when the source has nothing after `next` (caught up) */
  done: boolean;
}

export type HoldingKind = 'DEPOSIT_ACCOUNT' | 'CARD' | 'LOAN';

/** A live product holding, read from the source at query time. */
export interface Holding {
  kind: HoldingKind;
  sourceKey: string; // the customer's key in that source
  productId: string; // account number, card id (masked PAN shown separately), loan id
  product: string; // e.g. SAVINGS, VISA_PLATINUM, MORTGAGE
  currency: string;
  /** deposit balance, card balance owed, loan outstanding */
  balance: number;
  creditLimit?: number | null;
  daysPastDue?: number | null;
  role?: 'PRIMARY' | 'CO_BORROWER' | null;
  status: string;
  openedAt?: string | null; // ISO date
  lastActivityAt?: string | null; // ISO date
  maskedNumber?: string | null;
}

/** What the hub tells a connector about a pull. */
export interface PullOptions {
  /**
   * The hub's clock plus its tolerance. Rows stamped later are still delivered (the hub
   * quarantines them as `FUTURE_TIMESTAMP`), but the watermark never moves onto them: a row
   * stamped 2099 must not hide every change made before 2099.
   */
  horizon?: Date;
}

export interface ConnectorHealth {
  ok: boolean;
  latencyMs: number;
  detail?: string;
}

export interface Connector {
  readonly system: SourceSystem;
  /**
   * Rows changed after `since` (null: from the beginning), oldest first, at most `limit`.
   * Must be safe to call again with the same `since` (the hub may retry a page). The returned
   * watermark never passes `options.horizon`.
   */
  pullChanges(since: Watermark | null, limit: number, options?: PullOptions): Promise<PullPage>;
  /** Product holdings for these source keys, one call for the whole batch. */
  lookupHoldings(sourceKeys: readonly string[]): Promise<Map<string, Holding[]>>;
  health(): Promise<ConnectorHealth>;
  close(): Promise<void>;
}
