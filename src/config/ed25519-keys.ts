/**
 * Ed25519 key material as the configuration gives it, parsed and checked (node:crypto only), so
 * that a wrong AUDIT_SIGNING_KEY stops the hub at start. What the keys sign and how seals are
 * verified is audit's (src/audit/seal-signature.ts); the parsing lives here because config
 * imports no capability.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** An Ed25519 private key from PEM (PKCS#8) text or the base64 of its DER form; throws on anything else. */
export function ed25519PrivateKeyFrom(text: string): KeyObject {
  const trimmed = text.trim();
  const privateKey = trimmed.startsWith('-----BEGIN')
    ? createPrivateKey({ key: trimmed, format: 'pem' })
    : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`an Ed25519 key is required, not ${privateKey.asymmetricKeyType}`);
  return privateKey;
}

/** Every public key in a PEM text (one or more `BEGIN PUBLIC KEY` blocks); throws when there is none or one is not Ed25519. */
export function ed25519PublicKeysFrom(pemText: string): KeyObject[] {
  const blocks = pemText.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? [];
  if (blocks.length === 0) throw new Error('no PEM public key (-----BEGIN PUBLIC KEY-----) found');
  return blocks.map((block) => {
    const key = createPublicKey({ key: block, format: 'pem' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an Ed25519 key is required, not ${key.asymmetricKeyType}`);
    return key;
  });
}
