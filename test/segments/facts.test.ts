import type { Holding } from '../../connectors/contract';
import { deriveFacts } from '../../src/segments/facts';

const NOW = new Date('2026-01-01T00:00:00Z');
const holding = (h: Partial<Holding> & Pick<Holding, 'kind'>): Holding => ({
  sourceKey: 'k',
  productId: 'p',
  product: 'X',
  currency: 'CNY',
  balance: 0,
  status: 'ACTIVE',
  ...h,
});

describe('deriveFacts', () => {
  it('sums open deposits and debts in CNY, converting currencies and leaving closed products out', () => {
    const facts = deriveFacts(
      [
        holding({ kind: 'DEPOSIT_ACCOUNT', balance: 1000 }),
        holding({ kind: 'DEPOSIT_ACCOUNT', balance: 100, currency: 'USD' }),
        holding({ kind: 'DEPOSIT_ACCOUNT', balance: 5000, status: 'CLOSED' }),
        holding({ kind: 'CARD', balance: 300, creditLimit: 1000 }),
        holding({ kind: 'LOAN', balance: 20000, daysPastDue: 12, role: 'CO_BORROWER' }),
        holding({ kind: 'LOAN', balance: 0, daysPastDue: 95, status: 'CLOSED' }),
      ],
      NOW,
    );
    expect(facts.totalBalance).toBe(1710);
    expect(facts.totalDebt).toBe(20300);
    expect(facts.productCount).toBe(4);
    expect(facts.productKinds).toBe(3);
    expect(facts.closedProductCount).toBe(2);
    expect(facts.maxDaysPastDue).toBe(12); // a closed loan's arrears are history, not current risk
    expect(facts.holdingsWithoutRate).toBe(0);
  });

  it('keeps a currency without a rate out of the amounts and counts it', () => {
    const facts = deriveFacts([holding({ kind: 'DEPOSIT_ACCOUNT', balance: 1000 }), holding({ kind: 'DEPOSIT_ACCOUNT', balance: 999, currency: 'XAU' })], NOW);
    expect(facts.totalBalance).toBe(1000);
    expect(facts.holdingsWithoutRate).toBe(1);
  });

  it('card utilisation is owed over limits across open cards, null without a card limit', () => {
    const cards = [
      holding({ kind: 'CARD', balance: 500, creditLimit: 1000 }),
      holding({ kind: 'CARD', balance: 0, creditLimit: 3000, status: 'BLOCKED' }),
      holding({ kind: 'CARD', balance: 900, creditLimit: 1000, status: 'CLOSED' }),
    ];
    const facts = deriveFacts(cards, NOW);
    expect(facts.cardUtilisation).toBe(0.125);
    expect(facts.blockedCardCount).toBe(1);
    expect(deriveFacts([holding({ kind: 'DEPOSIT_ACCOUNT', balance: 1 })], NOW).cardUtilisation).toBeNull();
  });

  it('measures tenure from the first opening, activity from the latest, and counts recent openings', () => {
    const facts = deriveFacts(
      [
        holding({ kind: 'DEPOSIT_ACCOUNT', openedAt: '2020-01-01', lastActivityAt: '2025-12-01' }),
        holding({ kind: 'CARD', openedAt: '2025-11-15', lastActivityAt: '2025-12-22', creditLimit: 1 }),
        holding({ kind: 'LOAN', openedAt: '2025-09-01', lastActivityAt: null, status: 'CLOSED' }),
        holding({ kind: 'LOAN', openedAt: 'not a date' }),
      ],
      NOW,
    );
    expect(facts.tenureDays).toBe(2192);
    expect(facts.daysSinceLastActivity).toBe(10);
    expect(facts.productsOpenedLast90Days).toBe(1); // 2025-09-01 is 122 days back
  });

  it('a customer with no holdings has zero amounts and unknown dates', () => {
    expect(deriveFacts([], NOW)).toEqual({
      totalBalance: 0,
      totalDebt: 0,
      productCount: 0,
      productKinds: 0,
      closedProductCount: 0,
      maxDaysPastDue: 0,
      cardUtilisation: null,
      blockedCardCount: 0,
      tenureDays: null,
      daysSinceLastActivity: null,
      productsOpenedLast90Days: 0,
      holdingsWithoutRate: 0,
    });
  });
});
