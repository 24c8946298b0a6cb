import { Migration } from '@mikro-orm/migrations';

/**
 * Segments: the rule table with the default rules, and the derived segment columns of
 * golden_customer. The defaults are frozen here (a migration must not change after release);
 * the bank tunes them in the table. Amounts are CNY, cut-offs chosen on the sample data so that
 * tiers, grades and stages spread (see src/segments/README.md).
 */
const DEFAULT_RULES: [kind: string, outcome: string, priority: number, condition: unknown, description: string][] = [
  ['VALUE_TIER', 'A', 10, { any: [{ fact: 'totalBalance', gte: 500000 }, { all: [{ fact: 'totalBalance', gte: 200000 }, { fact: 'productCount', gte: 4 }] }] },
    'Deposits of at least CNY 500,000, or CNY 200,000 with four or more products'],
  ['VALUE_TIER', 'B', 20, { any: [{ fact: 'totalBalance', gte: 50000 }, { fact: 'productCount', gte: 4 }] },
    'Deposits of at least CNY 50,000, or four or more products'],
  ['VALUE_TIER', 'C', 1000, { always: true }, 'Everyone else'],

  ['RISK_GRADE', 'CCC', 10, { fact: 'maxDaysPastDue', gte: 90 }, 'A loan 90 or more days past due (non-performing)'],
  ['RISK_GRADE', 'B', 20, { fact: 'maxDaysPastDue', gte: 60 }, 'A loan 60 to 89 days past due'],
  ['RISK_GRADE', 'BB', 30, { any: [{ fact: 'maxDaysPastDue', gte: 30 }, { fact: 'blockedCardCount', gte: 1 }] },
    'A loan 30 to 59 days past due, or a card blocked by the issuer'],
  ['RISK_GRADE', 'BBB', 40, { any: [{ fact: 'maxDaysPastDue', gte: 1 }, { fact: 'cardUtilisation', gte: 0.9 }] },
    'A loan up to 29 days past due, or cards used to 90% of their limits or more'],
  ['RISK_GRADE', 'A', 50, { fact: 'cardUtilisation', gte: 0.5 }, 'Cards used to 50% of their limits or more, nothing past due'],
  ['RISK_GRADE', 'AA', 60, { any: [{ fact: 'cardUtilisation', gte: 0.2 }, { all: [{ fact: 'cardUtilisation', isNull: true }, { fact: 'totalDebt', eq: 0 }] }] },
    'Cards used to 20% of their limits or more, or no credit in use at all (no repayment history to grade higher)'],
  ['RISK_GRADE', 'AAA', 1000, { always: true }, 'Credit in use, nothing past due, cards used below 20% of their limits'],

  ['LIFECYCLE_STAGE', 'NEW', 10, { fact: 'tenureDays', lt: 180 }, 'First product opened less than 180 days ago'],
  ['LIFECYCLE_STAGE', 'CHURN_RISK', 20, { all: [{ fact: 'closedProductCount', gte: 1 }, { any: [{ fact: 'productCount', lte: 1 }, { fact: 'daysSinceLastActivity', gte: 30 }] }] },
    'A product closed, and at most one product left open or no activity for 30 days or more'],
  ['LIFECYCLE_STAGE', 'DORMANT', 30, { any: [{ fact: 'daysSinceLastActivity', gte: 90 }, { fact: 'daysSinceLastActivity', isNull: true }] },
    'No transaction or repayment for 90 days or more, or none on record'],
  ['LIFECYCLE_STAGE', 'GROWING', 40, { any: [{ fact: 'productsOpenedLast90Days', gte: 1 }, { fact: 'tenureDays', lt: 1095 }] },
    'A product opened in the last 90 days, or a customer for less than three years'],
  ['LIFECYCLE_STAGE', 'MATURE', 1000, { always: true }, 'Active customer for three years or more'],
];

export class Migration20261123160000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "segment_rule" ("id" serial primary key, "kind" text not null, "outcome" text not null, "priority" int not null, "condition" jsonb not null, "description" text not null, "active" boolean not null default true, "updated_at" timestamptz not null default now(), "updated_by" text null);`);
    this.addSql(`create index "segment_rule_kind_priority_index" on "segment_rule" ("kind", "priority");`);
    for (const [kind, outcome, priority, condition, description] of DEFAULT_RULES) {
      this.addSql(
        `insert into "segment_rule" ("kind", "outcome", "priority", "condition", "description") values (${[kind, outcome, String(priority), JSON.stringify(condition), description].map(literal).join(', ')});`,
      );
    }

    this.addSql(`alter table "golden_customer" add column "value_tier" text null, add column "risk_grade" text null, add column "lifecycle_stage" text null, add column "segment_explanation" jsonb null, add column "segmented_at" timestamptz null;`);
    this.addSql(`create index "golden_customer_value_tier_index" on "golden_customer" ("value_tier");`);
    this.addSql(`create index "golden_customer_risk_grade_index" on "golden_customer" ("risk_grade");`);
    this.addSql(`create index "golden_customer_lifecycle_stage_index" on "golden_customer" ("lifecycle_stage");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "segment_rule" cascade;`);
    this.addSql(`alter table "golden_customer" drop column "value_tier", drop column "risk_grade", drop column "lifecycle_stage", drop column "segment_explanation", drop column "segmented_at";`);
  }

}

/** A SQL string literal of constant text written in this file. */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
