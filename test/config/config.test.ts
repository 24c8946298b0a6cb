import { ConfigError, loadConfig, needsSampleSystems } from '../../src/config/config';

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
  });
});
