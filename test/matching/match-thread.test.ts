/**
 * The batch's matching in a worker thread gives exactly what it gives in-process (clusters,
 * pairs with their explanations, model), pairs a steward kept apart included; a failure in the
 * thread reaches the caller, and aborting stops the thread.
 */
import { csvDataset, FEBRL_MAPPING } from '../../src/evaluation/csv-dataset';
import { DEFAULT_MATCH_SETTINGS } from '../../src/matching/engine/index';
import { computeBatch, pairKey, type BatchComputation } from '../../src/matching/batch-compute';
import { computeBatchInThread } from '../../src/matching/match-thread';

// Febrl dataset 1: 1,000 records, 500 persons with one duplicate each
const records = csvDataset('/work/shared/datasets/febrl/dataset1.csv', FEBRL_MAPPING).records;
const settings = { ...DEFAULT_MATCH_SETTINGS };

/** the result without its timings, which differ from run to run */
const comparable = (r: BatchComputation) => ({ ...r, stats: { ...r.stats, timingsMs: undefined } });

describe('computeBatchInThread', () => {
  it('returns what computeBatch returns in-process, with pairs kept apart honoured, and reports progress', async () => {
    const plain = computeBatch(records, settings, new Set());
    const linked = plain.pairs.find((p) => p.status === 'AUTO_LINK')!;
    const apart = new Set([pairKey(linked.b, linked.a)]);
    const inProcess = computeBatch(records, settings, apart);
    const stages = new Set<string>();
    // records cross in several messages (chunk 300), the result in one or more
    const inThread = await computeBatchInThread({ records, settings, apart, chunk: 300, onProgress: (stage) => stages.add(stage) });

    expect(comparable(inThread)).toEqual(comparable(inProcess));
    expect(inThread.pairs.some((p) => p.a === linked.a && p.b === linked.b)).toBe(false);
    expect(inThread.clusters.some((c) => c.includes(linked.a) && c.includes(linked.b))).toBe(false);
    expect(inThread.clusters.flat()).toHaveLength(records.length);
    expect([...stages]).toEqual(expect.arrayContaining(['blocking', 'comparing', 'estimating', 'scoring', 'clustering', 'explaining']));
  }, 300_000); // three full batches, one in a thread compiling its TypeScript: minutes on a loaded machine

  it('rejects with the error thrown in the thread', async () => {
    await expect(computeBatchInThread({ records, settings: { ...settings, maxBlockSize: 1 }, apart: [] })).rejects.toThrow(/maxBlockSize/);
  });

  it('rejects with the abort reason when aborted', async () => {
    const controller = new AbortController();
    const running = computeBatchInThread({
      records,
      settings,
      apart: [],
      signal: controller.signal,
      onProgress: (stage) => stage === 'blocking' && controller.abort(new Error('shutting down')),
    });
    await expect(running).rejects.toThrow('shutting down');
  });
});
