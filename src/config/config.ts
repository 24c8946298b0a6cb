/**
 * Configuration from environment variables, validated once at start. A wrong value stops the
 * process with a message naming the variable (see `loadConfig`). Every variable is documented in
 * README.md; defaults give the zero-setup demo (embedded PostgreSQL, jobs on PostgreSQL).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ed25519PrivateKeyFrom, ed25519PublicKeysFrom } from './ed25519-keys.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL');
const identifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** which parts this process runs: both (demo), only the GraphQL API, or only the job workers */
  HUB_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** the hub's PostgreSQL; unset: embedded PostgreSQL (PGlite) in DATA_DIR */
  DATABASE_URL: postgresUrl.optional(),
  /** the role that owns the hub's tables and runs the migrations; unset: DATABASE_URL (see README, Database roles) */
  DATABASE_OWNER_URL: postgresUrl.optional(),
  /** Redis for the job queues; unset: BullMQ's PostgreSQL backend on the hub database */
  REDIS_URL: z.string().regex(/^rediss?:\/\/.+/, 'must be a redis:// URL').optional(),
  /** key prefix of the queues (Redis) — lets several hubs or test runs share one Redis */
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').default('hub'),
  /** schema of the queue tables on the PostgreSQL backend */
  QUEUE_SCHEMA: identifier.default('bullmq'),
  DATA_DIR: z.string().min(1).default('.data'),
  /** first port of the embedded PostgreSQL servers (hub, then sample sources) */
  EMBEDDED_PG_PORT: int(1024, 65535).default(54329),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().min(1).default('customer-hub'),
  /** longest lifetime of an accepted token, in seconds (tokens without exp are always refused) */
  JWT_MAX_LIFETIME_S: int(60, 30 * 24 * 3600).default(24 * 3600),
  /** connectors: point these at the bank's systems; unset: the sample systems are started and seeded */
  CORE_BANKING_DATABASE_URL: postgresUrl.optional(),
  CORE_BANKING_SCHEMA: identifier.default('core_banking'),
  LOANS_DATABASE_URL: postgresUrl.optional(),
  LOANS_SCHEMA: identifier.default('loans'),
  CARDS_API_URL: z.string().url().optional(),
  /** where the sample systems keep their data when they are started (default: embedded, or
   * database <hub database>_sources on the DATABASE_URL server) */
  SAMPLE_DATABASE_URL: postgresUrl.optional(),
  /** size and seed of the sample data created on first start */
  SAMPLE_CUSTOMERS: int(0, 10_000_000).default(2000),
  SAMPLE_SEED: int(0, 2 ** 31 - 1).default(42),
  SAMPLE_CARDS_PORT: int(0, 65535).default(4100),
  /** ingest: rows per page (one transaction each), schedule, retries */
  INGEST_PAGE_SIZE: int(1, 50_000).default(2000),
  INGEST_EVERY_MS: int(1000, 86_400_000).default(60_000),
  INGEST_ATTEMPTS: int(1, 100).default(5),
  /** how far after the hub's clock a source's change timestamp may be; later rows are quarantined
   * (FUTURE_TIMESTAMP) and no watermark moves past the hub's clock plus this */
  INGEST_FUTURE_TOLERANCE_MS: int(0, 86_400_000).default(300_000),
  /** matching: probability at or above which records are linked, and from which a pair goes to steward review */
  MATCH_AUTO_LINK_PROBABILITY: z.coerce.number().gt(0).lt(1).optional(),
  MATCH_REVIEW_PROBABILITY: z.coerce.number().gt(0).lt(1).optional(),
  /** blocks (records sharing one blocking key) larger than this are not compared, and are reported */
  MATCH_MAX_BLOCK_SIZE: int(2, 100_000).optional(),
  /** how often the sweep matches records still pending; retries of match jobs */
  MATCH_SWEEP_EVERY_MS: int(1000, 86_400_000).default(10_000),
  MATCH_ATTEMPTS: int(1, 100).default(5),
  /** live holdings: how long a source may take to answer before its part of a response is SOURCE_UNAVAILABLE */
  HOLDINGS_TIMEOUT_MS: int(50, 60_000).default(2000),
  /** the most customers one page of `customers` may ask for */
  CUSTOMERS_MAX_PAGE_SIZE: int(1, 1000).default(100),
  /** GraphQL query limits: deepest nesting, aliased fields, cost (fields, times `first` where given) */
  GRAPHQL_MAX_DEPTH: int(1, 100).default(10),
  GRAPHQL_MAX_ALIASES: int(0, 10_000).default(30),
  GRAPHQL_MAX_COST: int(1, 100_000_000).default(20_000),
  /** a GraphQL request unanswered this long gets 503 REQUEST_TIMEOUT */
  REQUEST_TIMEOUT_MS: int(100, 600_000).default(10_000),
  /** on shutdown, /ready answers 503 this long before the API stops taking connections */
  SHUTDOWN_DRAIN_MS: int(0, 120_000).default(0),
  /** segments: full run schedule, customers per page (one holdings call per source each), how long
   * one such call may take before the page fails (the run is retried), retries */
  SEGMENTS_EVERY_MS: int(60_000, 7 * 86_400_000).default(3_600_000),
  SEGMENTS_PAGE_SIZE: int(1, 10_000).default(500),
  SEGMENTS_HOLDINGS_TIMEOUT_MS: int(1000, 600_000).default(60_000),
  SEGMENTS_ATTEMPTS: int(1, 100).default(5),
  /** reference date of tenure and activity facts (ISO date); unset: now, or the sample data's
   * own date when the sample systems run (their activity dates are frozen at generation) */
  SEGMENTS_AS_OF: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date (YYYY-MM-DD)').refine((d) => !Number.isNaN(Date.parse(d)), 'must be a real date').optional(),
  /** data quality: full sweep schedule, records or customers per page of a sweep, retries */
  QUALITY_SWEEP_EVERY_MS: int(60_000, 7 * 86_400_000).default(21_600_000),
  QUALITY_PAGE_SIZE: int(1, 50_000).default(2000),
  QUALITY_ATTEMPTS: int(1, 100).default(5),
  QUALITY_MAX_PAGE_SIZE: int(1, 1000).default(100),
  /** access log: how often new entries are sealed into the hash chain; how young an entry waits
   * for the next run (ids are taken before commit); largest `first` of `accessLog` */
  AUDIT_SEAL_EVERY_MS: int(1000, 86_400_000).default(10_000),
  AUDIT_SEAL_GRACE_MS: int(0, 600_000).default(2000),
  ACCESS_LOG_MAX_PAGE_SIZE: int(1, 1000).default(100),
  /** consent: how far back a recorded statement's givenAt may lie (a form keyed in late); older: BAD_USER_INPUT */
  CONSENT_MAX_BACKDATE_DAYS: int(0, 36_500).default(90),
  /** Ed25519 private key that signs access-log seals (PEM, or base64 of its PKCS#8 DER), or a
   * file holding it; unset: a demo key made in DATA_DIR/audit-signing-key.pem */
  AUDIT_SIGNING_KEY: z.string().min(1).optional(),
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** PEM file of public keys used before a key rotation: their seals still verify */
  AUDIT_PREVIOUS_PUBLIC_KEYS_FILE: z.string().min(1).optional(),
  /** start in production although DATABASE_URL's role is a superuser or owns the access log */
  AUDIT_ALLOW_PRIVILEGED_DB_ROLE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** a worker that stops renewing its job lock this long is presumed dead; its job is retried */
  WORKER_LOCK_MS: int(1000, 600_000).default(30_000),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError naming each wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  const problems: string[] = [];
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET) problems.push('JWT_SECRET: required when NODE_ENV=production');
  if (config.HUB_ROLE !== 'all') {
    // Separate api/worker processes share one database and the real source systems.
    if (!config.DATABASE_URL) problems.push(`DATABASE_URL: required when HUB_ROLE=${config.HUB_ROLE} (embedded PostgreSQL lives inside one process)`);
    for (const name of ['CORE_BANKING_DATABASE_URL', 'LOANS_DATABASE_URL', 'CARDS_API_URL'] as const) {
      if (!config[name]) problems.push(`${name}: required when HUB_ROLE=${config.HUB_ROLE} (sample systems start only with HUB_ROLE=all)`);
    }
    if (!config.JWT_SECRET) problems.push(`JWT_SECRET: required when HUB_ROLE=${config.HUB_ROLE} (processes must share the key)`);
  }
  if (config.DATABASE_OWNER_URL && !config.DATABASE_URL) problems.push('DATABASE_OWNER_URL: needs DATABASE_URL (the runtime role) as well');
  problems.push(...signingKeyProblems(config));
  const auto = config.MATCH_AUTO_LINK_PROBABILITY;
  const review = config.MATCH_REVIEW_PROBABILITY;
  if (auto !== undefined && review !== undefined && review > auto) {
    problems.push('MATCH_REVIEW_PROBABILITY: must not be above MATCH_AUTO_LINK_PROBABILITY');
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return config;
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/** The seal key must be given where the demo key will not do, and must be a usable Ed25519 key. */
function signingKeyProblems(config: Config): string[] {
  const problems: string[] = [];
  const given = config.AUDIT_SIGNING_KEY ?? config.AUDIT_SIGNING_KEY_FILE;
  if (config.AUDIT_SIGNING_KEY && config.AUDIT_SIGNING_KEY_FILE) problems.push('AUDIT_SIGNING_KEY_FILE: set either AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE, not both');
  if (!given && config.NODE_ENV === 'production') problems.push('AUDIT_SIGNING_KEY: required (or AUDIT_SIGNING_KEY_FILE) when NODE_ENV=production');
  if (!given && config.HUB_ROLE !== 'all') problems.push(`AUDIT_SIGNING_KEY: required (or AUDIT_SIGNING_KEY_FILE) when HUB_ROLE=${config.HUB_ROLE} (processes must share the key)`);
  try {
    if (config.AUDIT_SIGNING_KEY) ed25519PrivateKeyFrom(config.AUDIT_SIGNING_KEY);
  } catch (e) {
    problems.push(`AUDIT_SIGNING_KEY: not an Ed25519 private key (${reason(e)})`);
  }
  try {
    if (config.AUDIT_SIGNING_KEY_FILE) ed25519PrivateKeyFrom(readFileSync(config.AUDIT_SIGNING_KEY_FILE, 'utf8'));
  } catch (e) {
    problems.push(`AUDIT_SIGNING_KEY_FILE: not a readable Ed25519 private key (${reason(e)})`);
  }
  try {
    if (config.AUDIT_PREVIOUS_PUBLIC_KEYS_FILE) ed25519PublicKeysFrom(readFileSync(config.AUDIT_PREVIOUS_PUBLIC_KEYS_FILE, 'utf8'));
  } catch (e) {
    problems.push(`AUDIT_PREVIOUS_PUBLIC_KEYS_FILE: not a readable PEM file of Ed25519 public keys (${reason(e)})`);
  }
  return problems;
}

/** True when any connector is left to the sample systems. */
export const needsSampleSystems = (config: Config): boolean =>
  !config.CORE_BANKING_DATABASE_URL || !config.LOANS_DATABASE_URL || !config.CARDS_API_URL;
