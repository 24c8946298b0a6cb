/**
 * Prints the public half of the access log's seal key (PEM), to publish where auditors keep it:
 *
 *   npm run audit:public-key > hub-audit.pem
 *
 * The key is the hub's own: AUDIT_SIGNING_KEY, AUDIT_SIGNING_KEY_FILE, or the demo key in
 * DATA_DIR/audit-signing-key.pem (made on first use, as the hub would). The running hub serves
 * the same at GET /audit/public-key. Its id goes to stderr.
 */
import { ConfigError, loadConfig } from '../src/config/config.js';
import { auditSealKey } from '../src/audit/seal-key.js';
import { publicKeyPem } from '../src/audit/seal-signature.js';

export function runPublicKeyCommand(env: NodeJS.ProcessEnv, out: (text: string) => void, err: (line: string) => void): number {
  try {
    const key = auditSealKey(loadConfig(env));
    out(publicKeyPem(key.publicKey));
    err(`key id ${key.keyId}`);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  process.exitCode = runPublicKeyCommand(process.env, (text) => process.stdout.write(text), console.error);
}
