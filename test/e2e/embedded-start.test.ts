/**
 * The README's first command, as a new user meets it: no DATABASE_URL, no REDIS_URL. The hub
 * starts embedded PostgreSQL, seeds the sample systems, ingests them through BullMQ's PostgreSQL
 * backend, serves GraphQL and prints a token per role. Then a restart reuses the data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { spawnHub, type HubProcess } from '../support/hub-process';
import { waitFor as waitUntil } from '../support/wait-for';

const dataDir = mkdtempSync(join(tmpdir(), 'hub-embedded-'));
const pgPort = 20000 + Math.floor(Math.random() * 20000);
const env = {
  DATA_DIR: dataDir,
  EMBEDDED_PG_PORT: String(pgPort),
  PORT: '0',
  SAMPLE_CARDS_PORT: '0',
  SAMPLE_CUSTOMERS: '300',
  INGEST_PAGE_SIZE: '100',
};
let hub: HubProcess | undefined;

afterAll(async () => {
  await hub?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

async function gql(url: string, token: string | undefined, query: string, variables = {}, purpose = 'SERVICE') {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-purpose': purpose, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: any[] } };
}

async function sourceRowCounts(): Promise<Record<string, number>> {
  // the sample systems' own embedded database answers on the next port
  const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:${pgPort + 1}/postgres` });
  await client.connect();
  try {
    const n = async (sql: string) => Number((await client.query(sql)).rows[0].n);
    return {
      CORE_BANKING: await n('SELECT count(*) AS n FROM core_banking.cif_customer'),
      CARDS: await n('SELECT count(*) AS n FROM cards.cardholder'),
      LOANS: await n('SELECT count(*) AS n FROM loans.borrower'),
    };
  } finally {
    await client.end();
  }
}

async function oneCoreBankingKey(): Promise<string> {
  const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:${pgPort + 1}/postgres` });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT cif_no FROM core_banking.cif_customer WHERE coalesce(cust_name, '') <> '' ORDER BY cif_no LIMIT 1`);
    return rows[0].cif_no;
  } finally {
    await client.end();
  }
}

const CUSTOMERS = `{ customers(first: 20) { edges { node { id name { full } segments { valueTier riskGrade lifecycleStage } holdings { deposits { productId } cards { productId } loans { productId } } } } } }`;

/** polls until `probe` answers something, for at most two minutes */
const waitFor = <T>(probe: () => Promise<T | null>, what: string) => waitUntil(what, probe, { every: 500, output: () => hub?.output() });

const STATUS = `{ sourceSystems { system status caughtUpAt records openQuarantine lastRun { rowsSeen } total { rowsSeen } } }`;

function waitCaughtUp(url: string, token: string) {
  return waitFor(async () => {
    const systems = (await gql(url, token, STATUS)).body.data?.sourceSystems ?? [];
    return systems.length === 3 && systems.every((s: any) => s.status === 'IDLE' && s.caughtUpAt) ? systems : null;
  }, 'caught-up source systems');
}

it('starts on embedded defaults, ingests the sample end to end, and restarts on the same data', async () => {
  hub = spawnHub(env);
  const [url] = await hub.waitForOutput(/http:\/\/127\.0\.0\.1:\d+\/graphql/, 180_000);
  const admin = hub.output().match(/ADMIN\s+(eyJ[\w-]+\.[\w-]+\.[\w-]+)/)![1];
  for (const role of ['APP', 'STEWARD', 'AUDITOR']) expect(hub.output()).toMatch(new RegExp(`${role}\\s+eyJ`));

  expect((await gql(url, undefined, STATUS)).status).toBe(401);

  const systems = await waitCaughtUp(url, admin);
  const expected = await sourceRowCounts();
  for (const s of systems) {
    expect(s.total.rowsSeen).toBe(expected[s.system]);
    expect(s.records).toBeGreaterThan(0);
    expect(s.records + s.openQuarantine).toBeGreaterThanOrEqual(expected[s.system]);
  }

  const key = await oneCoreBankingKey();
  const steward = hub.output().match(/STEWARD\s+(eyJ[\w-]+\.[\w-]+\.[\w-]+)/)![1];
  const record = await gql(url, steward, `query ($key: String!) { sourceRecord(system: CORE_BANKING, key: $key) { sourceKey name { full } raw } }`, { key });
  expect(record.body.errors).toBeUndefined();
  expect(record.body.data.sourceRecord).toMatchObject({ sourceKey: key, raw: expect.objectContaining({ cif_no: key }) });

  // the customer view: golden customers, segmented by the job that follows the first match
  // batch, with live holdings from the three embedded sources
  const app = hub.output().match(/APP\s+(eyJ[\w-]+\.[\w-]+\.[\w-]+)/)![1];
  const customers = await waitFor(async () => {
    const res = await gql(url, app, CUSTOMERS);
    const edges = res.body.data?.customers.edges ?? [];
    return edges.length > 0 && edges.every((e: any) => e.node.segments) ? res : null;
  }, 'segmented golden customers');
  expect(customers.body.errors).toBeUndefined();
  const nodes = customers.body.data.customers.edges.map((e: any) => e.node);
  expect(nodes.every((n: any) => n.holdings.deposits && n.holdings.cards && n.holdings.loans)).toBe(true);
  expect(nodes.some((n: any) => n.holdings.deposits.length + n.holdings.cards.length + n.holdings.loans.length > 0)).toBe(true);

  // restart: the same data directory, no re-seed, nothing new to ingest
  await hub.kill();
  hub = spawnHub(env);
  const [url2] = await hub.waitForOutput(/http:\/\/127\.0\.0\.1:\d+\/graphql/, 60_000);
  // the signing key is kept in the data directory: tokens from the first start still work
  const again = await waitCaughtUp(url2, admin);
  for (const s of again) {
    expect(s.total.rowsSeen).toBe(expected[s.system]);
  }
  expect(await sourceRowCounts()).toEqual(expected);
}, 300_000);
