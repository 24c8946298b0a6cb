/**
 * Generation entry point: persons, where they appear, and every source row with its truth row.
 * Pure and deterministic: the same options give the same output, byte for byte.
 */
import { FIRST_KEYS, planAppearances, type KeyCursor } from './appearances.js';
import { renderCards } from './cards-rows.js';
import { renderCoreBankingConsents } from './core-banking-consents.js';
import { renderCoreBanking } from './core-banking-rows.js';
import { renderLoans } from './loans-rows.js';
import { drawPersons, type Person } from './person.js';
import { createRandom } from './random.js';
import type { RenderContext } from './rendering.js';
import type { CardsRows, CoreBankingRows, GeneratedSample, LoansRows, SourcePersonRow } from './rows.js';

export interface GenerateSampleOptions {
  /** number of persons (real customers); the systems hold about 2.05 rows per person in all */
  customers: number;
  seed: number | string;
  /** change timestamps fall in the three years before this; default SAMPLE_EPOCH, so output is reproducible */
  now?: Date;
}

/** The default "now" of a sample: fixed, so that the same seed always gives the same rows. */
export const SAMPLE_EPOCH = new Date('2026-01-01T00:00:00.000Z');

export interface SourceRows {
  coreBanking: CoreBankingRows;
  cards: CardsRows;
  loans: LoansRows;
  truth: SourcePersonRow[];
}

/**
 * Renders persons into the three systems. `streams` names the random streams (a generation and
 * each later update use different ones); `ctx.keys` advances as keys are taken.
 */
export function renderSources(persons: readonly Person[], seed: number | string, streams: string, ctx: RenderContext): SourceRows {
  const plan = planAppearances(createRandom(seed, `${streams}/appearances`), persons);
  const core = renderCoreBanking(createRandom(seed, `${streams}/core_banking`), plan.core_banking, ctx);
  core.rows.consents = renderCoreBankingConsents(createRandom(seed, `${streams}/core_banking/consent`), core.rows.customers);
  const cards = renderCards(createRandom(seed, `${streams}/cards`), plan.cards, ctx);
  const loans = renderLoans(createRandom(seed, `${streams}/loans`), plan.loans, ctx);
  return { coreBanking: core.rows, cards: cards.rows, loans: loans.rows, truth: [...core.truth, ...cards.truth, ...loans.truth] };
}

export function generateSample(options: GenerateSampleOptions): GeneratedSample {
  const { customers, seed } = options;
  if (!Number.isInteger(customers) || customers < 0) throw new RangeError('customers must be a non-negative integer');
  const now = options.now ?? SAMPLE_EPOCH;
  if (Number.isNaN(now.getTime())) throw new RangeError('now must be a valid date');
  const persons = drawPersons(createRandom(seed, 'persons'), customers, 1);
  const keys: KeyCursor = { ...FIRST_KEYS };
  return { customers, seed, now: now.toISOString(), persons, ...renderSources(persons, seed, 'generate', { now, stamps: 'spread', keys }) };
}
