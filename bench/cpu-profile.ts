/**
 * CPU profiles of benchmark sections, taken with V8's sampling profiler through node:inspector
 * (the profiler behind `node --cpu-prof`, but started and stopped around one section), saved as
 * .cpuprofile files (open them in Chrome DevTools) and summarised to the top functions by self time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface ProfileSummary {
  file: string;
  sampledMs: number;
  /** top functions by self time; `where` is file:line relative to the project */
  top: { fn: string; where: string; selfMs: number; selfPct: number }[];
}

export class SectionProfiler {
  private session: Session | null = null;

  constructor(private readonly dir: string | null) {}

  get enabled(): boolean {
    return this.dir !== null;
  }

  /** runs `fn` under the profiler when profiling is on; the summary is null otherwise */
  async profile<T>(name: string, fn: () => Promise<T>): Promise<{ value: T; summary: ProfileSummary | null }> {
    if (this.dir === null) return { value: await fn(), summary: null };
    if (!this.session) {
      this.session = new Session();
      this.session.connect();
      await this.session.post('Profiler.enable');
      await this.session.post('Profiler.setSamplingInterval', { interval: 1000 });
    }
    await this.session.post('Profiler.start');
    let value: T;
    try {
      value = await fn();
    } finally {
      const { profile } = (await this.session.post('Profiler.stop')) as unknown as { profile: Profile };
      const file = `${this.dir}/${name}.cpuprofile`;
      writeFileSync(file, JSON.stringify(profile));
      this.last = summarise(profile, file);
    }
    return { value, summary: this.last };
  }

  private last: ProfileSummary | null = null;

  close(): void {
    this.session?.disconnect();
    this.session = null;
  }
}

export function summarise(profile: Profile, file: string, top = 15): ProfileSummary {
  const totalHits = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const sampledMs = (profile.endTime - profile.startTime) / 1000;
  const msPerHit = totalHits > 0 ? sampledMs / totalHits : 0;
  const byFunction = new Map<string, { fn: string; where: string; hits: number }>();
  const root = process.cwd();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const path = url.replace(/^file:\/\//, '').replace(`${root}/`, '');
    const where = path ? `${path}:${lineNumber + 1}` : '';
    const key = `${functionName}\u0000${where}`;
    const entry = byFunction.get(key) ?? { fn: functionName || '(anonymous)', where, hits: 0 };
    entry.hits += hits;
    byFunction.set(key, entry);
  }
  const rows = [...byFunction.values()].sort((a, b) => b.hits - a.hits).slice(0, top);
  return {
    file,
    sampledMs: Math.round(sampledMs),
    top: rows.map((r) => ({
      fn: r.fn,
      where: r.where,
      selfMs: Math.round(r.hits * msPerHit),
      selfPct: totalHits > 0 ? +((100 * r.hits) / totalHits).toFixed(1) : 0,
    })),
  };
}

// ---- summaries of a saved profile by module and by stage -------------------------------------------

function readTree(file: string) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  return { profile, byId, parent };
}

const pct = (hits: number, total: number) => +((100 * hits) / Math.max(1, total)).toFixed(1);

export interface ModuleShare {
  module: string;
  selfPct: number;
}

/**
 * Self time by module, from a saved profile: time in native code and node internals (socket
 * writes, crypto, GC excepted) is charged to the nearest caller in a package or project folder,
 * so "pg" includes its socket writes and "jsonwebtoken" the key parsing it asks node for.
 */
export function modulesOf(file: string, top = 14): ModuleShare[] {
  const { profile, byId, parent } = readTree(file);
  const moduleOf = (url: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? /\/dist\/([^/]+(?:\/[^/]+)?)\//.exec(url)?.[1];
  const byModule = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    total += hits;
    let module: string | undefined;
    for (let id: number | undefined = node.id; id !== undefined && !module; id = parent.get(id)) module = moduleOf(byId.get(id)!.callFrame.url);
    const label = module ?? `(${node.callFrame.functionName || 'native'}${node.callFrame.url.startsWith('node:') ? ', node internals' : ''})`;
    byModule.set(label, (byModule.get(label) ?? 0) + hits);
  }
  return [...byModule.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([module, hits]) => ({ module, selfPct: pct(hits, total) }));
}

/** a named stage of the work, recognised by a frame (script URL and function name) on the stack */
export type Stage = [name: string, test: (url: string, functionName: string) => boolean];

export interface StageShare {
  stage: string;
  pct: number;
}

/**
 * CPU by stage: each sample goes to the highest-ranked (earliest listed) stage found anywhere on
 * its stack; samples in no stage are idle, garbage collector or other.
 */
export function stagesOf(file: string, stages: Stage[]): StageShare[] {
  const { profile, byId, parent } = readTree(file);
  const hitsBy = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    total += hits;
    let rank = stages.length;
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const { url, functionName } = byId.get(id)!.callFrame;
      const r = stages.findIndex(([, test]) => test(url, functionName));
      if (r >= 0 && r < rank) rank = r;
    }
    const fn = node.callFrame.functionName;
    const stage = rank < stages.length ? stages[rank]![0] : fn === '(idle)' ? 'idle' : fn === '(garbage collector)' ? 'garbage collector' : 'other';
    hitsBy.set(stage, (hitsBy.get(stage) ?? 0) + hits);
  }
  return [...hitsBy.entries()].sort((a, b) => b[1] - a[1]).map(([stage, hits]) => ({ stage, pct: pct(hits, total) }));
}
