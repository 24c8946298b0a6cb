/**
 * Who is calling: a JWT bearer token (HS256, jsonwebtoken) with subject, role, the purposes
 * the caller may declare and the scopes it holds beyond its role (capabilities a role does not
 * imply, e.g. `consent:record`). Verification is strict on algorithm and issuer, and a token must
 * expire: without `exp`, or living longer than the keys' maximum lifetime, it is refused (a
 * leaked token that never expires is a standing key to customer data).
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { HubError } from '../errors.js';

export const ROLES = ['APP', 'STEWARD', 'AUDITOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** recording a customer's consent or its withdrawal: only clients that capture it hold this */
export const CONSENT_RECORD_SCOPE = 'consent:record';
export const SCOPES = [CONSENT_RECORD_SCOPE] as const;

export interface Principal {
  subject: string;
  role: Role;
  purposes: string[];
  /** capabilities beyond the role (`SCOPES`); none when absent */
  scopes?: string[];
}

const claims = z.object({
  sub: z.string().min(1),
  role: z.enum(ROLES),
  purposes: z.array(z.string().min(1)).default([]),
  scopes: z.array(z.string().min(1)).default([]),
  exp: z.number(),
  iat: z.number().optional(),
});

/** the longest a token may live when the keys do not say (`JWT_MAX_LIFETIME_S`) */
export const DEFAULT_MAX_TOKEN_LIFETIME_S = 24 * 3600;

export function hasScope(principal: Principal, scope: (typeof SCOPES)[number]): boolean {
  return principal.scopes?.includes(scope) ?? false;
}

export interface TokenKeys {
  secret: string;
  issuer: string;
  /** tokens living longer than this (exp − iat, or exp − now without iat) are refused */
  maxLifetimeSeconds?: number;
}

export function signToken(keys: TokenKeys, principal: Principal, expiresIn: jwt.SignOptions['expiresIn'] = '12h'): string {
  const scopes = principal.scopes?.length ? { scopes: principal.scopes } : {};
  return jwt.sign({ role: principal.role, purposes: principal.purposes, ...scopes }, keys.secret, {
    algorithm: 'HS256',
    subject: principal.subject,
    issuer: keys.issuer,
    expiresIn,
  });
}

/**
 * The HMAC key as a KeyObject, made once per keys: given a string, jsonwebtoken first tries to
 * read it as a PEM public key and builds a secret key only when that throws — on every request
 * (about 8 % of the API's CPU under load, bench/customer-view).
 */
const secretKeys = new WeakMap<TokenKeys, KeyObject>();
function secretKeyOf(keys: TokenKeys): KeyObject {
  let key = secretKeys.get(keys);
  if (!key) secretKeys.set(keys, (key = createSecretKey(Buffer.from(keys.secret, 'utf8'))));
  return key;
}

export function verifyToken(keys: TokenKeys, token: string): Principal {
  let payload: unknown;
  try {
    payload = jwt.verify(token, secretKeyOf(keys), { algorithms: ['HS256'], issuer: keys.issuer });
  } catch (err) {
    const reason = err instanceof jwt.TokenExpiredError ? 'token expired' : 'token invalid';
    throw new HubError('UNAUTHENTICATED', reason);
  }
  const parsed = claims.safeParse(payload);
  if (!parsed.success) throw new HubError('UNAUTHENTICATED', 'token claims invalid (sub, role and exp are required)');
  const { exp, iat } = parsed.data;
  const nowS = Math.floor(Date.now() / 1000);
  const maxLifetime = keys.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_S;
  // iat in the future would stretch the lifetime: count from now then
  if (exp - Math.min(iat ?? nowS, nowS) > maxLifetime) throw new HubError('UNAUTHENTICATED', `token lifetime longer than ${maxLifetime} s`);
  return { subject: parsed.data.sub, role: parsed.data.role, purposes: parsed.data.purposes, scopes: parsed.data.scopes };
}

/** Reads `Authorization: Bearer <token>`; no header or another scheme is unauthenticated. */
export function principalFromHeader(keys: TokenKeys, header: string | undefined): Principal {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) throw new HubError('UNAUTHENTICATED', 'bearer token required');
  return verifyToken(keys, match[1]);
}

/**
 * The purpose a request declares in `x-purpose` (PIPL: data is read for a stated purpose). Absent:
 * null, and the policy gate withholds every personal field. A purpose the token does not carry
 * is refused outright (FORBIDDEN), not silently narrowed.
 */
export function declaredPurpose(principal: Principal, header: string | undefined): string | null {
  const purpose = (header ?? '').trim().toUpperCase();
  if (purpose === '') return null;
  if (!principal.purposes.includes(purpose)) {
    throw new HubError('FORBIDDEN', 'the declared purpose (x-purpose) is not allowed for this token', { extensions: { reason: 'PURPOSE_NOT_ALLOWED' } });
  }
  return purpose;
}
