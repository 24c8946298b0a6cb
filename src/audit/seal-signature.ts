/**
 * Signatures of access-log seals, pure (node:crypto only; key text parsed by
 * config/ed25519-keys.ts, which also checks it at start): a seal's hash chains every entry before
 * it, so whoever can write the tables can recompute every later hash, but not sign them without
 * the hub's Ed25519 key, which the database never holds. Each seal is signed over (seq, entry id,
 * hash); verifiers hold only public keys (the hub's, and earlier ones after a rotation), named by
 * a key id (the first 16 hex digits of the SHA-256 of the public key's DER form).
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { ed25519PrivateKeyFrom, ed25519PublicKeysFrom } from '../config/ed25519-keys.js';

export interface SealKey {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** public keys a verifier trusts, by key id */
export type TrustedKeys = ReadonlyMap<string, KeyObject>;

export interface SignedPart {
  seq: number;
  entryId: string;
  hash: string;
}

export interface SealSignature {
  signature: string | null;
  keyId: string | null;
}

export type SignatureCheck = 'OK' | 'UNSIGNED' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE';

const DOMAIN = 'customer-hub access-log seal v1';

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** An Ed25519 private key from PEM (PKCS#8) text or the base64 of its DER form; throws on anything else. */
export function sealKeyFrom(text: string): SealKey {
  const privateKey = ed25519PrivateKeyFrom(text);
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), privateKey, publicKey };
}

/** Every public key in a PEM text (one or more `BEGIN PUBLIC KEY` blocks); throws when there is none or one is not Ed25519. */
export const publicKeysFrom = ed25519PublicKeysFrom;

export function trustedKeys(keys: readonly KeyObject[]): TrustedKeys {
  return new Map(keys.map((k) => [keyIdOf(k), k]));
}

const message = (s: SignedPart) => Buffer.from(`${DOMAIN}\n${s.seq}\n${s.entryId}\n${s.hash}`, 'utf8');

export function signSeal(key: SealKey, s: SignedPart): SealSignature {
  return { signature: sign(null, message(s), key.privateKey).toString('base64'), keyId: key.keyId };
}

export function checkSealSignature(trusted: TrustedKeys, s: SignedPart & Partial<SealSignature>): SignatureCheck {
  if (!s.signature || !s.keyId) return 'UNSIGNED';
  const key = trusted.get(s.keyId);
  if (!key) return 'UNKNOWN_KEY';
  try {
    return verify(null, message(s), key, Buffer.from(s.signature, 'base64')) ? 'OK' : 'BAD_SIGNATURE';
  } catch {
    return 'BAD_SIGNATURE';
  }
}

/** Signs any JSON-able object's canonical text (the export's trailer), under another domain than seals. */
export function signDocument(key: SealKey, canonicalText: string): string {
  return sign(null, Buffer.from(`customer-hub access-log export v1\n${canonicalText}`, 'utf8'), key.privateKey).toString('base64');
}

export function checkDocumentSignature(trusted: TrustedKeys, keyId: string, canonicalText: string, signature: string): SignatureCheck {
  const key = trusted.get(keyId);
  if (!key) return 'UNKNOWN_KEY';
  try {
    return verify(null, Buffer.from(`customer-hub access-log export v1\n${canonicalText}`, 'utf8'), key, Buffer.from(signature, 'base64')) ? 'OK' : 'BAD_SIGNATURE';
  } catch {
    return 'BAD_SIGNATURE';
  }
}
