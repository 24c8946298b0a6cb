import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, needsSampleSystems } from '../../src/config/config';
import { publicKeyPem } from '../../src/audit/seal-signature';
import { newSealKey } from '../support/seal-key';

describe('loadConfig', () => {
  it('gives the zero-setup defaults on an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ HUB_ROLE: 'all', PORT: 4000, DATA_DIR: '.data', INGEST_PAGE_SIZE: 2000, INGEST_FUTURE_TOLERANCE_MS: 300_000 });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
    expect(needsSampleSystems(c)).toBe(true);
  });

  it.each([
    ['PORT', 'eighty', /PORT/],
    ['DATABASE_URL', 'mysql://x/y', /DATABASE_URL: must be a postgres:\/\/ URL/],
    ['REDIS_URL', 'localhost:6379', /REDIS_URL: must be a redis:\/\/ URL/],
    ['HUB_ROLE', 'both', /HUB_ROLE/],
    ['CORE_BANKING_SCHEMA', 'core-banking; drop', /CORE_BANKING_SCHEMA: must be a lower-case SQL identifier/],
    ['JWT_SECRET', 'short', /JWT_SECRET: must be at least 32 characters/],
    ['INGEST_PAGE_SIZE', '0', /INGEST_PAGE_SIZE/],
    ['INGEST_FUTURE_TOLERANCE_MS', '-1', /INGEST_FUTURE_TOLERANCE_MS/],
  ])('a wrong %s stops start-up with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(4000);
  });

  it('requires a key in production and real services for separate api/worker processes', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required when NODE_ENV=production/);
    const message = (() => {
      try {
        loadConfig({ HUB_ROLE: 'worker' });
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toMatch(/DATABASE_URL: required when HUB_ROLE=worker/);
    expect(message).toMatch(/CARDS_API_URL: required/);
    expect(message).toMatch(/AUDIT_SIGNING_KEY: required .* when HUB_ROLE=worker/);
  });

  it('requires the access-log seal key in production, and checks that it is an Ed25519 private key', () => {
    const secret = { JWT_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig({ NODE_ENV: 'production', ...secret })).toThrow(/AUDIT_SIGNING_KEY: required \(or AUDIT_SIGNING_KEY_FILE\) when NODE_ENV=production/);
    const key = newSealKey();
    const pem = key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const der = key.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    expect(loadConfig({ NODE_ENV: 'production', ...secret, AUDIT_SIGNING_KEY: pem }).AUDIT_SIGNING_KEY).toBe(pem);
    expect(loadConfig({ NODE_ENV: 'production', ...secret, AUDIT_SIGNING_KEY: der }).AUDIT_SIGNING_KEY).toBe(der);
    expect(() => loadConfig({ AUDIT_SIGNING_KEY: 'not a key' })).toThrow(/AUDIT_SIGNING_KEY: not an Ed25519 private key/);
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    writeFileSync(join(dir, 'public.pem'), publicKeyPem(key.publicKey));
    // a public key where the private one belongs, and the other way round
    expect(() => loadConfig({ AUDIT_SIGNING_KEY_FILE: join(dir, 'public.pem') })).toThrow(/AUDIT_SIGNING_KEY_FILE: not a readable Ed25519 private key/);
    expect(() => loadConfig({ AUDIT_SIGNING_KEY_FILE: join(dir, 'missing.pem') })).toThrow(/AUDIT_SIGNING_KEY_FILE/);
    expect(loadConfig({ AUDIT_PREVIOUS_PUBLIC_KEYS_FILE: join(dir, 'public.pem') }).AUDIT_PREVIOUS_PUBLIC_KEYS_FILE).toBeDefined();
    writeFileSync(join(dir, 'private.pem'), pem);
    expect(() => loadConfig({ AUDIT_PREVIOUS_PUBLIC_KEYS_FILE: join(dir, 'private.pem') })).toThrow(/AUDIT_PREVIOUS_PUBLIC_KEYS_FILE/);
    expect(() => loadConfig({ AUDIT_SIGNING_KEY: pem, AUDIT_SIGNING_KEY_FILE: join(dir, 'private.pem') })).toThrow(/either AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE/);
  });

  it('takes the owner role that runs migrations only beside the runtime role', () => {
    expect(() => loadConfig({ DATABASE_OWNER_URL: 'postgres://owner@db/hub' })).toThrow(/DATABASE_OWNER_URL: needs DATABASE_URL/);
    const c = loadConfig({ DATABASE_URL: 'postgres://app@db/hub', DATABASE_OWNER_URL: 'postgres://owner@db/hub' });
    expect(c).toMatchObject({ DATABASE_OWNER_URL: 'postgres://owner@db/hub', AUDIT_ALLOW_PRIVILEGED_DB_ROLE: false });
    expect(loadConfig({ AUDIT_ALLOW_PRIVILEGED_DB_ROLE: 'true' }).AUDIT_ALLOW_PRIVILEGED_DB_ROLE).toBe(true);
    expect(() => loadConfig({ AUDIT_ALLOW_PRIVILEGED_DB_ROLE: 'yes' })).toThrow(/AUDIT_ALLOW_PRIVILEGED_DB_ROLE/);
  });
});
