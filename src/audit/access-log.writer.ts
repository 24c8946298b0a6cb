/**
 * Writes a request's access-log entries. Empty text becomes null (an export's empty CSV cell then
 * means null, losslessly) and field lists are sorted, so an entry does not depend on the order
 * in which resolvers ran.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccessLogRepository, NewAccessEntry } from './access-log.repository.js';

const orNull = (text: string | null): string | null => (text === null || text === '' ? null : text);

interface Waiting {
  entries: NewAccessEntry[];
  stored: () => void;
  failed: (err: unknown) => void;
}

/**
 * Group commit: while one INSERT is in flight, the entries of requests finishing meanwhile wait
 * and then go together in the next one, so concurrent requests share a statement and a commit
 * (the commit's disk flush was most of the log's cost under load, bench/audit). Each request
 * still waits until its own entries are stored, and fails with the statement that carried them.
 */
export class AccessLogWriter {
  private waiting: Waiting[] = [];
  private flushing = false;

  constructor(private readonly repository: Pick<AccessLogRepository, 'insert'> & Partial<Pick<AccessLogRepository, 'transaction'>>) {}

  /**
   * A change and its entries in one transaction (a mutation's own entry): both are stored or
   * neither; AccessLogUnavailable when the entries could not be. Not grouped with other requests.
   */
  withEntries<T>(work: (em: EntityManager) => Promise<T>, entries: () => readonly NewAccessEntry[]): Promise<T> {
    if (!this.repository.transaction) throw new Error('this access log cannot store entries in a transaction');
    return this.repository.transaction(work, () => normalised(entries()));
  }

  /** Resolves once the entries are stored; throws when they could not be (the caller fails closed). */
  write(entries: readonly NewAccessEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return new Promise((stored, failed) => {
      this.waiting.push({ entries: normalised(entries), stored, failed });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.repository.insert(batch.flatMap((w) => w.entries));
        for (const w of batch) w.stored();
      } catch (err) {
        for (const w of batch) w.failed(err);
      }
    }
    this.flushing = false;
  }
}

function normalised(entries: readonly NewAccessEntry[]): NewAccessEntry[] {
  return entries.map((e) => ({
    ...e,
    purpose: orNull(e.purpose),
    operation: orNull(e.operation),
    clientAddress: orNull(e.clientAddress),
    subjectId: orNull(e.subjectId),
    fieldsReturned: [...e.fieldsReturned].sort(),
    fieldsMasked: [...e.fieldsMasked].sort(),
    fieldsWithheld: [...e.fieldsWithheld].sort((a, b) => a.path.localeCompare(b.path) || a.field.localeCompare(b.field)),
    searched: [...(e.searched ?? [])].sort(),
    consentRefs: [...(e.consentRefs ?? [])].sort(),
  }));
}
