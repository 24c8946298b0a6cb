/**
 * Generated files are committed; this fails when they no longer match their sources, so a
 * resolver change without `npm run build && npm run codegen` cannot land.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { printHubSchema } from '../../src/server/schema';

const root = join(__dirname, '..', '..');

describe('generated files', () => {
  it('schema/schema.graphql is the SDL the resolvers build', async () => {
    const committed = readFileSync(join(root, 'schema', 'schema.graphql'), 'utf8');
    expect(await printHubSchema()).toBe(committed);
  });

  it('schema/operations/generated.ts is what codegen.yml produces', async () => {
    // codegen.yml with only the output path moved to a scratch file; the CLI runs as in `npm run codegen`
    const scratch = join(mkdtempSync(join(tmpdir(), 'codegen-')), 'generated.ts');
    const config = readFileSync(join(root, 'codegen.yml'), 'utf8').replace('schema/operations/generated.ts:', `${JSON.stringify(scratch)}:`);
    const configFile = join(tmpdir(), `codegen-${process.pid}.yml`);
    writeFileSync(configFile, config);
    execFileSync(process.execPath, [join(root, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js'), '--config', configFile], { cwd: root, stdio: 'pipe' });
    const committed = readFileSync(join(root, 'schema', 'operations', 'generated.ts'), 'utf8');
    expect(readFileSync(scratch, 'utf8')).toBe(committed);
  });
});
