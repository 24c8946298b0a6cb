/**
 * `GET /audit/export?format=csv|jsonl&from=&to=`: the entries of a time range with their seals,
 * streamed oldest first, for auditors to keep and check offline (`npm run audit:verify`). Only
 * AUDITOR tokens (401 without a valid token, 403 for other roles). The export is itself an
 * auditor's read: it is logged before the first byte, and if that fails nothing is sent (503).
 * The file starts with a header and ends with a signed trailer (export-format.ts); a file cut
 * mid-way by a failure has no trailer and fails the offline check.
 *
 * `GET /audit/public-key`: the public half of the seal key (PEM), without a token — publish it
 * and verify exports against a copy kept apart from the hub.
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
import type { StoredEntry } from './access-log.repository.js';
import type { AuditService } from './audit.service.js';
import {
  CSV_COLUMNS, csvLine, EXPORT_VERSION, headerCsvLine, headerJsonLine, toCsvRecord, toJsonLine, trailerCsvLine, trailerJsonLine, TrailerBuilder,
  type ExportFormat, type ExportHeader,
} from './export-format.js';
import { publicKeyPem } from './seal-signature.js';

export interface ExportRouteDeps {
  keys: TokenKeys;
  writer: AccessLogWriter;
  audit: AuditService;
}

const fail = (res: Response, status: number, code: string, message: string) => res.status(status).json({ errors: [{ message, extensions: { code } }] });

/** header, (CSV: column line,) one line per entry, signed trailer */
async function* exportLines(format: ExportFormat, header: ExportHeader, entries: AsyncIterable<StoredEntry>, audit: AuditService): AsyncGenerator<string> {
  const trailer = new TrailerBuilder(header);
  yield format === 'jsonl' ? `${headerJsonLine(header)}\n` : headerCsvLine(header);
  if (format === 'csv') yield csvLine([...CSV_COLUMNS]);
  for await (const e of entries) {
    trailer.add(e);
    yield format === 'jsonl' ? `${toJsonLine(e)}\n` : csvLine(toCsvRecord(e));
  }
  const signed = trailer.sign(audit.key);
  yield format === 'jsonl' ? `${trailerJsonLine(signed)}\n` : trailerCsvLine(signed);
}

export function auditPublicKeyRoute(audit: AuditService): RequestHandler {
  return (_req, res) => {
    res.status(200).type('application/x-pem-file').setHeader('x-key-id', audit.key.keyId);
    res.send(publicKeyPem(audit.key.publicKey));
  };
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
    const header: ExportHeader = {
      version: EXPORT_VERSION,
      from: from.toISOString(),
      to: to.toISOString(),
      generatedAt: new Date().toISOString(),
      keyId: deps.audit.key.keyId,
      publicKey: publicKeyPem(deps.audit.key.publicKey),
    };
    // on a failure mid-way pipeline destroys the response: the file is visibly cut (no trailer), not short
    await pipeline(Readable.from(exportLines(format, header, deps.audit.exportEntries(from, to), deps.audit)), res).catch(() => undefined);
  };
}
