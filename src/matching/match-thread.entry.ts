/**
 * The worker thread of a full re-match (started by ./match-thread.ts): receives the records in
 * chunks, runs the pure computation (./batch-compute.ts) and sends the result back in chunks.
 * Chunks, not one message: a message is copied (structured clone) on the sending thread and
 * rebuilt on the receiving one in one go, so one message of a million records would block the
 * hub's event loop for as long as the copy takes; chunks of a few thousand keep each copy short.
 * The result goes one message at a time, the next when the host asks for it: messages waiting
 * for the host are all rebuilt in one go when it reads them (3.4 s at 100k records).
 */
import { parentPort } from 'node:worker_threads';
import type { MatchRecord, MatchSettings } from './engine/index.js';
import { computeBatch } from './batch-compute.js';
import { THREAD_CHUNK, type FromThread, type ToThread } from './match-thread.js';

const port = parentPort;
if (!port) throw new Error('match-thread.entry runs only as a worker thread');
const send = (message: FromThread) => port.postMessage(message);

const records: MatchRecord[] = [];
/** the result's messages, sent one at a time: the next when the host asks for it */
const outbox: FromThread[] = [];
port.on('message', (message: ToThread) => {
  if (message.type === 'records') {
    for (const r of message.records) records.push(r);
    return;
  }
  if (message.type === 'next') {
    const next = outbox.shift();
    if (next) send(next);
    return;
  }
  const out = computeBatch(
    records,
    message.settings as MatchSettings,
    new Set(message.apart),
    (stage, done, total) => send({ type: 'progress', stage, done, total }),
    message.together,
  );
  records.length = 0;
  for (let i = 0; i < out.pairs.length; i += THREAD_CHUNK) outbox.push({ type: 'pairs', pairs: out.pairs.slice(i, i + THREAD_CHUNK) });
  for (let i = 0; i < out.clusters.length; i += THREAD_CHUNK) outbox.push({ type: 'clusters', clusters: out.clusters.slice(i, i + THREAD_CHUNK) });
  outbox.push({ type: 'done', model: out.model, stats: out.stats });
  send(outbox.shift()!);
});
