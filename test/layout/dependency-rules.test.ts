/**
 * The layout is checked by a tool, not by memory: dependency-cruiser with the rules of
 * .dependency-cruiser.cjs (no new import cycle, no I/O in pure code, the sample and the
 * evaluation tool outside the hub, connectors without hub logic, a table's entity used only in
 * its own folder).
 */
import { cruise, ROOT, withProbeTree } from '../support/depcruise';

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** the violations dependency-cruiser finds in `dirs` under `cwd` */
function violations(cwd: string, dirs: string[]): Violation[] {
  return cruise<{ summary: { violations: Violation[] } }>(cwd, dirs).summary.violations;
}

it('the hub keeps its layout rules (no import cycle, pure code without I/O, the sample outside the hub)', () => {
  expect(violations(ROOT, ['src', 'connectors', 'jobs', 'scripts'])).toEqual([]);
}, 120_000);

it('the rules catch what they are for (a probe tree breaking each)', () => {
  withProbeTree((probe, write) => {
    write('src/matching/engine/uses-db.ts', `import { Pool } from 'pg';\nimport { readFileSync } from 'node:fs';\nexport const pool = [Pool, readFileSync];\n`);
    write('src/golden/survivorship/calls-service.ts', `import { read } from '../../customer/customer.service.js';\nexport const r = read;\n`);
    write('src/customer/customer.service.ts', `import { a } from './a.js';\nimport { sample } from '../sample/sample.js';\nexport const read = () => a + sample;\n`);
    write('src/customer/a.ts', `import { read } from './customer.service.js';\nexport const a = 1;\nexport const again = read;\n`);
    write('src/sample/sample.ts', `export const sample = 1;\n`);
    write('src/ingest/source-record.entity.ts', `export class SourceRecord { id = '1'; }\n`);
    write('src/ingest/reads-records.ts', `import { SourceRecord } from './source-record.entity.js';\nexport const own = SourceRecord;\n`);
    write('src/subject-rights/reads-records.ts', `import { SourceRecord } from '../ingest/source-record.entity.js';\nexport const q = SourceRecord;\n`);
    write('src/customer/types-only.ts', `import type { SourceRecord } from '../ingest/source-record.entity.js';\nexport type R = SourceRecord;\n`);
    write('src/orm.ts', `import { SourceRecord } from './ingest/source-record.entity.js';\nexport const entities = [SourceRecord];\n`);
    write('src/app.ts', `import { SourceRecord } from './ingest/source-record.entity.js';\nexport const e = SourceRecord;\n`);
    write('connectors/cards/uses-hub.ts', `import { read } from '../../src/customer/customer.service.js';\nexport const r = read;\n`);
    const found = violations(probe, ['src', 'connectors']).map((v) => `${v.rule.name}: ${v.from}`);
    expect(found.filter((f) => f.startsWith('pure-domain-has-no-io'))).toHaveLength(2); // pg and node:fs
    // another folder's entity as a value: caught; its own folder, a type-only import and the ORM's registration: not
    expect(found.filter((f) => f.startsWith('entity-only-in-its-folder'))).toEqual([
      'entity-only-in-its-folder: src/subject-rights/reads-records.ts',
      'entity-only-in-its-folder-outside-capabilities: src/app.ts',
    ]);
    expect(found).toEqual(
      expect.arrayContaining([
        'pure-domain-has-no-io: src/matching/engine/uses-db.ts',
        'pure-domain-imports-pure-domain: src/golden/survivorship/calls-service.ts',
        'hub-does-not-import-the-sample: src/customer/customer.service.ts',
        'connectors-know-no-hub: connectors/cards/uses-hub.ts',
        expect.stringMatching(/^no-cycle: src\/customer\//),
      ]),
    );
  });
}, 120_000);
