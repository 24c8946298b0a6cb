/**
 * Writes a request's access-log entries. Empty text becomes null (an export's empty CSV cell then
 * means null, losslessly) and field lists are sorted, so an entry does not depend on the order
 * in which resolvers ran.
 */
import type { AccessLogRepository, NewAccessEntry } from './access-log.repository.js';

const orNull = (text: string | null): string | null => (text === null || text === '' ? null : text);

export class AccessLogWriter {
  constructor(private readonly repository: Pick<AccessLogRepository, 'insert'>) {}

  /** One statement for all entries; throws when they could not be stored (the caller fails closed). */
  async write(entries: readonly NewAccessEntry[]): Promise<void> {
    await this.repository.insert(
      entries.map((e) => ({
        ...e,
        purpose: orNull(e.purpose),
        operation: orNull(e.operation),
        clientAddress: orNull(e.clientAddress),
        subjectId: orNull(e.subjectId),
        fieldsReturned: [...e.fieldsReturned].sort(),
        fieldsMasked: [...e.fieldsMasked].sort(),
        fieldsWithheld: [...e.fieldsWithheld].sort((a, b) => a.path.localeCompare(b.path) || a.field.localeCompare(b.field)),
      })),
    );
  }
}
