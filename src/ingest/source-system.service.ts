/**
 * What operators and stewards ask about the sources: sync status and health per connector,
 * one stored source record, and on-demand syncs.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Connector, ConnectorHealth, QuarantineReason, SourceSystem } from '../../connectors/contract.js';
import { HubError } from '../errors.js';
import type { ConnectorState } from './connector-state.entity.js';
import { IngestRepository } from './ingest.repository.js';
import type { SourceRecord } from './source-record.entity.js';
import { SourceRecordRepository } from './source-record.repository.js';

export interface SourceSystemStatus {
  system: SourceSystem;
  health: ConnectorHealth;
  state: ConnectorState | null;
  records: number;
  deletedRecords: number;
  openQuarantine: number;
  /** open quarantine entries per reason, most first (e.g. FUTURE_TIMESTAMP: rows stamped after the hub's clock) */
  openQuarantineByReason: { reason: QuarantineReason; count: number }[];
}

export interface SyncRequester {
  requestSync(system: SourceSystem): Promise<string | undefined>;
}

const HEALTH_TIMEOUT_MS = 2000;

async function healthWithin(connector: Connector, ms: number): Promise<ConnectorHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ConnectorHealth>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, latencyMs: ms, detail: `no answer within ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([connector.health(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class SourceSystemService {
  constructor(
    private readonly orm: MikroORM,
    private readonly connectors: ReadonlyMap<SourceSystem, Connector>,
    private readonly syncs: SyncRequester,
  ) {}

  async statuses(): Promise<SourceSystemStatus[]> {
    const em = this.orm.em.fork();
    const [states, counts, quarantine] = await Promise.all([
      new IngestRepository(em).connectorStates(),
      new SourceRecordRepository(em).countsBySystem(),
      new IngestRepository(em).openQuarantineCounts(),
    ]);
    const systems = [...this.connectors.keys()];
    const health = await Promise.all(systems.map((s) => healthWithin(this.connectors.get(s)!, HEALTH_TIMEOUT_MS)));
    return systems.map((system, i) => ({
      system,
      health: health[i],
      state: states.find((s) => s.system === system) ?? null,
      records: counts.find((c) => c.system === system)?.records ?? 0,
      deletedRecords: counts.find((c) => c.system === system)?.deleted ?? 0,
      openQuarantine: quarantine.filter((q) => q.system === system).reduce((n, q) => n + q.open, 0),
      openQuarantineByReason: quarantine.filter((q) => q.system === system).map((q) => ({ reason: q.reason, count: q.open })),
    }));
  }

  async record(system: SourceSystem, sourceKey: string): Promise<SourceRecord> {
    const record = await new SourceRecordRepository(this.orm.em.fork()).findByKey(system, sourceKey);
    if (!record) throw new HubError('NOT_FOUND', `no ${system} record with that key`, { extensions: { argument: 'key' } });
    return record;
  }

  async requestSync(system: SourceSystem): Promise<string | undefined> {
    if (!this.connectors.has(system)) throw new HubError('BAD_USER_INPUT', `connector ${system} is not configured`);
    return this.syncs.requestSync(system);
  }
}
