/**
 * The API on a free port with injected services, for tests of the HTTP layer itself (limits,
 * timeouts, logs, metrics, readiness, spec conformance). `health` answers after `healthDelayMs`;
 * the source systems, customer, policy and consent services are not queried by these tests.
 */
import 'reflect-metadata';
import { signToken, type Role } from '../../src/api/auth';
import { startApi, type ApiOptions, type RunningApi } from '../../src/api/server';
import type { CustomerService } from '../../src/customer/customer.service';
import type { SourceSystemService } from '../../src/ingest/source-system.service';
import type { ConsentService } from '../../src/policy/consent.service';
import type { PolicyService } from '../../src/policy/policy.service';

export const TEST_KEYS = { secret: 'http-layer-secret-http-layer-secret!', issuer: 'customer-hub' };

export const testToken = (role: Role = 'APP') => signToken(TEST_KEYS, { subject: `test-${role.toLowerCase()}`, role, purposes: ['SERVICE'] });

export function startTestApi(options: Partial<ApiOptions> & { healthDelayMs?: number } = {}): Promise<RunningApi> {
  const { healthDelayMs = 0, ...rest } = options;
  return startApi({
    host: '127.0.0.1',
    port: 0,
    keys: TEST_KEYS,
    production: false,
    services: {
      health: async () => {
        if (healthDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, healthDelayMs));
        return { ok: true, database: true, databaseLatencyMs: 1, queue: true };
      },
      sourceSystems: {} as SourceSystemService,
      customers: {} as CustomerService,
      policy: {} as PolicyService,
      consents: {} as ConsentService,
    },
    ...rest,
  });
}
