/**
 * The sample generator's three systems as an evaluation data set, in memory: rows shaped as each
 * connector selects or receives them, mapped by the connectors' own pure mapping functions,
 * standardized as on ingest. Rows a mapping quarantines are left out and counted. The truth is
 * the generator's `source_person` rows (system, source key -> person).
 */
import { mapCardholder, type CardholderItem } from '../../connectors/cards/cards.mapping.js';
import type { MappedRow } from '../../connectors/contract.js';
import { mapCifCustomer, type CifAddressRow, type CifCustomerRow } from '../../connectors/core-banking/core-banking.mapping.js';
import { mapBorrower, type BorrowerRow } from '../../connectors/loans/loans.mapping.js';
import type { MatchRecord } from '../matching/engine/index.js';
import { generateSample } from '../sample/generator/index.js';
import { toMatchRecord, type EvaluationDataset } from './dataset.js';

export function sampleDataset(options: { customers: number; seed: number }): EvaluationDataset {
  const sample = generateSample({ customers: options.customers, seed: options.seed });
  const today = new Date(sample.now);

  // core banking: addresses travel with their customer, as the connector's json_agg gives them
  const addresses = new Map<string, CifAddressRow[]>();
  for (const a of sample.coreBanking.addresses) {
    const list = addresses.get(a.cif_no) ?? [];
    list.push({ addr_seq: a.addr_seq, addr_type: a.addr_type, line1: a.line1, line2: a.line2, city: a.city, province: a.province, postcode: a.postcode, country: a.country });
    addresses.set(a.cif_no, list);
  }
  const mapped: { system: string; row: MappedRow }[] = [];
  for (const c of sample.coreBanking.customers) {
    const row: CifCustomerRow = { ...c, addresses: (addresses.get(c.cif_no) ?? []).sort((x, y) => x.addr_seq - y.addr_seq) };
    mapped.push({ system: 'core_banking', row: mapCifCustomer(row) });
  }
  for (const h of sample.cards.cardholders) {
    const item: CardholderItem = { holderId: h.holder_id, name: h.full_name, status: h.status, updatedAt: h.updated_at, profile: h.profile };
    mapped.push({ system: 'cards', row: mapCardholder(item) });
  }
  for (const b of sample.loans.borrowers) {
    const row: BorrowerRow = { ...b, borrower_id: String(b.borrower_id) };
    mapped.push({ system: 'loans', row: mapBorrower(row) });
  }

  const records: MatchRecord[] = [];
  const keyOf = new Map<string, string>();
  let excluded = 0;
  for (const { system, row } of mapped) {
    if (!row.ok) {
      excluded++;
      continue;
    }
    const id = String(records.length + 1);
    records.push(toMatchRecord(id, system, row.customer, today));
    keyOf.set(id, `${system}\u0000${row.customer.sourceKey}`);
  }
  return {
    label: `sample --customers ${options.customers} --seed ${options.seed}`,
    records,
    linkage: false,
    excluded,
    truth: () => {
      const person = new Map(sample.truth.map((t) => [`${t.system}\u0000${t.source_key}`, String(t.person_id)]));
      return new Map([...keyOf].map(([id, key]) => [id, person.get(key) ?? `unknown:${key}`]));
    },
  };
}
