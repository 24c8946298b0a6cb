/**
 * Runs the CPU-bound part of a full re-match (./batch-compute.ts) in a `node:worker_threads`
 * Worker, so the process's event loop stays free while it computes: BullMQ renews the job's lock,
 * `/health` answers, a SIGTERM is handled, other jobs and requests go on. Without it a batch held
 * the loop for seconds at 40k records and minutes at a million, past any lock: the job was
 * declared stalled and run again.
 *
 * Data crosses by structured clone (copied, not shared), in chunks of THREAD_CHUNK records,
 * pairs or clusters with a turn of the event loop between them (the result: the thread sends the
 * next chunk when asked), so no copy blocks the loop for long. The thread holds its own copy of the records while it computes (the match part
 * only; survivorship data stays here) and exits when it has sent the result.
 *
 * The thread's script is `match-thread.entry.js` beside this module's compiled file. Run from the
 * TypeScript sources (ts-jest, no build), the thread compiles the sources it loads itself, with
 * the `typescript` package the way ts-jest does, so tests never run a stale build.
 */
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { BatchStage, MatchModel, MatchRecord, MatchSettings } from './engine/index.js';
import type { BatchComputation, BatchComputeProgress } from './batch-compute.js';
import type { StoredPair } from './matching.repository.js';

/** records, pairs or clusters per message */
export const THREAD_CHUNK = 2000;

export type ToThread =
  | { type: 'records'; records: MatchRecord[] }
  | { type: 'run'; settings: MatchSettings; apart: string[]; together: [string, string][] }
  /** the host has taken the last message of the result and a turn of its event loop: send the next */
  | { type: 'next' };

export type FromThread =
  | { type: 'progress'; stage: BatchStage | 'explaining'; done: number; total: number }
  | { type: 'pairs'; pairs: StoredPair[] }
  | { type: 'clusters'; clusters: string[][] }
  | { type: 'done'; model: MatchModel; stats: BatchComputation['stats'] };

export interface ThreadBatchInput {
  records: readonly MatchRecord[];
  settings: MatchSettings;
  /** `a:b` keys (./batch-compute.ts pairKey) of pairs a steward kept apart */
  apart: Iterable<string>;
  /** pairs a steward linked (must-link) */
  together?: readonly (readonly [string, string])[];
  onProgress?: BatchComputeProgress;
  /** aborting stops the thread; the promise rejects with the abort reason */
  signal?: AbortSignal;
  /** records per message to the thread (default THREAD_CHUNK) */
  chunk?: number;
}

/** Compiles the sources a thread loads when this module runs from TypeScript (see the header). */
const TS_SOURCE_THREAD = `
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const ts = Module.createRequire(workerData.entry)('typescript');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  try {
    return resolve.call(this, request, parent, ...rest);
  } catch (err) {
    // the sources import each other as './x.js'
    if (/^\\.\\.?\\//.test(request) && request.endsWith('.js')) return resolve.call(this, request.slice(0, -3) + '.ts', parent, ...rest);
    throw err;
  }
};
Module._extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true, useDefineForClassFields: false },
  });
  module._compile(outputText, filename);
};
require(workerData.entry);
`;

function startThread(): Worker {
  // the thread may use as much heap as this process (--max-old-space-size), not V8's default
  const resourceLimits = { maxOldGenerationSizeMb: Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20) };
  if (__filename.endsWith('.ts')) {
    return new Worker(TS_SOURCE_THREAD, { eval: true, workerData: { entry: join(__dirname, 'match-thread.entry.ts') }, resourceLimits });
  }
  return new Worker(join(__dirname, 'match-thread.entry.js'), { resourceLimits });
}

/** `computeBatch` in a worker thread; the same result, the event loop free meanwhile */
export async function computeBatchInThread(input: ThreadBatchInput): Promise<BatchComputation> {
  input.signal?.throwIfAborted();
  const thread = startThread();
  const pairs: StoredPair[] = [];
  const clusters: string[][] = [];
  let failure: unknown = null;
  const result = new Promise<BatchComputation>((resolve, reject) => {
    thread.on('message', (message: FromThread) => {
      switch (message.type) {
        case 'progress':
          input.onProgress?.(message.stage, message.done, message.total);
          break;
        case 'pairs':
          for (const p of message.pairs) pairs.push(p);
          setImmediate(() => thread.postMessage({ type: 'next' } satisfies ToThread));
          break;
        case 'clusters':
          for (const c of message.clusters) clusters.push(c);
          setImmediate(() => thread.postMessage({ type: 'next' } satisfies ToThread));
          break;
        case 'done':
          resolve({ model: message.model, stats: message.stats, pairs, clusters });
          break;
      }
    });
    thread.on('error', (err) => reject(failure ?? err));
    thread.on('exit', (code) => reject(failure ?? new Error(`match thread exited (code ${code}) before its result`)));
  });
  result.catch(() => {}); // awaited below; not unhandled while the records are still being sent
  const abort = () => {
    failure = input.signal?.reason ?? new DOMException('the batch was aborted', 'AbortError');
    void thread.terminate();
  };
  input.signal?.addEventListener('abort', abort, { once: true });
  try {
    const chunk = input.chunk ?? THREAD_CHUNK;
    for (let i = 0; i < input.records.length; i += chunk) {
      if (failure) break;
      thread.postMessage({ type: 'records', records: input.records.slice(i, i + chunk) } satisfies ToThread);
      await nextTurn();
    }
    thread.postMessage({ type: 'run', settings: input.settings, apart: [...input.apart], together: (input.together ?? []).map(([a, b]) => [a, b] as [string, string]) } satisfies ToThread);
    return await result;
  } finally {
    input.signal?.removeEventListener('abort', abort);
    await thread.terminate();
  }
}
