/**
 * Assembles the hub from its configuration: database (embedded or real), sample source systems
 * when no real ones are configured, connectors, the services, the job pipeline (which queue feeds
 * which is declared in jobs/pipeline.ts) and the API. `HUB_ROLE` picks what this process runs;
 * `npm start` runs everything in one process.
 */
import { join } from 'node:path';
import { Pool } from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { createConnectors, type ConnectorConfigs } from '../connectors/index.js';
import { AuditSealQueue } from '../jobs/audit-seal.queue.js';
import { IngestQueues } from '../jobs/ingest.queue.js';
import { MatchQueue } from '../jobs/match.queue.js';
import { startPipeline } from '../jobs/pipeline.js';
import { createQueueBackend, type QueueBackend } from '../jobs/queue-backend.js';
import { QualityQueue } from '../jobs/quality.queue.js';
import { SegmentsQueue } from '../jobs/segments.queue.js';
import type { TokenKeys } from './api/auth.js';
import { checkHealth } from './server/health.js';
import { AccessLogRepository } from './audit/access-log.repository.js';
import { AccessLogWriter } from './audit/access-log.writer.js';
import { AuditService } from './audit/audit.service.js';
import { AccessLogSealer } from './audit/sealer.js';
import { auditSealKey, previousSealPublicKeys } from './audit/seal-key.js';
import type { SealKey } from './audit/seal-signature.js';
import { hubWiring } from './server/schema.js';
import { startApi, type RunningApi } from './server/server.js';
import { tokenKeys } from './api/token-keys.js';
import { needsSampleSystems, type Config } from './config/config.js';
import { DatabaseWatch } from './db/database-watch.js';
import { describeError } from './observability/safe-error.js';
import { startEmbeddedPostgres } from './db/embedded-postgres.js';
import { siblingDatabaseUrl } from './db/ensure-database.js';
import { initOrm } from './orm.js';
import { RUNTIME_ROLE } from './db/migrations/Migration20261202500000.js';
import { inspectRuntimeRole, runtimeRoleProblems } from './db/runtime-role.js';
import { CustomerService } from './customer/customer.service.js';
import { HoldingsGateway } from './holdings/holdings.gateway.js';
import { HubMetrics, observeSourceCall } from './observability/metrics.js';
import { OutageReporter } from './observability/outage.js';
import { ConsentService } from './policy/consent.service.js';
import { goldenCustomers } from './golden/golden.repository.js';
import { PolicyService } from './policy/policy.service.js';
import { IngestService } from './ingest/ingest.service.js';
import { SourceSystemService } from './ingest/source-system.service.js';
import { BatchMatcher } from './matching/batch-match.service.js';
import { firstBatchDue } from './matching/first-batch.js';
import { MatchRuns } from './matching/match-runs.js';
import { IncrementalMatcher } from './matching/incremental-match.service.js';
import { StewardshipService } from './stewardship/stewardship.service.js';
import { resolutionSettings } from './matching/settings.js';
import { ReviewQueueService } from './stewardship/review-queue.service.js';
import { FieldConflictsService } from './stewardship/field-conflicts.service.js';
import { FieldOverridesService } from './stewardship/field-overrides.service.js';
import { SAMPLE_EPOCH } from './sample/generator/index.js';
import { startSampleSystems } from './sample/sample-systems.js';
import { QualityService } from './quality/quality.service.js';
import { SegmentRuleService } from './segments/segment-rule.service.js';
import { SegmentationService } from './segments/segmentation.service.js';
import { SubjectRightsService } from './subject-rights/subject-rights.service.js';

export interface Hub {
  api?: RunningApi;
  keys: TokenKeys;
  /** signs the access log's seals; its public half is published (GET /audit/public-key) */
  sealKey: SealKey;
  close(): Promise<void>;
}

interface Closer {
  name: string;
  close: () => Promise<unknown>;
}

/** The reference time of segment facts: SEGMENTS_AS_OF, the sample data's frozen date, or now. */
function segmentsClock(config: Config): () => Date {
  if (config.SEGMENTS_AS_OF) {
    const asOf = new Date(`${config.SEGMENTS_AS_OF}T00:00:00Z`);
    return () => asOf;
  }
  // The sample systems' activity dates are generated around SAMPLE_EPOCH: measured against the
  // wall clock every sample customer would look dormant.
  if (needsSampleSystems(config)) return () => SAMPLE_EPOCH;
  return () => new Date();
}

async function connectorConfigs(config: Config, hubUrl: string, logger: Logger, closers: Closer[]): Promise<ConnectorConfigs> {
  let sampleDb = '';
  let sampleCards = '';
  if (needsSampleSystems(config)) {
    const sample = await startSampleSystems({
      // made by the owner role: the hub's runtime role need not create databases
      databaseUrl: config.SAMPLE_DATABASE_URL ?? (config.DATABASE_URL ? siblingDatabaseUrl(config.DATABASE_OWNER_URL ?? hubUrl, '_sources') : undefined),
      embeddedDataDir: join(config.DATA_DIR, 'sources'),
      embeddedPort: config.EMBEDDED_PG_PORT + 1,
      cardsPort: config.SAMPLE_CARDS_PORT,
      schemas: { coreBanking: config.CORE_BANKING_SCHEMA, loans: config.LOANS_SCHEMA, cards: 'cards', truth: 'sample_truth' },
      customers: config.SAMPLE_CUSTOMERS,
      seed: config.SAMPLE_SEED,
      logger,
    });
    closers.push({ name: 'sample systems', close: sample.close });
    sampleDb = sample.databaseUrl;
    sampleCards = sample.cardsApiUrl;
    logger.info({ cardsApiUrl: sample.cardsApiUrl }, 'sample source systems started');
  }
  return {
    core_banking: { databaseUrl: config.CORE_BANKING_DATABASE_URL ?? sampleDb, schema: config.CORE_BANKING_SCHEMA },
    cards: { baseUrl: config.CARDS_API_URL ?? sampleCards },
    loans: { databaseUrl: config.LOANS_DATABASE_URL ?? sampleDb, schema: config.LOANS_SCHEMA },
  };
}

function queueBackend(config: Config, hubUrl: string, logger: Logger): Promise<QueueBackend> {
  if (config.REDIS_URL) return createQueueBackend({ kind: 'redis', url: config.REDIS_URL, prefix: config.QUEUE_PREFIX, logger });
  // On embedded PostgreSQL the queue's SQL functions resolve only in `public` (see STACK notes).
  const schema = config.DATABASE_URL ? config.QUEUE_SCHEMA : 'public';
  // the owner makes the queue tables and lets the runtime role use them
  const owner = config.DATABASE_OWNER_URL && config.DATABASE_OWNER_URL !== hubUrl ? { url: config.DATABASE_OWNER_URL, grantTo: RUNTIME_ROLE } : undefined;
  return createQueueBackend({ kind: 'postgres', url: hubUrl, schema, owner, logger });
}

/**
 * Migrations run as the owner (DATABASE_OWNER_URL, or DATABASE_URL when it is unset); the hub
 * then connects as DATABASE_URL's role and checks that it cannot rewrite the access log.
 */
async function openDatabase(config: Config, hubUrl: string, logger: Logger): Promise<MikroORM> {
  const poolMax = config.DATABASE_URL ? 10 : 4;
  const ownerUrl = config.DATABASE_OWNER_URL ?? hubUrl;
  let orm: MikroORM;
  if (ownerUrl === hubUrl) {
    orm = await initOrm(hubUrl, { poolMax });
  } else {
    await (await initOrm(ownerUrl, { poolMax: 1 })).close();
    orm = await initOrm(hubUrl, { migrate: false, poolMax });
  }
  try {
    const role = await inspectRuntimeRole(orm);
    const problems = runtimeRoleProblems(role);
    if (problems.length > 0) {
      const what = `the database role of DATABASE_URL (${role.role}) ${problems.join(' and ')}: it could rewrite the access log`;
      if (config.NODE_ENV === 'production' && !config.AUDIT_ALLOW_PRIVILEGED_DB_ROLE) {
        throw new Error(`${what}. Connect as a member of ${RUNTIME_ROLE} and run migrations with DATABASE_OWNER_URL (README, Database roles), or set AUDIT_ALLOW_PRIVILEGED_DB_ROLE=true`);
      }
      logger.warn({ role: role.role, problems }, `${what} (fine for the demo; see README, Database roles)`);
    } else {
      logger.info({ role: role.role }, 'database role checked: it can read and append to the access log, not change it');
    }
  } catch (err) {
    await orm.close();
    throw err;
  }
  return orm;
}

export async function startHub(config: Config, logger: Logger): Promise<Hub> {
  // Closed in reverse order of start; anything started before a failure is closed too.
  const closers: Closer[] = [];
  const close = async () => {
    for (const c of closers.reverse()) {
      logger.debug({ part: c.name }, 'closing');
      await c.close().catch((err) => logger.error({ reason: describeError(err), part: c.name }, 'error while closing'));
    }
  };
  try {
    let hubUrl = config.DATABASE_URL;
    if (!hubUrl) {
      const embedded = await startEmbeddedPostgres(join(config.DATA_DIR, 'hub'), config.EMBEDDED_PG_PORT);
      closers.push({ name: 'embedded PostgreSQL', close: embedded.stop });
      hubUrl = embedded.url;
      logger.info({ dataDir: config.DATA_DIR }, 'embedded PostgreSQL started');
    }
    const orm = await openDatabase(config, hubUrl, logger);
    closers.push({ name: 'database', close: () => orm.close() });

    const connectors = createConnectors(await connectorConfigs(config, hubUrl, logger, closers));
    closers.push({ name: 'connectors', close: () => Promise.all([...connectors.values()].map((c) => c.close())) });

    const backend = await queueBackend(config, hubUrl, logger.child({ part: 'queues' }));
    closers.push({ name: 'queues', close: () => backend.close() });
    const queues = new IngestQueues(backend, [...connectors.keys()], { attempts: config.INGEST_ATTEMPTS });
    const matchQueue = new MatchQueue(backend, config.MATCH_ATTEMPTS);
    const segmentsQueue = new SegmentsQueue(backend, config.SEGMENTS_ATTEMPTS);
    const segmentRules = new SegmentRuleService(orm, segmentsQueue);
    const accessLog = new AccessLogRepository(orm);
    const sealKey = auditSealKey(config);
    const previousSealKeys = previousSealPublicKeys(config);
    const sealer = new AccessLogSealer(accessLog, sealKey, { graceMs: config.AUDIT_SEAL_GRACE_MS, previousKeys: previousSealKeys });
    const auditSealQueue = new AuditSealQueue(backend);
    // one registry per process: /metrics (where the API runs here) shows the segmentation's source calls too
    const metrics = new HubMetrics();
    const qualityQueue = new QualityQueue(backend, config.QUALITY_ATTEMPTS);
    const quality = new QualityService(orm, { systems: [...connectors.keys()], pageSize: config.QUALITY_PAGE_SIZE, maxPageSize: config.QUALITY_MAX_PAGE_SIZE }, qualityQueue);

    if (config.HUB_ROLE !== 'api') {
      const settings = resolutionSettings(config);
      await startPipeline(
        backend,
        { ingest: queues, match: matchQueue, segments: segmentsQueue, auditSeal: auditSealQueue, quality: qualityQueue },
        {
          ingestMs: config.INGEST_EVERY_MS,
          matchSweepMs: config.MATCH_SWEEP_EVERY_MS,
          segmentsMs: config.SEGMENTS_EVERY_MS,
          auditSealMs: config.AUDIT_SEAL_EVERY_MS,
          qualitySweepMs: config.QUALITY_SWEEP_EVERY_MS,
        },
        {
          connectors,
          ingest: new IngestService(orm, { futureToleranceMs: config.INGEST_FUTURE_TOLERANCE_MS, logger: logger.child({ part: 'ingest' }) }),
          incremental: new IncrementalMatcher(orm, settings),
          batch: new BatchMatcher(orm, settings),
          firstBatchDue: () => firstBatchDue(orm, queues.systems),
          runs: new MatchRuns(orm),
          segmentation: new SegmentationService(
            orm,
            new HoldingsGateway(connectors, config.SEGMENTS_HOLDINGS_TIMEOUT_MS, (system, seconds, outcome) =>
              metrics.segmentationSourceCallDuration.observe({ source: system, outcome }, seconds),
            ),
            segmentRules,
            { pageSize: config.SEGMENTS_PAGE_SIZE, clock: segmentsClock(config) },
          ),
          quality,
          sealer,
        },
        { pageSize: config.INGEST_PAGE_SIZE, lockDurationMs: config.WORKER_LOCK_MS },
        logger,
      );
    }

    const keys = tokenKeys(config);
    let api: RunningApi | undefined;
    if (config.HUB_ROLE !== 'worker') {
      // probes on a connection of their own: a pool busy with requests is not a database down
      const probePool = new Pool({ connectionString: hubUrl, max: 1, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 2000 });
      probePool.on('error', () => undefined); // an idle probe connection dropped: the next probe reconnects
      const database = new DatabaseWatch(() => probePool.query('SELECT 1'), new OutageReporter('database', logger.child({ part: 'api' })));
      closers.push({ name: 'database watch', close: async () => (database.close(), probePool.end()) });
      const holdings = new HoldingsGateway(connectors, config.HOLDINGS_TIMEOUT_MS, (system, seconds, outcome) =>
        observeSourceCall(metrics, system, seconds, outcome),
      );
      const health = () => checkHealth(() => probePool.query('SELECT 1'), backend);
      const audit = new AuditService(accessLog, sealer, config.ACCESS_LOG_MAX_PAGE_SIZE, sealKey, previousSealKeys);
      api = await startApi({
        host: config.HOST,
        port: config.PORT,
        keys,
        production: config.NODE_ENV === 'production',
        limits: { maxDepth: config.GRAPHQL_MAX_DEPTH, maxAliases: config.GRAPHQL_MAX_ALIASES, maxCost: config.GRAPHQL_MAX_COST },
        requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
        shutdownDrainMs: config.SHUTDOWN_DRAIN_MS,
        logger: logger.child({ part: 'api' }),
        metrics,
        audit: new AccessLogWriter(accessLog),
        database,
        health,
        auditService: audit,
        wiring: hubWiring({
          health,
          sourceSystems: new SourceSystemService(orm, connectors, queues),
          customers: new CustomerService(orm, holdings, config.CUSTOMERS_MAX_PAGE_SIZE),
          segmentRules,
          quality,
          policy: new PolicyService(orm),
          consents: new ConsentService(orm, goldenCustomers, { maxBackdateDays: config.CONSENT_MAX_BACKDATE_DAYS }),
          audit,
          subjectRights: new SubjectRightsService(orm, accessLog),
          matching: matchQueue,
          stewardship: new StewardshipService(orm, resolutionSettings(config)),
          reviewQueue: new ReviewQueueService(orm, resolutionSettings(config).survivorship, config.CUSTOMERS_MAX_PAGE_SIZE),
          fieldConflicts: new FieldConflictsService(orm),
          fieldOverrides: new FieldOverridesService(orm, resolutionSettings(config).survivorship),
        }),
      });
      closers.push({ name: 'api', close: () => api!.close() });
    }
    return { api, keys, sealKey, close };
  } catch (err) {
    await close();
    throw err;
  }
}
