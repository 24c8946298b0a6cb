/**
 * The named facts segment rules are written over, derived from one golden customer's product
 * holdings across every source system and a reference time `now`. Pure: no I/O, no clock.
 *
 * Amounts are in CNY. Holdings in other currencies are converted at indicative rates (segments
 * are coarse bands, so a daily rate feed would change nothing visible); a currency without a
 * rate is left out of the amounts and counted in `holdingsWithoutRate` so it is not hidden.
 * A fact that cannot be known (no cards → no card utilisation, no dates → no tenure) is null.
 */
import type { Holding } from '../../connectors/contract.js';

export const FACT_NAMES = [
  /** sum of open deposit balances, CNY */
  'totalBalance',
  /** card balances owed plus loan outstanding, CNY (co-borrowed loans count in full) */
  'totalDebt',
  /** open products of every kind (deposit accounts, cards, loans) */
  'productCount',
  /** kinds of open product held: 0 to 3 */
  'productKinds',
  /** closed products still listed by the sources */
  'closedProductCount',
  /** worst days past due over loans; 0 when no loan is late or there are no loans */
  'maxDaysPastDue',
  /** card balances / card credit limits over open cards, 0..1+; null without a card limit */
  'cardUtilisation',
  /** cards blocked by the issuer */
  'blockedCardCount',
  /** days since the first product was opened; null without opening dates */
  'tenureDays',
  /** days since the last transaction or repayment on any product; null without activity dates */
  'daysSinceLastActivity',
  /** products opened in the last 90 days (closed ones too) */
  'productsOpenedLast90Days',
  /** holdings in a currency with no conversion rate, left out of the amounts */
  'holdingsWithoutRate',
] as const;

export type FactName = (typeof FACT_NAMES)[number];
export type Facts = Record<FactName, number | null>;

/** CNY per unit of currency; indicative, see the module comment. */
export const CNY_RATES: Readonly<Record<string, number>> = { CNY: 1, USD: 7.1, EUR: 7.7, HKD: 0.91, GBP: 9.0, JPY: 0.047 };

const DAY_MS = 86_400_000;
const RECENT_OPENING_DAYS = 90;
const CLOSED_STATUSES = new Set(['CLOSED']);

const isOpen = (h: Holding) => !CLOSED_STATUSES.has(h.status.toUpperCase());

/** Whole days from an ISO date or timestamp to `now`; null when missing or unparsable. */
function daysBefore(now: Date, iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.floor((now.getTime() - t) / DAY_MS);
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function deriveFacts(holdings: readonly Holding[], now: Date, rates: Readonly<Record<string, number>> = CNY_RATES): Facts {
  const open = holdings.filter(isOpen);
  let holdingsWithoutRate = 0;
  const cny = (h: Holding, amount: number): number => {
    const rate = rates[h.currency.toUpperCase()];
    if (rate === undefined) {
      holdingsWithoutRate++;
      return 0;
    }
    return amount * rate;
  };

  let totalBalance = 0;
  let totalDebt = 0;
  let cardOwed = 0;
  let cardLimit = 0;
  for (const h of open) {
    const amount = cny(h, h.balance);
    if (h.kind === 'DEPOSIT_ACCOUNT') totalBalance += amount;
    else totalDebt += amount;
    if (h.kind === 'CARD' && h.creditLimit && h.creditLimit > 0) {
      cardOwed += h.balance;
      cardLimit += h.creditLimit; // same currency per card: the ratio needs no conversion
    }
  }

  const ages = holdings.map((h) => daysBefore(now, h.openedAt)).filter((d): d is number => d !== null);
  const idle = holdings.map((h) => daysBefore(now, h.lastActivityAt)).filter((d): d is number => d !== null);
  return {
    totalBalance: round(totalBalance, 2),
    totalDebt: round(totalDebt, 2),
    productCount: open.length,
    productKinds: new Set(open.map((h) => h.kind)).size,
    closedProductCount: holdings.length - open.length,
    maxDaysPastDue: Math.max(0, ...open.map((h) => h.daysPastDue ?? 0)),
    cardUtilisation: cardLimit > 0 ? round(cardOwed / cardLimit, 4) : null,
    blockedCardCount: open.filter((h) => h.kind === 'CARD' && h.status.toUpperCase() === 'BLOCKED').length,
    tenureDays: ages.length > 0 ? Math.max(...ages) : null,
    daysSinceLastActivity: idle.length > 0 ? Math.max(0, Math.min(...idle)) : null,
    productsOpenedLast90Days: ages.filter((d) => d >= 0 && d <= RECENT_OPENING_DAYS).length,
    holdingsWithoutRate,
  };
}
