/**
 * A sample hub whose records are ingested and matched into golden customers, for tests of what
 * is built on golden customers (the customer view, segments, consent).
 */
import { SOURCE_SYSTEMS } from '../../connectors/contract';
import { DEFAULT_SURVIVORSHIP_POLICY } from '../../src/golden/survivorship/survivorship-policy';
import { IngestService } from '../../src/ingest/ingest.service';
import { DEFAULT_MATCH_SETTINGS } from '../../src/matching/engine/index';
import { BatchMatcher } from '../../src/matching/batch-match.service';
import { startSampleHub, type SampleHub } from './sample-hub';

export async function startMatchedHub(label: string, customers: number): Promise<SampleHub> {
  const hub = await startSampleHub(label, customers);
  try {
    const ingest = new IngestService(hub.orm);
    for (const system of SOURCE_SYSTEMS) await ingest.sync(hub.connectors.get(system)!, { pageSize: 500 });
    await new BatchMatcher(hub.orm, { match: DEFAULT_MATCH_SETTINGS, survivorship: DEFAULT_SURVIVORSHIP_POLICY }).run();
    return hub;
  } catch (err) {
    await hub.close();
    throw err;
  }
}
