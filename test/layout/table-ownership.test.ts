/**
 * Each table's SQL lives in the folder that owns it (table-owners.ts): this scans the string
 * literals of src/ and jobs/ for SQL naming a table (FROM, JOIN, UPDATE, INSERT INTO, DELETE FROM,
 * COPY, LOCK TABLE, TRUNCATE) and the ORM calls taking an entity class (em.find(SourceRecord, …)),
 * and fails on one outside the table's owner. Only string literals are read, so a comment that
 * names a table is not SQL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { EXEMPT, TABLE_OWNERS } from './table-owners';

const ROOT = resolve(__dirname, '../..');

const TABLES = Object.keys(TABLE_OWNERS).sort((a, b) => b.length - a.length);
const SQL_NAMING_TABLE = new RegExp(
  `\\b(?:from|join|update|insert\\s+into|delete\\s+from|copy|lock\\s+table|truncate(?:\\s+table)?)\\s+(?:only\\s+)?"?(${TABLES.join('|')})"?(?![\\w.])`,
  'gi',
);
/** MikroORM calls whose first argument is an entity class */
const ORM_CALLS = new Set([
  'find', 'findOne', 'findOneOrFail', 'findAll', 'findAndCount', 'findByCursor', 'count', 'create', 'getReference', 'getRepository',
  'nativeInsert', 'nativeUpdate', 'nativeDelete', 'insert', 'insertMany', 'upsert', 'upsertMany', 'createQueryBuilder', 'qb', 'merge',
]);

interface Finding {
  file: string;
  table: string;
  how: string;
}

/** entity class name → table, from the `@Entity({ tableName })` of every *.entity.ts */
export function entityTables(files: { path: string; text: string }[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const { path, text } of files) {
    if (!path.endsWith('.entity.ts')) continue;
    for (const m of text.matchAll(/@Entity\(\{\s*tableName:\s*'(\w+)'[^)]*\)[\s\S]*?export class (\w+)/g)) map.set(m[2], m[1]);
  }
  return map;
}

/** SQL naming a table and ORM calls with an entity class, in one file's code */
export function tableUses(path: string, text: string, entities: ReadonlyMap<string, string>): Finding[] {
  const found: Finding[] = [];
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      for (const m of node.text.matchAll(SQL_NAMING_TABLE)) found.push({ file: path, table: m[1].toLowerCase(), how: m[0].replace(/\s+/g, ' ') });
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ORM_CALLS.has(node.expression.name.text)) {
      const first = node.arguments[0];
      const table = first && ts.isIdentifier(first) ? entities.get(first.text) : undefined;
      if (table) found.push({ file: path, table, how: `${node.expression.name.text}(${first.getText()})` });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** uses outside the owner's folder */
export function violations(uses: readonly Finding[]): string[] {
  return uses
    .filter((u) => !EXEMPT.some((e) => e.test(u.file)))
    .filter((u) => !u.file.startsWith(`${TABLE_OWNERS[u.table].owner}/`))
    .map((u) => `${u.file}: ${u.how} (${u.table} is ${TABLE_OWNERS[u.table].owner}'s)`);
}

function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split('\\').join('/'))
    .map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));
}

const hub = [...sources('src'), ...sources('jobs')];
const entities = entityTables(hub);

it('every table a migration creates has an owner', () => {
  const created = new Set<string>();
  for (const { text } of hub.filter((f) => f.path.startsWith('src/db/migrations/'))) {
    for (const m of text.matchAll(/create\s+(?:table|(?:or\s+replace\s+)?(?:materialized\s+)?view)\s+(?:if\s+not\s+exists\s+)?"?(\w+)"?/gi)) created.add(m[1]);
  }
  expect([...created].filter((t) => !(t in TABLE_OWNERS))).toEqual([]);
  expect(created.size).toBeGreaterThan(10);
});

it('every entity is one of an owner\'s tables, in the owner\'s folder', () => {
  const misplaced = hub
    .filter((f) => f.path.endsWith('.entity.ts'))
    .flatMap((f) => [...entityTables([f]).values()].filter((t) => !f.path.startsWith(`${TABLE_OWNERS[t]?.owner}/`)).map((t) => `${f.path}: ${t}`));
  expect(misplaced).toEqual([]);
  expect(entities.size).toBeGreaterThan(5);
});

it('no folder writes SQL against, or queries the ORM for, another folder\'s table', () => {
  const uses = hub.flatMap((f) => tableUses(f.path, f.text, entities));
  expect(violations(uses)).toEqual([]);
  // the scan sees the owners' own SQL: it is reading the code it is meant to
  expect(new Set(uses.map((u) => u.table))).toEqual(new Set(Object.keys(TABLE_OWNERS)));
});

describe('the scan catches what it is for', () => {
  const probe = (path: string, text: string) => violations(tableUses(path, text, entities));

  it('SQL against another folder\'s table, in any statement form', () => {
    expect(probe('src/customer/probe.ts', "db.execute(`SELECT g.* FROM golden_customer g WHERE g.id = ?`, [id]);")).toEqual([
      "src/customer/probe.ts: FROM golden_customer (golden_customer is src/golden's)",
    ]);
    expect(probe('jobs/probe.ts', `const a = 'UPDATE source_record SET golden_id = NULL'; const b = "insert into match_run (job_id) values (?)";`)).toHaveLength(2);
    expect(probe('src/segments/probe.ts', 'const s = `DELETE FROM match_candidate WHERE ${c}`; const t = `x JOIN "consent_current" c ON true`;')).toHaveLength(2);
    expect(probe('src/matching/probe.ts', "const c = `COPY source_record (id) FROM STDIN`;")).toHaveLength(1);
  });

  it('the ORM queried with another folder\'s entity', () => {
    expect(probe('src/subject-rights/probe.ts', 'await em.find(SourceRecord, { goldenId: { $in: ids } });')).toEqual([
      "src/subject-rights/probe.ts: find(SourceRecord) (source_record is src/ingest's)",
    ]);
  });

  it('but not the owner\'s own SQL, a comment naming a table, a longer name or another word', () => {
    expect(probe('src/golden/probe.ts', "db.execute(`UPDATE golden_customer SET status = 'RETIRED'`);")).toEqual([]);
    expect(probe('src/customer/probe.ts', '// reads from source_record through ingest\n/* UPDATE golden_customer */ const x = 1;')).toEqual([]);
    expect(probe('src/customer/probe.ts', "const s = 'SELECT 1 FROM source_records_archive'; const t = 'copy source_record.id';")).toEqual([]);
  });
});
