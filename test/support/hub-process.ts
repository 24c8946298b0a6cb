/**
 * Runs the built hub (`node dist/src/main.js`, what `npm start` runs) as a child process, so
 * tests can kill it like an operator or a crash would. `npm test` builds first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_SEAL_KEY } from './seal-key';

const MAIN = join(__dirname, '..', '..', 'dist', 'src', 'main.js');

export interface HubProcess {
  child: ChildProcess;
  output(): string;
  waitForOutput(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** sends `signal`, then SIGKILL if the hub has not exited within `graceMs`: a test must never hang on it */
  kill(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

// one seal key per test file, as one deployment shares one: hubs on one database extend each other's chain
const TEST_SEAL_PEM = TEST_SEAL_KEY.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

export function spawnHub(env: Record<string, string>): HubProcess {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build (npm test does)`);
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|NODE_OPTIONS|JEST_WORKER_ID)$/.test(k)),
  );
  const child = spawn(process.execPath, [MAIN], { env: { ...clean, LOG_LEVEL: 'warn', AUDIT_SIGNING_KEY: TEST_SEAL_PEM, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    waitForOutput: async (pattern, ms = 120_000) => {
      const until = Date.now() + ms;
      for (;;) {
        const m = out.match(pattern);
        if (m) return m;
        if (child.exitCode !== null) throw new Error(`hub exited (${child.exitCode}):\n${out.slice(-3000)}`);
        if (Date.now() > until) throw new Error(`no ${pattern} within ${ms} ms:\n${out.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    kill: async (signal = 'SIGTERM', graceMs = 20_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
