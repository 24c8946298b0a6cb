/**
 * The API on a free port with injected services, for tests of the HTTP layer itself (limits,
 * timeouts, logs, metrics, readiness, spec conformance), over the whole schema. `health` answers
 * after `healthDelayMs`; services not given in `services` are placeholders these tests never query.
 */
import 'reflect-metadata';
import { signToken, type Role } from '../../src/api/auth';
import { hubWiring, type HubServices } from '../../src/server/schema';
import { startApi, type ApiOptions, type RunningApi } from '../../src/server/server';

export const TEST_KEYS = { secret: 'http-layer-secret-http-layer-secret!', issuer: 'customer-hub' };

export const testToken = (role: Role = 'APP') => signToken(TEST_KEYS, { subject: `test-${role.toLowerCase()}`, role, purposes: ['SERVICE'] });

export function startTestApi(options: Partial<ApiOptions> & { healthDelayMs?: number; services?: Partial<HubServices> } = {}): Promise<RunningApi> {
  const { healthDelayMs = 0, services: given = {}, ...rest } = options;
  const services = {
    health: async () => {
      if (healthDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, healthDelayMs));
      return { ok: true, database: true, databaseLatencyMs: 1, queue: true };
    },
    ...given,
  } as HubServices;
  return startApi({
    host: '127.0.0.1',
    port: 0,
    keys: TEST_KEYS,
    production: false,
    health: services.health,
    auditService: services.audit,
    wiring: hubWiring(services),
    ...rest,
  });
}
