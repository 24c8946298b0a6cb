/** Timeliness of the source systems, from each connector's state. Pure. */
import type { Finding, QualityRule } from './rules.js';

export interface SourceSyncFacts {
  system: string;
  /** the last time a sync read the source to its end; null: never */
  caughtUpAt: Date | null;
  lastRunFailed: boolean;
}

export function checkSourceRule(rule: QualityRule, source: SourceSyncFacts, now: Date = new Date()): Finding[] {
  if (rule.check !== 'sourceFreshness') return [];
  const maxAgeMinutes = rule.parameters.bySystem?.[source.system] ?? rule.parameters.maxAgeMinutes;
  const detail = { maxAgeMinutes, lastRunFailed: source.lastRunFailed };
  if (source.caughtUpAt === null) return [{ rule: rule.code, field: null, reason: 'NEVER_SYNCED', detail }];
  const ageMinutes = (now.getTime() - source.caughtUpAt.getTime()) / 60_000;
  return ageMinutes > maxAgeMinutes ? [{ rule: rule.code, field: null, reason: 'STALE', detail: { ...detail, ageMinutes: Math.floor(ageMinutes) } }] : [];
}
