/**
 * Consent records: per customer and purpose, the categories consented to, status, given and
 * expiry time, channel and evidence. Granting and revoking append an event (never an update),
 * so the full history stays; a merged-away id records against its survivor.
 */
import DataLoader from 'dataloader';
import type { MikroORM } from '@mikro-orm/postgresql';
import { HubError } from '../errors.js';
import { CustomerRepository } from '../customer/customer.repository.js';
import { isGoldenId } from '../customer/cursor.js';
import type { DataCategory } from './categories.js';
import { assertPurpose } from './purpose.js';
import { ConsentRepository, type ConsentRow } from './consent.repository.js';

export interface ConsentInput {
  customerId: string;
  purpose: string;
  categories: DataCategory[];
  channel: string;
  evidence?: string | null;
  givenAt?: Date | null;
  expiresAt?: Date | null;
}

export class ConsentService {
  private readonly loaders = new WeakMap<object, DataLoader<string, ConsentRow[]>>();

  constructor(private readonly orm: MikroORM) {}

  /** consent history per customer, one statement for every customer of a request */
  historyLoader(request: object): DataLoader<string, ConsentRow[]> {
    let loader = this.loaders.get(request);
    if (!loader) {
      const repository = new ConsentRepository(this.orm.em.fork());
      loader = new DataLoader(async (ids) => {
        const rows = await repository.history(ids);
        return ids.map((id) => rows.filter((r) => r.golden_id === id));
      });
      this.loaders.set(request, loader);
    }
    return loader;
  }

  grant(input: ConsentInput, actor: string): Promise<ConsentRow> {
    if (input.categories.length === 0) throw new HubError('BAD_USER_INPUT', 'categories: at least one', { extensions: { argument: 'categories' } });
    if (input.expiresAt && input.expiresAt.getTime() <= (input.givenAt ?? new Date()).getTime()) {
      throw new HubError('BAD_USER_INPUT', 'expiresAt: must be after the consent was given', { extensions: { argument: 'expiresAt' } });
    }
    return this.record(input, 'GRANTED', actor);
  }

  /** revoking keeps the categories of the consent it ends, for the history */
  async revoke(input: Omit<ConsentInput, 'categories' | 'expiresAt'>, actor: string): Promise<ConsentRow> {
    return this.record({ ...input, categories: [], expiresAt: null }, 'REVOKED', actor);
  }

  private async record(input: ConsentInput, status: 'GRANTED' | 'REVOKED', actor: string): Promise<ConsentRow> {
    assertPurpose(input.purpose);
    const id = input.customerId.trim().toLowerCase();
    if (!isGoldenId(id)) throw new HubError('BAD_USER_INPUT', 'customerId: not a customer id', { extensions: { argument: 'customerId' } });
    const em = this.orm.em.fork();
    const golden = await new CustomerRepository(em).resolve(id);
    if (!golden) throw new HubError('NOT_FOUND', 'no customer with this id', { extensions: { argument: 'customerId' } });
    return new ConsentRepository(em).record({
      golden_id: golden.id,
      purpose: input.purpose,
      categories: input.categories,
      status,
      given_at: input.givenAt ?? new Date(),
      expires_at: input.expiresAt ?? null,
      channel: input.channel,
      evidence: input.evidence ?? null,
      source: 'HUB',
      recorded_by: actor,
    });
  }
}
