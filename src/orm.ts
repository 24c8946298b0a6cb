/**
 * The one place the ORM is configured and started. Entities are listed, not discovered by glob,
 * and migrations are listed too, so the compiled app, ts-jest and the CLI scripts all load the
 * same set without path tricks. It sits at the composition root beside src/app.ts, not in
 * src/db: listing every capability's entities is composition, and src/db (infrastructure: the
 * migrations, the embedded database, SQL helpers the repositories use) imports no capability.
 */
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ConnectorState } from './ingest/connector-state.entity.js';
import { QuarantinedRow } from './ingest/quarantined-row.entity.js';
import { SourceRecord } from './ingest/source-record.entity.js';
import { GoldenCustomer } from './golden/golden-customer.entity.js';
import { GoldenEvent } from './golden/golden-event.entity.js';
import { GoldenOverride } from './golden/golden-override.entity.js';
import { MatchCandidate } from './matching/match-candidate.entity.js';
import { MatchModelRow } from './matching/match-model.entity.js';
import { MatchRun } from './matching/match-run.entity.js';
import { DqIssue } from './quality/dq-issue.entity.js';
import { DqRule } from './quality/dq-rule.entity.js';
import { SegmentRule } from './segments/segment-rule.entity.js';
import { migrationsList } from './db/migrations/index.js';

export const ENTITIES = [SourceRecord, QuarantinedRow, ConnectorState, GoldenCustomer, GoldenEvent, GoldenOverride, MatchCandidate, MatchModelRow, MatchRun, SegmentRule, DqRule, DqIssue];

export function ormOptions(clientUrl: string, poolMax = 8): Options {
  return {
    clientUrl,
    entities: ENTITIES,
    pool: { min: 0, max: poolMax },
    extensions: [Migrator],
    migrations: {
      path: 'src/db/migrations',
      emit: 'ts',
      snapshot: false,
      migrationsList,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
    // Entities are loaded explicitly and never auto-flushed on read.
    allowGlobalContext: false,
    debug: false,
  };
}

/** Connects and brings the hub schema up to date. */
export async function initOrm(clientUrl: string, { migrate = true, poolMax = 8 } = {}): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(clientUrl, poolMax));
  if (migrate) await orm.getMigrator().up();
  return orm;
}
