/**
 * Entry point of `npm start`: loads the configuration, starts the hub, prints where it answers
 * and a token per role for trying it, and shuts down cleanly on SIGINT/SIGTERM.
 */
import 'reflect-metadata';
import { CONSENT_RECORD_SCOPE, ROLES, signToken } from './api/auth.js';
import { ConfigError, loadConfig } from './config/config.js';
import { createLogger } from './logger.js';
import { startHub, type Hub } from './app.js';

function banner(hub: Hub): string {
  if (!hub.api) return `customer-hub worker running (no API in this process); access-log seals signed with key ${hub.sealKey.keyId}`;
  const tokens = ROLES.map((role) => {
    const purposes = { APP: ['SERVICE', 'MARKETING', 'RISK'], STEWARD: ['SERVICE', 'SUBJECT_RIGHTS', 'DATA_QUALITY'], AUDITOR: ['AUDIT'], ADMIN: ['SERVICE'] }[role];
    const token = signToken(hub.keys, { subject: `demo-${role.toLowerCase()}`, role, purposes });
    return `  ${role.padEnd(8)} ${token}`;
  });
  // recording consent is a capability of its own: the ordinary APP token above cannot
  const consentCapture = signToken(hub.keys, { subject: 'demo-consent-capture', role: 'APP', purposes: ['SERVICE'], scopes: [CONSENT_RECORD_SCOPE] });
  return [
    '',
    'customer-hub is up',
    `  GraphQL: ${hub.api.graphqlUrl}`,
    `  health:  ${hub.api.url}/health`,
    `  access-log seals signed with key ${hub.sealKey.keyId}; public key: ${hub.api.url}/audit/public-key`,
    '',
    'Tokens (valid 12 hours), one per role:',
    ...tokens,
    `Consent capture (APP with scope ${CONSENT_RECORD_SCOPE}, the only one here that may grantConsent / revokeConsent):`,
    `  CONSENT  ${consentCapture}`,
    '',
    'Personal data is returned for a declared purpose (header x-purpose, one of the token\'s purposes),',
    'as the policy table and the customer\'s consent allow; withheld fields are listed in extensions.withheld.',
    '',
    'Try:',
    `  curl -s ${hub.api.graphqlUrl} -H 'content-type: application/json' \\`,
    `    -H "authorization: Bearer <APP token>" -H 'x-purpose: SERVICE' \\`,
    `    -d '{"query":"{ customers(first: 3) { edges { node { id name { full } phones segments { valueTier riskGrade lifecycleStage } holdings { deposits { product balance } cards { product balance } loans { product balance } } } } } }"}'`,
    `  (search: customers(search: "张伟") or a phone, e-mail or id number; one customer: customer(id: "…"))`,
    `  curl -s ${hub.api.graphqlUrl} -H 'content-type: application/json' \\`,
    `    -H "authorization: Bearer <ADMIN token>" \\`,
    `    -d '{"query":"{ sourceSystems { system status records openQuarantine lastRun { rowsSeen rowsChanged rowsQuarantined } } }"}'`,
    `  metrics: ${hub.api.url}/metrics   more tokens: npm run token -- --role APP --sub crm-app --purposes SERVICE [--scopes ${CONSENT_RECORD_SCOPE}]`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const hub = await startHub(config, logger);
  console.log(banner(hub));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await hub.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error('customer-hub failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
