/**
 * Which systems know which person, in what state, and under which keys. Pure.
 *
 * A person appears in one system (25%), two (45%) or three (30%); 2% of persons have a second
 * record in one of their systems. A person with a previous phone or address shows it in exactly
 * one of its records when it has several (the system nobody told about the change).
 */
import { NOISE_RATES } from './noise.js';
import type { Person } from './person.js';
import type { Random } from './random.js';
import type { SampleSystem } from './rows.js';

export interface Appearance {
  person: Person;
  /** a second record of the same person in the same system */
  duplicate: boolean;
  /** this record still holds the person's previous phone / address */
  oldPhone: boolean;
  oldAddress: boolean;
}

type Appearances = Record<SampleSystem, Appearance[]>;

const SYSTEM_COUNT_WEIGHTS: readonly (readonly [1 | 2 | 3, number])[] = [[1, 25], [2, 45], [3, 30]];
const SINGLE_SYSTEM_WEIGHTS: readonly (readonly [SampleSystem, number])[] = [['core_banking', 45], ['cards', 35], ['loans', 20]];
const SYSTEM_PAIR_WEIGHTS: readonly (readonly [SampleSystem[], number])[] = [
  [['core_banking', 'cards'], 50],
  [['core_banking', 'loans'], 30],
  [['cards', 'loans'], 20],
];

/** Appearances per system, each list shuffled so key order says nothing about who is who. */
export function planAppearances(rng: Random, persons: readonly Person[]): Appearances {
  const out: Appearances = { core_banking: [], cards: [], loans: [] };
  for (const person of persons) {
    const count = rng.weighted(SYSTEM_COUNT_WEIGHTS);
    const systems: SampleSystem[] =
      count === 3 ? ['core_banking', 'cards', 'loans'] : count === 2 ? rng.weighted(SYSTEM_PAIR_WEIGHTS) : [rng.weighted(SINGLE_SYSTEM_WEIGHTS)];
    const oldPhoneIn = person.previousPhone && systems.length > 1 ? rng.pick(systems) : null;
    const oldAddressIn = person.previousAddress && systems.length > 1 ? rng.pick(systems) : null;
    for (const system of systems) {
      out[system].push({ person, duplicate: false, oldPhone: oldPhoneIn === system, oldAddress: oldAddressIn === system });
    }
    if (rng.chance(NOISE_RATES.duplicateInSystem)) {
      const system = rng.pick(systems);
      out[system].push({
        person,
        duplicate: true,
        oldPhone: person.previousPhone !== null && rng.chance(0.5),
        oldAddress: person.previousAddress !== null && rng.chance(0.5),
      });
    }
  }
  rng.shuffle(out.core_banking);
  rng.shuffle(out.cards);
  rng.shuffle(out.loans);
  return out;
}

/** Last keys used; each new key is a little above the previous one (real key series have gaps). */
export interface KeyCursor {
  cif: number;
  holder: number;
  borrower: number;
  loan: number;
  account: number;
  card: number;
}

export const FIRST_KEYS: Readonly<KeyCursor> = { cif: 1_000_000_000, holder: 10_000_000, borrower: 700_000, loan: 88_000_000, account: 0, card: 0 };

const KEY_GAPS: Readonly<KeyCursor> = { cif: 7, holder: 5, borrower: 3, loan: 3, account: 2, card: 2 };

export function nextKey(rng: Random, cursor: KeyCursor, kind: keyof KeyCursor): number {
  cursor[kind] += rng.int(1, KEY_GAPS[kind]);
  return cursor[kind];
}

export const formatCifNo = (n: number): string => `C${String(n).padStart(10, '0')}`;
export const formatHolderId = (n: number): string => `CH${String(n).padStart(8, '0')}`;
export const formatAccountNo = (n: number): string => `6217${String(n).padStart(15, '0')}`;
export const formatCardId = (n: number): string => `CRD${String(n).padStart(10, '0')}`;
