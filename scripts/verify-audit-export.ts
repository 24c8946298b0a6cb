/**
 * Checks an access-log export offline (`GET /audit/export`), with the same chain code as the hub:
 *
 *   npm run audit:verify -- --public-key hub-audit.pem [--head SEQ:HASH] [--earlier old.jsonl] access-log.jsonl
 *
 * The public key must come from elsewhere than the file (GET /audit/public-key when the hub was
 * set up, or the operator's published copy); `--public-key` may be given again for keys used
 * before a rotation. `--head` (repeatable) is a published chain head (`verifyAuditLog { head }`),
 * `--earlier` an earlier export whose last seal this one must agree with.
 *
 * Exits 0 when the file holds, 1 naming the first problem, 2 on arguments or a file it cannot read.
 */
import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { checkExportFile, parseExportFile, PROBLEM_TEXT, type ChainHead, type ExportFile } from '../src/audit/export-check.js';
import { publicKeysFrom, trustedKeys } from '../src/audit/seal-signature.js';

const USAGE = 'usage: npm run audit:verify -- --public-key <PEM file> [--public-key <older key>] [--head <seq>:<hash>] [--earlier <export>] <export file (.jsonl or .csv)>';

export function parseExport(text: string): ExportFile {
  return parseExportFile(text, (csv) => parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[]);
}

interface Args {
  keyFiles: string[];
  heads: ChainHead[];
  earlier: string[];
  file: string;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { keyFiles: [], heads: [], earlier: [], file: '' };
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i] ?? '';
    if (argv[i] === '--public-key') args.keyFiles.push(value());
    else if (argv[i] === '--earlier') args.earlier.push(value());
    else if (argv[i] === '--head') {
      const m = /^(\d+):([0-9a-f]{64})$/.exec(value());
      if (!m) return '--head: <seq>:<64 hex digits>';
      args.heads.push({ seq: Number(m[1]), hash: m[2] });
    } else if (argv[i].startsWith('--')) return `unknown option ${argv[i]}`;
    else files.push(argv[i]);
  }
  if (files.length !== 1) return 'one export file';
  if (args.keyFiles.length === 0 || args.keyFiles.some((f) => f === '')) return '--public-key: the hub\'s public key (GET /audit/public-key), kept apart from the export';
  args.file = files[0];
  return args;
}

export function runVerifyExport(argv: string[], out: (line: string) => void, err: (line: string) => void): number {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    err(`${args}\n${USAGE}`);
    return 2;
  }
  let keys: KeyObject[];
  try {
    keys = args.keyFiles.flatMap((f) => publicKeysFrom(readFileSync(f, 'utf8')));
  } catch (e) {
    err(`cannot read the public key: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const trusted = trustedKeys(keys);
  const read = (path: string): ExportFile | null => {
    try {
      return parseExport(readFileSync(path, 'utf8'));
    } catch (e) {
      err(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  };
  const heads = [...args.heads];
  for (const path of args.earlier) {
    const earlier = read(path);
    if (!earlier) return 2;
    const check = checkExportFile(earlier, trusted);
    if (check.firstBroken) {
      out(`BROKEN: the earlier export ${path} does not verify itself (${check.firstBroken.problem}: ${PROBLEM_TEXT[check.firstBroken.problem]})`);
      return 1;
    }
    const last = earlier.trailer?.lastSeal;
    if (last) heads.push({ seq: last.seq, hash: last.hash });
  }
  const file = read(args.file);
  if (!file) return 2;
  const { checked, firstBroken } = checkExportFile(file, trusted, heads);
  if (firstBroken) {
    const where = firstBroken.entryId === null ? '' : ` at entry ${firstBroken.entryId}`;
    out(`BROKEN${where}: ${firstBroken.problem} — ${PROBLEM_TEXT[firstBroken.problem]} (${checked} sealed entries verified before it)`);
    return 1;
  }
  const unsealed = file.rows.length - checked;
  out(`OK: ${checked} sealed entries verified, signed by ${[...new Set(file.rows.map((r) => r.seal?.keyId).filter(Boolean))].join(', ') || 'no key'}; ${unsealed} not sealed yet${heads.length ? `; agrees with ${heads.length} given head(s)` : ''}`);
  return 0;
}

if (require.main === module) {
  process.exitCode = runVerifyExport(process.argv.slice(2), console.log, console.error);
}
