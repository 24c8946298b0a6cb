/**
 * The person's right to know what the hub holds about them (PIPL Art. 45): one export with the
 * customer view, every linked source record, the full consent history and the access log about
 * them, including what was recorded under ids since merged into theirs. Only for the purpose
 * SUBJECT_RIGHTS; what the caller then sees of each personal field is still the policy gate's
 * decision, and the export is itself logged as a read of the person.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { AccessLogRepository } from '../audit/access-log.repository.js';
import { AccessLogEntry } from '../audit/audit.types.js';
import type { CustomerReader } from '../customer/customer.service.js';
import { HubError } from '../errors.js';
import { GoldenRepository } from '../golden/golden.repository.js';
import { SourceRecordRepository } from '../ingest/source-record.repository.js';
import { SourceRecordView, unlinkedRecordSubject } from '../ingest/source-system.types.js';
import { ConsentRepository } from '../policy/consent.repository.js';
import { Consent } from '../policy/policy.types.js';
import { CustomerDataExport } from './subject-rights.types.js';

export const SUBJECT_RIGHTS_PURPOSE = 'SUBJECT_RIGHTS';
/** access log entries in one export; a person read millions of times is paged with accessLog(filter) */
export const DEFAULT_MAX_ACCESS_ENTRIES = 10_000;

export class SubjectRightsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly accessLog: Pick<AccessLogRepository, 'page'>,
    private readonly maxAccessEntries = DEFAULT_MAX_ACCESS_ENTRIES,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** `reader` is the request's customer reader: the id is checked and redirects followed as in customer(id) */
  async export(purpose: string | null, reader: CustomerReader, id: string): Promise<CustomerDataExport> {
    // refused before anything is read: no personal value, not even whether the id exists
    if (purpose !== SUBJECT_RIGHTS_PURPOSE) {
      throw new HubError('FORBIDDEN', `customerDataExport: only for the purpose ${SUBJECT_RIGHTS_PURPOSE} (declare it in x-purpose)`);
    }
    const generatedAt = this.now();
    const customer = await reader.byId(id);
    const em = this.orm.em.fork();
    // entries and consents recorded before a merge still name the absorbed id
    const ids = [customer.id, ...(await new GoldenRepository(em).mergedInto(customer.id))];
    const records = await new SourceRecordRepository(em).everyRecordOf(ids);
    // in the order that decides which is in force (given last first), across the merged ids too
    const consents = (await new ConsentRepository(em).history(ids)).map(Consent.from);
    // reads of a record before it was linked to the person are logged under the record
    const entries = await this.accessLog.page({ subjectIds: [...ids, ...records.map((r) => unlinkedRecordSubject(r.id))] }, null, this.maxAccessEntries + 1);
    return Object.assign(new CustomerDataExport(), {
      customer,
      // a record still linked to an absorbed id is this person's all the same
      sourceRecords: records.map((r) => Object.assign(SourceRecordView.from(r), { subjectId: customer.id })),
      consents,
      accessLog: entries.slice(0, this.maxAccessEntries).map(AccessLogEntry.from),
      accessLogTruncated: entries.length > this.maxAccessEntries,
      generatedAt,
      subjectId: customer.id,
    });
  }
}
