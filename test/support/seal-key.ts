/** A seal key for tests (made once per test file), as the hub would load it from AUDIT_SIGNING_KEY. */
import { generateKeyPairSync } from 'node:crypto';
import { sealKeyFrom, type SealKey } from '../../src/audit/seal-signature';

export const newSealKey = (): SealKey => sealKeyFrom(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());

export const TEST_SEAL_KEY = newSealKey();
