/**
 * Checks an access-log export offline (`GET /audit/export`), with the same chain code as the hub:
 *
 *   npm run audit:verify -- access-log.jsonl     (or .csv)
 *
 * Exits 0 when the chain holds, 1 naming the first broken entry, 2 on a file it cannot read.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { checkExport, CSV_COLUMNS, fromCsvRecord, fromJsonLine, type ExportRow } from '../src/audit/export-format.js';

export function parseExport(text: string): ExportRow[] {
  if (text.startsWith(CSV_COLUMNS[0])) return (parse(text, { columns: true, skip_empty_lines: true }) as Parameters<typeof fromCsvRecord>[0][]).map(fromCsvRecord);
  return text.split('\n').filter((line) => line.trim() !== '').map(fromJsonLine);
}

export function runVerifyExport(argv: string[], out: (line: string) => void, err: (line: string) => void): number {
  if (argv.length !== 1) {
    err('usage: npm run audit:verify -- <export file (.jsonl or .csv)>');
    return 2;
  }
  let rows: ExportRow[];
  try {
    rows = parseExport(readFileSync(argv[0], 'utf8'));
  } catch (e) {
    err(`cannot read ${argv[0]}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const { checked, firstBroken } = checkExport(rows);
  if (firstBroken) {
    out(`BROKEN at entry ${firstBroken.entryId}: ${firstBroken.problem} (${checked} sealed entries verified before it)`);
    return 1;
  }
  out(`OK: ${checked} sealed entries verified, ${rows.length - checked} not sealed yet`);
  return 0;
}

if (require.main === module) {
  process.exitCode = runVerifyExport(process.argv.slice(2), console.log, console.error);
}
