/**
 * Consent records: per customer and purpose, the categories consented to, status, given and
 * expiry time, channel and evidence. Granting and revoking append an event (never an update),
 * so the full history stays; a merged-away id records against its survivor.
 *
 * A statement counts from when it was given (consent.repository.ts), so what it may say about
 * time is checked here: not given in the future (a grant cannot be post-dated: omit givenAt for
 * now), not back-dated further than `maxBackdateDays` (a paper form keyed in late, not a
 * history rewritten), and never without evidence — the channel and a reference to the signed
 * form, recording or log.
 */
import DataLoader from 'dataloader';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { RequestSlot, type RequestScope } from '../api/request-scope.js';
import { HubError } from '../errors.js';
import type { DataCategory } from './categories.js';
import { assertPurpose } from './purpose.js';
import { ConsentRepository, GIVEN_NOT_AFTER_RECORDED, type ConsentRow } from './consent.repository.js';

export interface ConsentInput {
  customerId: string;
  purpose: string;
  categories: DataCategory[];
  channel: string;
  evidence?: string | null;
  givenAt?: Date | null;
  expiresAt?: Date | null;
}

/**
 * Which customer a statement is about. Customer ids and merges are golden's, and golden sits above
 * policy (golden → ingest → policy), so the lookup comes by construction (`goldenCustomers`,
 * src/golden/golden.repository.ts) instead of an import.
 */
export interface ConsentCustomers {
  /** whether the text has the shape of a customer id at all */
  isCustomerId(id: string): boolean;
  /** the id of the customer it names now (merge redirects followed), read in `em`; null when none */
  current(id: string, em: EntityManager): Promise<string | null>;
}

export interface ConsentOptions {
  /** how far back givenAt may lie, in days (default 90) */
  maxBackdateDays?: number;
  now?: () => Date;
}

const DAY_MS = 86_400_000;

const badInput = (argument: string, message: string) => new HubError('BAD_USER_INPUT', `${argument}: ${message}`, { extensions: { argument } });

export class ConsentService {
  private readonly slot = new RequestSlot<DataLoader<string, ConsentRow[]>>('consent history');
  private readonly maxBackdateMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly orm: MikroORM,
    private readonly customers: ConsentCustomers,
    options: ConsentOptions = {},
  ) {
    this.maxBackdateMs = (options.maxBackdateDays ?? 90) * DAY_MS;
    this.now = options.now ?? (() => new Date());
  }

  /** consent history per customer, one statement for every customer of a request (kept in its scope; without one, a new loader) */
  historyLoader(scope?: RequestScope): DataLoader<string, ConsentRow[]> {
    const create = () => {
      const repository = new ConsentRepository(this.orm.em.fork());
      return new DataLoader<string, ConsentRow[]>(async (ids) => {
        const rows = await repository.history(ids);
        return ids.map((id) => rows.filter((r) => r.golden_id === id));
      });
    };
    return scope ? scope.of(this.slot, create) : create();
  }

  /** `em`: the transaction to record in (the mutation's, with its access-log entry); default its own */
  grant(input: ConsentInput, actor: string, em?: EntityManager): Promise<ConsentRow> {
    if (input.categories.length === 0) throw badInput('categories', 'at least one');
    if (input.expiresAt && input.expiresAt.getTime() <= (input.givenAt ?? this.now()).getTime()) {
      throw badInput('expiresAt', 'must be after the consent was given');
    }
    return this.record(input, 'GRANTED', actor, em);
  }

  /** revoking keeps the categories of the consent it ends, for the history */
  async revoke(input: Omit<ConsentInput, 'categories' | 'expiresAt'>, actor: string, em?: EntityManager): Promise<ConsentRow> {
    return this.record({ ...input, categories: [], expiresAt: null }, 'REVOKED', actor, em);
  }

  private async record(input: ConsentInput, status: 'GRANTED' | 'REVOKED', actor: string, em: EntityManager = this.orm.em.fork()): Promise<ConsentRow> {
    assertPurpose(input.purpose);
    const channel = input.channel.trim();
    if (channel === '') throw badInput('channel', 'where the statement was given (BRANCH, APP, WEB, CALL_CENTER, …) is required');
    const evidence = input.evidence?.trim() ?? '';
    if (evidence === '') throw badInput('evidence', 'a reference to the signed form, recording or log is required');
    const givenAt = input.givenAt ?? null;
    if (givenAt) {
      const now = this.now().getTime();
      if (givenAt.getTime() > now) throw badInput('givenAt', 'must not be in the future (omit it for now)');
      if (givenAt.getTime() < now - this.maxBackdateMs) throw badInput('givenAt', `must be within the last ${this.maxBackdateMs / DAY_MS} days`);
    }
    const id = input.customerId.trim().toLowerCase();
    if (!this.customers.isCustomerId(id)) throw badInput('customerId', 'not a customer id');
    const customerId = await this.customers.current(id, em);
    if (!customerId) throw new HubError('NOT_FOUND', 'no customer with this id', { extensions: { argument: 'customerId' } });
    try {
      return await new ConsentRepository(em).record({
        golden_id: customerId,
        purpose: input.purpose,
        categories: input.categories,
        status,
        given_at: givenAt,
        expires_at: input.expiresAt ?? null,
        channel,
        evidence,
        source: 'HUB',
        recorded_by: actor,
      });
    } catch (err) {
      // the database's clock is the judge: a givenAt this process thought past may not be yet
      if ((err as { constraint?: string }).constraint === GIVEN_NOT_AFTER_RECORDED) throw badInput('givenAt', 'must not be in the future (omit it for now)');
      throw err;
    }
  }
}
