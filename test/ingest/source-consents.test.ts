import type { SourceConsent } from '../../connectors/contract';
import { sourceConsentRows } from '../../src/ingest/source-consents';

const grant: SourceConsent = { purpose: 'MARKETING', status: 'GRANTED', categories: ['CONTACT'], givenAt: '2024-03-01', expiresAt: '2026-03-01', channel: 'BRANCH' };

describe('sourceConsentRows', () => {
  it('reads a date as the whole UTC day, and an expiry date as its start', () => {
    expect(sourceConsentRows([grant])).toEqual({
      ok: true,
      rows: [{
        purpose: 'MARKETING', categories: ['CONTACT'], status: 'GRANTED', channel: 'BRANCH', evidence: null,
        given_at: '2024-03-01T00:00:00.000Z', latest_given_at: '2024-03-02T00:00:00.000Z', expires_at: '2026-03-01T00:00:00.000Z',
      }],
    });
  });

  it('reads an instant as itself', () => {
    const result = sourceConsentRows([{ ...grant, givenAt: '2024-03-01T10:15:00+08:00', expiresAt: null }]);
    expect(result.ok && result.rows[0]).toMatchObject({ given_at: '2024-03-01T02:15:00.000Z', latest_given_at: '2024-03-01T02:15:00.000Z', expires_at: null });
  });

  it('has nothing to store when the source keeps no consent', () => {
    expect(sourceConsentRows(undefined)).toEqual({ ok: true, rows: [] });
  });

  it.each<[string, Partial<SourceConsent>[], string]>([
    ['an unknown status', [{ status: 'MAYBE' as SourceConsent['status'] }], 'status'],
    ['a date that does not exist', [{ givenAt: '2024-02-30' }], 'givenAt'],
    ['a zoneless time', [{ givenAt: '2024-03-01 10:00' }], 'givenAt'],
    ['a bad expiry', [{ expiresAt: 'soon' }], 'expiresAt'],
    ['a purpose that is not a hub purpose', [{ purpose: 'marketing' }], 'purpose'],
    ['one purpose stated twice', [{}, { status: 'DENIED' }], 'twice'],
  ])('refuses %s, naming the field', (_label, patches, field) => {
    const result = sourceConsentRows(patches.map((p) => ({ ...grant, ...p })));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.bad).toContain(field);
  });
});
