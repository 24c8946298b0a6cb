/**
 * The seal key, shared by the sealer, the verifier and the export: AUDIT_SIGNING_KEY or
 * AUDIT_SIGNING_KEY_FILE, or for the local demo an Ed25519 key kept in
 * DATA_DIR/audit-signing-key.pem (made on first use, readable by its owner only), like the demo
 * JWT key. The database never holds it: whoever can only write the tables cannot sign.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config.js';
import { publicKeysFrom, sealKeyFrom, type SealKey } from './seal-signature.js';

type KeyConfig = Pick<Config, 'AUDIT_SIGNING_KEY' | 'AUDIT_SIGNING_KEY_FILE' | 'DATA_DIR'>;

export const DEMO_KEY_FILE = 'audit-signing-key.pem';

export function auditSealKey(config: KeyConfig): SealKey {
  if (config.AUDIT_SIGNING_KEY) return sealKeyFrom(config.AUDIT_SIGNING_KEY);
  if (config.AUDIT_SIGNING_KEY_FILE) return sealKeyFrom(readFileSync(config.AUDIT_SIGNING_KEY_FILE, 'utf8'));
  mkdirSync(config.DATA_DIR, { recursive: true });
  const file = join(config.DATA_DIR, DEMO_KEY_FILE);
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // another process made it first: use theirs
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return sealKeyFrom(readFileSync(file, 'utf8'));
}

/** Public keys of earlier seal keys (AUDIT_PREVIOUS_PUBLIC_KEYS_FILE), still trusted by the verifier. */
export function previousSealPublicKeys(config: Pick<Config, 'AUDIT_PREVIOUS_PUBLIC_KEYS_FILE'>): KeyObject[] {
  return config.AUDIT_PREVIOUS_PUBLIC_KEYS_FILE ? publicKeysFrom(readFileSync(config.AUDIT_PREVIOUS_PUBLIC_KEYS_FILE, 'utf8')) : [];
}
