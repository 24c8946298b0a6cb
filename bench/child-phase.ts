/**
 * A benchmark phase run in a child process of its own (the same script with `--phase <name>
 * --out <file>`), so that its memory peak and its CPU are its own; the child writes its result
 * as JSON to the file and the parent reads it back.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

export interface ChildPhase {
  script: string;
  phase: string;
  /** the script's own arguments (the parent's, usually) */
  args: string[];
  /** where the child writes its JSON result */
  out: string;
  nodeArgs?: string[];
  log?: (msg: string) => void;
}

export function runChildPhase<T = unknown>({ script, phase, args, out, nodeArgs = [], log }: ChildPhase): Promise<T> {
  const argv = [...nodeArgs, script, ...args, '--phase', phase, '--out', out];
  log?.(`phase ${phase}: node ${argv.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0) return reject(new Error(`phase ${phase} exited with ${code ?? signal}`));
      try {
        resolve(JSON.parse(readFileSync(out, 'utf8')) as T);
        rmSync(out, { force: true });
      } catch (err) {
        reject(err);
      }
    });
  });
}
