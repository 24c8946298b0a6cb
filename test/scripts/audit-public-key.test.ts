/** `npm run audit:public-key`: the public half of the configured seal key, or of the demo key the hub makes. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPublicKeyCommand } from '../../scripts/audit-public-key';
import { auditSealKey } from '../../src/audit/seal-key';
import { publicKeyPem } from '../../src/audit/seal-signature';
import { newSealKey } from '../support/seal-key';

const run = (env: NodeJS.ProcessEnv) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = runPublicKeyCommand(env, (t) => out.push(t), (l) => err.push(l));
  return { code, out: out.join(''), err: err.join('\n') };
};

it('prints the public key of AUDIT_SIGNING_KEY, never the private one', () => {
  const key = newSealKey();
  const res = run({ AUDIT_SIGNING_KEY: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
  expect(res).toMatchObject({ code: 0, out: publicKeyPem(key.publicKey), err: `key id ${key.keyId}` });
  expect(res.out).not.toContain('PRIVATE');
});

it("prints the demo key's, the one the hub makes in DATA_DIR and uses", () => {
  const dir = mkdtempSync(join(tmpdir(), 'seal-key-'));
  const res = run({ DATA_DIR: dir });
  expect(res.code).toBe(0);
  const hubKey = auditSealKey({ DATA_DIR: dir });
  expect(res.out).toBe(publicKeyPem(hubKey.publicKey));
  // made once: a second start keeps it
  expect(auditSealKey({ DATA_DIR: dir }).keyId).toBe(hubKey.keyId);
});

it('names a wrong key variable', () => {
  expect(run({ AUDIT_SIGNING_KEY: 'nope' })).toMatchObject({ code: 2, err: expect.stringContaining('AUDIT_SIGNING_KEY') });
});
