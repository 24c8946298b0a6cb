import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A steward's value of one golden field (a unit of survivorship: name, dateOfBirth, …). It
 * survives every re-run of survivorship until a steward clears it; provenance names it
 * STEWARD_OVERRIDE with the steward and the reason.
 */
@Entity({ tableName: 'golden_override' })
export class GoldenOverride {
  @PrimaryKey({ type: 'uuid' })
  goldenId!: string;

  @PrimaryKey({ type: 'text' })
  field!: string;

  /** the field's attributes, as survivorship stores them (e.g. { dateOfBirth: '1990-01-02' }) */
  @Property({ type: 'jsonb' })
  value!: Record<string, unknown>;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'text' })
  actor!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'clock_timestamp()' })
  setAt!: Date;
}
