/**
 * `GET /audit/export?format=csv|jsonl&from=&to=`: the entries of a time range with their seals,
 * streamed oldest first, for auditors to keep and check offline (`npm run audit:verify`). Only
 * AUDITOR tokens (401 without a valid token, 403 for other roles). The export is itself an
 * auditor's read: it is logged before the first byte, and if that fails nothing is sent (503).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { declaredPurpose, principalFromHeader, type TokenKeys } from '../api/auth.js';
import { httpStatusFor } from '../api/error-mapping.js';
import { HubError } from '../errors.js';
import type { AccessLogWriter } from './access-log.writer.js';
import { AUDIT_UNAVAILABLE } from './access-log.plugin.js';
import type { AuditService } from './audit.service.js';
import { CSV_COLUMNS, csvLine, toCsvRecord, toJsonLine, type ExportFormat } from './export-format.js';

export interface ExportRouteDeps {
  keys: TokenKeys;
  writer: AccessLogWriter;
  audit: AuditService;
}

const fail = (res: Response, status: number, code: string, message: string) => res.status(status).json({ errors: [{ message, extensions: { code } }] });

async function* mapped<T, U>(items: AsyncIterable<T>, f: (item: T) => U): AsyncGenerator<U> {
  for await (const item of items) yield f(item);
}

async function* withHeader(header: string, lines: AsyncIterable<string>): AsyncGenerator<string> {
  yield header;
  yield* lines;
}

function parseDate(value: unknown, fallback: Date): Date | null {
  if (value === undefined) return fallback;
  const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function auditExportRoute(deps: ExportRouteDeps): RequestHandler {
  return async (req, res) => {
    let principal;
    let purpose;
    try {
      principal = principalFromHeader(deps.keys, req.header('authorization'));
      purpose = declaredPurpose(principal, req.header('x-purpose'));
    } catch (err) {
      if (err instanceof HubError) return void fail(res, httpStatusFor(err.code), err.code, err.message);
      throw err;
    }
    if (principal.role !== 'AUDITOR') return void fail(res, 403, 'FORBIDDEN', 'the export is for auditors');
    const format = req.query.format ?? 'jsonl';
    if (format !== 'csv' && format !== 'jsonl') return void fail(res, 400, 'BAD_USER_INPUT', 'format: csv or jsonl');
    const from = parseDate(req.query.from, new Date(0));
    const to = parseDate(req.query.to, new Date());
    if (!from || !to) return void fail(res, 400, 'BAD_USER_INPUT', 'from, to: ISO date-times');

    try {
      await deps.writer.write([
        {
          actor: principal.subject,
          role: principal.role,
          purpose,
          operation: 'GET /audit/export',
          requestId: randomUUID(),
          clientAddress: req.ip ?? null,
          subjectId: null,
          fieldsReturned: [],
          fieldsMasked: [],
          fieldsWithheld: [],
          outcome: 'OK',
        },
      ]);
    } catch {
      return void fail(res, 503, AUDIT_UNAVAILABLE.extensions.code, AUDIT_UNAVAILABLE.message);
    }

    res.status(200).type(format === 'csv' ? 'text/csv' : 'application/x-ndjson');
    res.setHeader('content-disposition', `attachment; filename="access-log.${format satisfies ExportFormat}"`);
    const entries = deps.audit.exportEntries(from, to);
    // on a failure mid-way pipeline destroys the response: the file is visibly cut, not short
    const done =
      format === 'jsonl'
        ? pipeline(Readable.from(mapped(entries, (e) => `${toJsonLine(e)}\n`)), res)
        : pipeline(Readable.from(withHeader(csvLine([...CSV_COLUMNS]), mapped(entries, (e) => csvLine(toCsvRecord(e))))), res);
    await done.catch(() => undefined);
  };
}
