/**
 * The folders of the hub form layers: no folder imports, directly or through others, a folder that
 * imports it back, so each can be read knowing only the folders below it. Module-level cycles are
 * dependency-cruiser's `no-cycle` rule (dependency-rules.test.ts); this test looks one level up,
 * at the graph of folders (src/<folder>, jobs, connectors; each file directly in src/ — app.ts,
 * orm.ts, errors.ts… — is a node of its own), type-only imports included.
 *
 * The layers as of this test's writing, bottom-up (a folder imports only folders of lower layers;
 * `LAYERS=1 npx jest test/layout/folder-layers` prints the current ones; README.md "Layers"):
 *   0  config, connectors, observability, types; errors.ts, logger.ts, with-timeout.ts
 *   1  api, db, holdings, standardize
 *   2  audit, sample
 *   3  policy
 *   4  ingest
 *   5  golden
 *   6  matching, segments
 *   7  customer, evaluation, jobs; orm.ts
 *   8  subject-rights
 *   9  server
 *   then app.ts and main.ts (the composition root)
 */
import { cruise, ROOT, withProbeTree } from '../support/depcruise';

interface Cruised {
  modules: { source: string; dependencies: { resolved: string }[] }[];
}

/** folder -> folder it imports -> the file edges behind that import */
type FolderGraph = Map<string, Map<string, string[]>>;

/** the folder a file belongs to; null for what is not the hub (node_modules, tests, scripts) */
function folderOf(path: string): string | null {
  const m = /^(src\/[^/]+\/|src\/[^/]+\.ts$|jobs\/|connectors\/)/.exec(path);
  return m ? m[1]!.replace(/\/$/, '') : null;
}

function folderGraph(cwd: string, dirs: string[]): FolderGraph {
  // the project's own options (tsPreCompilationDeps: type-only imports count too)
  const graph: FolderGraph = new Map();
  for (const m of cruise<Cruised>(cwd, dirs).modules) {
    const from = folderOf(m.source);
    if (!from) continue;
    if (!graph.has(from)) graph.set(from, new Map());
    for (const d of m.dependencies) {
      const to = folderOf(d.resolved);
      if (!to || to === from) continue;
      const edges = graph.get(from)!;
      if (!edges.has(to)) edges.set(to, []);
      edges.get(to)!.push(`${m.source} -> ${d.resolved}`);
    }
  }
  return graph;
}

/** strongly connected components of more than one folder (Tarjan): each holds a cycle */
function cycles(graph: FolderGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

/** each cycle's folders and, for every import between two of them, the file edges behind it */
function describe(graph: FolderGraph, found: string[][]): string {
  return found
    .map((component) => {
      const inside = new Set(component);
      const lines = [`cycle between ${component.join(', ')}:`];
      for (const from of component)
        for (const [to, files] of graph.get(from) ?? [])
          if (inside.has(to)) lines.push(`  ${from} -> ${to}${graph.get(to)?.has(from) ? ' (mutual)' : ''}`, ...files.map((f) => `      ${f}`));
      return lines.join('\n');
    })
    .join('\n');
}

/** layer of each folder: 0 for one importing no other folder, else one above the highest it imports */
function layers(graph: FolderGraph): string[][] {
  const layer = new Map<string, number>();
  const of = (v: string): number => {
    if (!layer.has(v)) {
      layer.set(v, 0); // acyclic (checked first), so this is never read before it is set below
      layer.set(v, Math.max(0, ...[...(graph.get(v)?.keys() ?? [])].map((w) => of(w) + 1)));
    }
    return layer.get(v)!;
  };
  const byLayer: string[][] = [];
  for (const v of graph.keys()) (byLayer[of(v)] ??= []).push(v.replace(/^src\//, ''));
  return byLayer.map((names) => names.sort());
}

it('the folders form layers: no folder-level import cycle (type-only imports included)', () => {
  const graph = folderGraph(ROOT, ['src', 'jobs', 'connectors']);
  expect(graph.size).toBeGreaterThan(10);
  expect(describe(graph, cycles(graph))).toBe('');
  if (process.env.LAYERS) console.log(layers(graph).map((names, i) => `layer ${i}: ${names.join(', ')}`).join('\n'));
}, 120_000);

it('a folder-level cycle is found and shown with the file edges behind it (probe tree)', () => {
  withProbeTree((probe, write) => {
    // no module cycle, but db -> golden -> db at folder level, one edge type-only
    write('src/db/orm.ts', `import { GoldenCustomer } from '../golden/golden-customer.entity.js';\nexport const entities = [GoldenCustomer];\n`);
    write('src/db/sql.ts', `export const sql = (s: string) => s;\n`);
    write('src/golden/golden-customer.entity.ts', `export class GoldenCustomer { id = '1'; }\n`);
    write('src/golden/golden.repository.ts', `import type { sql } from '../db/sql.js';\nexport type Sql = typeof sql;\n`);
    // a longer cycle that no mutual pair shows: customer -> policy -> audit -> customer
    write('src/customer/types.ts', `import { gate } from '../policy/gate.js';\nexport class PageInfo {}\nexport const g = gate;\n`);
    write('src/policy/gate.ts', `import { log } from '../audit/log.js';\nexport const gate = log;\n`);
    write('src/audit/log.ts', `import { PageInfo } from '../customer/info.js';\nexport const log = PageInfo;\n`);
    write('src/customer/info.ts', `export class PageInfo {}\n`);
    // layered: no cycle
    write('src/api/context.ts', `export const context = 1;\n`);
    write('src/server/server.ts', `import { context } from '../api/context.js';\nimport { gate } from '../policy/gate.js';\nexport const s = [context, gate];\n`);

    const graph = folderGraph(probe, ['src']);
    expect(cycles(graph)).toEqual([['src/audit', 'src/customer', 'src/policy'], ['src/db', 'src/golden']]);
    const shown = describe(graph, cycles(graph));
    expect(shown).toContain('  src/db -> src/golden (mutual)\n      src/db/orm.ts -> src/golden/golden-customer.entity.ts');
    expect(shown).toContain('  src/golden -> src/db (mutual)\n      src/golden/golden.repository.ts -> src/db/sql.ts');
    expect(shown).toContain('  src/audit -> src/customer\n      src/audit/log.ts -> src/customer/info.ts');
    expect(shown).not.toContain('src/server');
    expect(layers(new Map([...graph].filter(([f]) => ['src/api', 'src/server'].includes(f))))).toEqual([['api'], ['server']]);
  });
}, 120_000);
