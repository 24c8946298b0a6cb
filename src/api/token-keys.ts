/**
 * The JWT signing key, shared by the API and `npm run token`: JWT_SECRET, or for the local demo a
 * random key kept in DATA_DIR/jwt-secret (made on first use, readable by its owner only).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config.js';
import type { TokenKeys } from './auth.js';

export function tokenKeys(config: Pick<Config, 'JWT_SECRET' | 'JWT_ISSUER' | 'DATA_DIR' | 'JWT_MAX_LIFETIME_S'>): TokenKeys {
  const maxLifetimeSeconds = config.JWT_MAX_LIFETIME_S;
  if (config.JWT_SECRET) return { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, maxLifetimeSeconds };
  mkdirSync(config.DATA_DIR, { recursive: true });
  const file = join(config.DATA_DIR, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  return { secret: readFileSync(file, 'utf8').trim(), issuer: config.JWT_ISSUER, maxLifetimeSeconds };
}
