/**
 * dependency-cruiser as the layout tests run it (the project's .dependency-cruiser.cjs, JSON out),
 * and the throw-away probe trees they break on purpose to show each check can fail.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');

/** dependency-cruiser's JSON report of `dirs` under `cwd`, with the project's rules and options */
export function cruise<T>(cwd: string, dirs: string[]): T {
  const args = ['--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json', ...dirs];
  let out: string;
  try {
    out = execFileSync(DEPCRUISE, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    // it exits non-zero when a rule is broken; the JSON is on stdout all the same
    out = (err as { stdout: string }).stdout;
  }
  return JSON.parse(out) as T;
}

/** runs `check` on a fresh tree (the project's node_modules linked, a NodeNext tsconfig) it fills with `write`, then removes it */
export function withProbeTree(check: (probe: string, write: (path: string, text: string) => void) => void): void {
  const probe = mkdtempSync(join(tmpdir(), 'layout-probe-'));
  try {
    const write = (path: string, text: string) => {
      mkdirSync(join(probe, path, '..'), { recursive: true });
      writeFileSync(join(probe, path), text);
    };
    symlinkSync(join(ROOT, 'node_modules'), join(probe, 'node_modules'));
    write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
    check(probe, write);
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
