/**
 * CPU profiles of benchmark sections, taken with V8's sampling profiler through node:inspector
 * (the profiler behind `node --cpu-prof`, but started and stopped around one section), saved as
 * .cpuprofile files (open them in Chrome DevTools) and summarised to the top functions by self time.
 */
import { writeFileSync } from 'node:fs';
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
