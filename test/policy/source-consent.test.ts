/**
 * Consent kept in a source system counts: on a matched sample hub, a customer whose core banking
 * record holds a marketing consent is consented for MARKETING (consent_current and the policy
 * decision), and the most recent statement wins, whoever made it — hub event or source.
 */
import 'reflect-metadata';
import type { Principal } from '../../src/api/auth';
import { goldenCustomers } from '../../src/golden/golden.repository';
import { IngestService } from '../../src/ingest/ingest.service';
import { DataCategory } from '../../src/policy/categories';
import { ConsentRepository } from '../../src/policy/consent.repository';
import { ConsentService } from '../../src/policy/consent.service';
import { PolicyService } from '../../src/policy/policy.service';
import { startMatchedHub } from '../support/matched-hub';
import { SCHEMAS, type SampleHub } from '../support/sample-hub';

let hub: SampleHub;
let consents: ConsentService;
let policy: PolicyService;
/** customers whose only MARKETING statement is an open-ended core banking grant: golden id → cif_no */
let granted: { goldenId: string; cifNo: string }[];

const CRM: Principal = { subject: 'crm', role: 'APP', purposes: ['MARKETING'] };

beforeAll(async () => {
  hub = await startMatchedHub('source_consent', 150);
  consents = new ConsentService(hub.orm, goldenCustomers);
  policy = new PolicyService(hub.orm);
  granted = (
    await hub.orm.em.fork().execute<{ golden_id: string; source_key: string }[]>(
      `SELECT min(r.golden_id::text) AS golden_id, min(sc.source_key) AS source_key
         FROM source_consent sc JOIN source_record r USING (system, source_key)
        WHERE r.golden_id IS NOT NULL AND NOT r.deleted AND sc.purpose = 'MARKETING'
        GROUP BY r.golden_id
       HAVING count(*) = 1 AND bool_and(sc.status = 'GRANTED' AND sc.expires_at IS NULL)
        ORDER BY 1 LIMIT 3`,
    )
  ).map((r) => ({ goldenId: r.golden_id, cifNo: r.source_key }));
});
afterAll(() => hub?.close());

/** a new request's decision on a CONTACT field (APP/MARKETING: REQUIRE_CONSENT) */
const decide = (goldenId: string) => policy.forRequest({ principal: CRM, purpose: 'MARKETING' }).decide([DataCategory.CONTACT], goldenId);

const current = async (goldenId: string) =>
  (await new ConsentRepository(hub.orm.em.fork()).current([goldenId], 'MARKETING')).map((c) => ({ status: c.status, source: c.source }));

/** the bank changes the customer in core banking (the change bumps last_maint_ts), and the hub syncs */
async function inCoreBanking(sql: string, cifNo: string): Promise<void> {
  await hub.sources.query(sql, [cifNo]);
  await hub.sources.query(`UPDATE ${SCHEMAS.coreBanking}.cif_customer SET last_maint_ts = clock_timestamp() WHERE cif_no = $1`, [cifNo]);
  await new IngestService(hub.orm).sync(hub.connectors.get('core_banking')!, { pageSize: 100 });
}

const restate = (cifNo: string, status: string, signedOn: string) =>
  inCoreBanking(`UPDATE ${SCHEMAS.coreBanking}.cif_consent SET status = '${status}', signed_on = '${signedOn}', channel = 'BR' WHERE cif_no = $1`, cifNo);

const today = () => new Date().toISOString().slice(0, 10);

describe('consent read from core banking', () => {
  it('a customer whose core banking record says GRANTED is consented for MARKETING', async () => {
    expect(granted).toHaveLength(3);
    const { goldenId } = granted[0]!;
    expect(await current(goldenId)).toEqual([{ status: 'GRANTED', source: 'core_banking' }]);
    // relying on the core banking statement, which the access log names
    expect(await decide(goldenId)).toEqual({ kind: 'ALLOW', consentRef: expect.stringMatching(/^source:core_banking:[^:]+:MARKETING@\d{4}-/) });
    // and it is in the customer's consent history, from its source
    const history = await consents.historyLoader().load(goldenId);
    expect(history).toEqual([expect.objectContaining({ purpose: 'MARKETING', status: 'GRANTED', source: 'core_banking', channel: expect.any(String) })]);
  });

  it('a customer with no statement anywhere is not', async () => {
    const [none] = await hub.orm.em.fork().execute<{ id: string }[]>(
      `SELECT g.id FROM golden_customer g WHERE g.status = 'ACTIVE'
          AND NOT EXISTS (SELECT 1 FROM consent_statement c WHERE c.golden_id = g.id) ORDER BY g.id LIMIT 1`,
    );
    expect(await current(none!.id)).toEqual([]);
    expect(await decide(none!.id)).toEqual({ kind: 'WITHHOLD', reason: 'NO_CONSENT' });
  });

  it('a later hub revoke overrides the source grant', async () => {
    const { goldenId } = granted[0]!;
    await consents.revoke({ customerId: goldenId, purpose: 'MARKETING', channel: 'APP', evidence: 'app-log-1' }, 'tester');
    expect(await current(goldenId)).toEqual([{ status: 'REVOKED', source: 'HUB' }]);
    expect(await decide(goldenId)).toEqual({ kind: 'WITHHOLD', reason: 'NO_CONSENT' });
    const history = await consents.historyLoader().load(goldenId);
    expect(history.map((c) => [c.status, c.source])).toEqual([['REVOKED', 'HUB'], ['GRANTED', 'core_banking']]);
  });

  it('a source DENIED after a hub grant overrides the grant', async () => {
    const { goldenId, cifNo } = granted[1]!;
    await consents.grant({ customerId: goldenId, purpose: 'MARKETING', categories: [DataCategory.IDENTITY, DataCategory.CONTACT], channel: 'APP', evidence: 'app-log-1' }, 'tester');
    expect(await current(goldenId)).toEqual([{ status: 'GRANTED', source: 'HUB' }]);
    // the customer refuses at the branch today (the core keeps only the day)
    await restate(cifNo, 'N', today());
    expect(await current(goldenId)).toEqual([{ status: 'DENIED', source: 'core_banking' }]);
    expect(await decide(goldenId)).toEqual({ kind: 'WITHHOLD', reason: 'NO_CONSENT' });
  });

  it('an older source statement, read after a hub event, does not override it', async () => {
    const { goldenId, cifNo } = granted[2]!;
    await consents.grant({ customerId: goldenId, purpose: 'MARKETING', categories: [DataCategory.CONTACT], channel: 'APP', evidence: 'app-log-1' }, 'tester');
    // a refusal from 2024 keyed in late: the hub grant is the more recent statement
    await restate(cifNo, 'N', '2024-01-02');
    expect(await current(goldenId)).toEqual([{ status: 'GRANTED', source: 'HUB' }]);
    expect(await decide(goldenId)).toEqual({ kind: 'ALLOW', consentRef: expect.stringMatching(/^hub:\d+$/) });
  });

  it('a closed core banking record no longer speaks for the customer', async () => {
    const { goldenId, cifNo } = granted[1]!;
    expect(await current(goldenId)).toEqual([{ status: 'DENIED', source: 'core_banking' }]);
    await inCoreBanking(`UPDATE ${SCHEMAS.coreBanking}.cif_customer SET status = 'C' WHERE cif_no = $1`, cifNo);
    // the hub's own grant is what remains
    expect(await current(goldenId)).toEqual([{ status: 'GRANTED', source: 'HUB' }]);
  });

  it('consent given to a customer later merged away holds for the survivor', async () => {
    const [survivor] = await hub.orm.em.fork().execute<{ id: string }[]>(
      `SELECT g.id FROM golden_customer g WHERE g.status = 'ACTIVE'
          AND NOT EXISTS (SELECT 1 FROM consent_statement c WHERE c.golden_id = g.id) ORDER BY g.id DESC LIMIT 1`,
    );
    const absorbed = '00000000-0000-4000-8000-0000000000c1';
    await hub.orm.em.fork().execute(`INSERT INTO golden_customer (id) VALUES (?)`, [absorbed]);
    await consents.grant({ customerId: absorbed, purpose: 'MARKETING', categories: [DataCategory.CONTACT], channel: 'APP', evidence: 'app-log-1' }, 'tester');
    expect(await decide(survivor!.id)).toEqual({ kind: 'WITHHOLD', reason: 'NO_CONSENT' });
    // the golden writer's merge: the absorbed id redirects to the survivor
    await hub.orm.em.fork().execute(`UPDATE golden_customer SET status = 'MERGED', merged_into = ? WHERE id = ?`, [survivor!.id, absorbed]);
    expect(await current(survivor!.id)).toEqual([{ status: 'GRANTED', source: 'HUB' }]);
    expect(await decide(survivor!.id)).toEqual({ kind: 'ALLOW', consentRef: expect.stringMatching(/^hub:\d+$/) });
  });
});
