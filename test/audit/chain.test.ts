/** The hash chain on its own: sealing, and each kind of break the verifier and the offline check name. */
import { checkChain, checkSignatures, entryHash, firstInserted, firstMisplaced, GENESIS_HASH, sealEntries, type AuditEntry, type SealedRow } from '../../src/audit/chain';
import { checkExport } from '../../src/audit/export-check';
import type { ExportRow } from '../../src/audit/export-format';
import { signSeal, trustedKeys } from '../../src/audit/seal-signature';
import { newSealKey, TEST_SEAL_KEY } from '../support/seal-key';

const TRUSTED = trustedKeys([TEST_SEAL_KEY.publicKey]);
const NOW = new Date('2026-11-24T00:00:00Z');

const entry = (id: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  id: String(id),
  at: `2026-11-23T18:00:0${id % 10}.123456Z`,
  actor: 'crm-app',
  role: 'APP',
  purpose: 'SERVICE',
  operation: 'Customer',
  requestId: `r${id}`,
  clientAddress: '127.0.0.1',
  subjectId: `00000000-0000-4000-8000-00000000000${id % 10}`,
  fieldsReturned: ['Customer.name'],
  fieldsMasked: [],
  fieldsWithheld: [{ field: 'Customer.nationalId', path: 'customer.nationalId', reason: 'NO_CONSENT' }],
  outcome: 'PARTIAL',
  ...over,
});

const entries = [1, 2, 4, 5].map((id) => entry(id));
const seals = sealEntries(null, entries);
const rows = (): SealedRow[] => seals.map((seal, i) => ({ seal, entry: { ...entries[i] } }));

describe('hash chain', () => {
  it('chains from 64 zeros, and the key order of an entry does not change its hash', () => {
    expect(seals[0]).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, entryId: '1' });
    expect(seals[1].prevHash).toBe(seals[0].hash);
    const reordered = Object.fromEntries(Object.entries(entries[0]).reverse()) as unknown as AuditEntry;
    expect(entryHash(GENESIS_HASH, reordered)).toBe(seals[0].hash);
    expect(checkChain(null, rows())).toEqual({ checked: 4, firstBroken: null });
  });

  it('continues a chain from its last seal', () => {
    const more = sealEntries(seals[3], [entry(6)]);
    expect(more[0]).toMatchObject({ seq: 5, prevHash: seals[3].hash });
    expect(checkChain(seals[3], [{ seal: more[0], entry: entry(6) }]).firstBroken).toBeNull();
  });

  it('names an altered, a removed entry and a broken seal', () => {
    const altered = rows();
    altered[2].entry!.fieldsReturned = [];
    expect(checkChain(null, altered).firstBroken).toEqual({ entryId: '4', problem: 'ALTERED' });
    const removed = rows();
    removed[1].entry = null;
    expect(checkChain(null, removed).firstBroken).toEqual({ entryId: '2', problem: 'REMOVED' });
    const gap = rows().filter((_, i) => i !== 1);
    expect(checkChain(null, gap).firstBroken).toEqual({ entryId: '4', problem: 'SEAL_BROKEN' });
  });

  it('an unsealed entry below the last sealed id was inserted', () => {
    expect(firstInserted(['3', '7'], '5')).toBe('3');
    expect(firstInserted(['7'], '5')).toBeNull();
    expect(firstInserted(['3'], null)).toBeNull();
  });

  it('checks an export from its first seal on', () => {
    const exported: ExportRow[] = rows().slice(1).map(({ seal, entry }) => ({ entry: entry!, seal: { seq: seal.seq, prevHash: seal.prevHash, hash: seal.hash, ...signSeal(TEST_SEAL_KEY, seal) } }));
    expect(checkExport(exported, TRUSTED, NOW)).toEqual({ checked: 3, firstBroken: null });
    expect(checkExport([...exported, { entry: entry(3), seal: null }], TRUSTED, NOW).firstBroken).toEqual({ entryId: '3', problem: 'INSERTED' });
    exported[1].entry = { ...exported[1].entry, actor: 'someone-else' };
    expect(checkExport(exported, TRUSTED, NOW).firstBroken).toEqual({ entryId: '4', problem: 'ALTERED' });
  });

  it('signatures: seals made before signing may lead unsigned; after a signed seal none may be unsigned, and a rewritten chain fails where it starts', () => {
    const signed = seals.map((s) => ({ ...s, ...signSeal(TEST_SEAL_KEY, s) }));
    expect(checkSignatures(TRUSTED, signed)).toBeNull();
    // two legacy seals, then signed ones: the signed ones' hashes cover the legacy ones
    expect(checkSignatures(TRUSTED, [seals[0], seals[1], signed[2], signed[3]])).toBeNull();
    expect(checkSignatures(TRUSTED, [signed[0], seals[1], signed[2], signed[3]])).toEqual({ entryId: '2', problem: 'UNSIGNED' });
    expect(checkSignatures(TRUSTED, seals)).toEqual({ entryId: '5', problem: 'UNSIGNED' });
    // entry 2 rewritten and every later hash recomputed, without the key: the old signatures no longer match
    const rewritten = sealEntries(seals[0], [entry(2, { actor: 'someone-else' }), entries[2], entries[3]]);
    const chain = [signed[0], ...rewritten.map((s, i) => ({ ...s, signature: signed[i + 1].signature, keyId: signed[i + 1].keyId }))];
    expect(checkSignatures(TRUSTED, chain)).toEqual({ entryId: '2', problem: 'BAD_SIGNATURE' });
    // signed by a key the verifier was not given
    const other = newSealKey();
    expect(checkSignatures(TRUSTED, seals.map((s) => ({ ...s, ...signSeal(other, s) })))).toEqual({ entryId: '1', problem: 'UNKNOWN_KEY' });
  });

  it('entries that cannot be genuine whatever their seals: id out of sequence, dated ahead, dated before a lower id', () => {
    const e = (id: number, at: string) => ({ id: String(id), at });
    const now = new Date('2026-11-24T00:00:00Z');
    expect(firstMisplaced([e(1, '2026-11-23T10:00:00Z'), e(2, '2026-11-23T10:00:01Z')], now)).toBeNull();
    expect(firstMisplaced([e(-7, '2999-01-01T00:00:00Z'), e(1, '2026-11-23T10:00:00Z')], now)).toEqual({ entryId: '-7', problem: 'OUT_OF_SEQUENCE' });
    expect(firstMisplaced([e(1, '2026-11-23T10:00:00Z'), e(2, '2999-01-01T00:00:00Z'), e(3, '2026-11-23T10:00:02Z')], now)).toEqual({ entryId: '2', problem: 'FUTURE_DATED' });
    // an early date between two entries, and a late one: each time the odd entry is named
    expect(firstMisplaced([e(1, '2026-11-23T10:00:00Z'), e(2, '1990-01-01T00:00:00Z'), e(3, '2026-11-23T10:00:02Z')], now)).toEqual({ entryId: '2', problem: 'OUT_OF_ORDER' });
    expect(firstMisplaced([e(1, '2026-11-23T10:00:00Z'), e(2, '2026-11-23T20:00:00Z'), e(3, '2026-11-23T10:00:02Z')], now)).toEqual({ entryId: '2', problem: 'OUT_OF_ORDER' });
    // concurrent requests interleave within the tolerance
    expect(firstMisplaced([e(1, '2026-11-23T10:00:01Z'), e(2, '2026-11-23T10:00:00.5Z')], now)).toBeNull();
  });
});
