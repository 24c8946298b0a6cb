/** `npm run token`: a token the hub accepts, with the key the hub would use; bad input exits 2. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyToken } from '../../src/api/auth';
import { runTokenCommand } from '../../scripts/token';

const SECRET = 'token-cli-secret-token-cli-secret-123';

function run(argv: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runTokenCommand(argv, env, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run token', () => {
  it('signs role, subject and purposes with JWT_SECRET', () => {
    const res = run(['--role', 'APP', '--sub', 'crm-app', '--purposes', 'SERVICE,MARKETING'], { JWT_SECRET: SECRET });
    expect(res.code).toBe(0);
    expect(verifyToken({ secret: SECRET, issuer: 'customer-hub' }, res.out)).toEqual({ subject: 'crm-app', role: 'APP', purposes: ['SERVICE', 'MARKETING'], scopes: [] });
    expect(() => verifyToken({ secret: `${SECRET}x`, issuer: 'customer-hub' }, res.out)).toThrow('token invalid');
  });

  it('adds the consent:record scope with --scopes, and only scopes it knows', () => {
    const res = run(['--role', 'APP', '--sub', 'consent-capture', '--purposes', 'SERVICE', '--scopes', 'consent:record'], { JWT_SECRET: SECRET });
    expect(res.code).toBe(0);
    expect(verifyToken({ secret: SECRET, issuer: 'customer-hub' }, res.out)).toEqual({ subject: 'consent-capture', role: 'APP', purposes: ['SERVICE'], scopes: ['consent:record'] });
    const unknown = run(['--role', 'APP', '--sub', 'x', '--scopes', 'consent:record,root'], { JWT_SECRET: SECRET });
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--scopes must be among consent:record/);
  });

  it('uses the demo key in DATA_DIR when JWT_SECRET is unset, and the configured issuer', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'token-cli-'));
    const res = run(['--role', 'STEWARD', '--sub', 'alice'], { DATA_DIR: dataDir, JWT_ISSUER: 'hub-test' });
    expect(res.code).toBe(0);
    const secret = readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim();
    expect(verifyToken({ secret, issuer: 'hub-test' }, res.out)).toEqual({ subject: 'alice', role: 'STEWARD', purposes: [], scopes: [] });
  });

  it('sets the lifetime from --expires', () => {
    const res = run(['--role', 'ADMIN', '--sub', 'ops', '--expires', '90m'], { JWT_SECRET: SECRET });
    const payload = JSON.parse(Buffer.from(res.out.split('.')[1], 'base64url').toString('utf8'));
    expect(payload.exp - payload.iat).toBe(90 * 60);
    const seconds = run(['--role', 'ADMIN', '--sub', 'ops', '--expires', '30'], { JWT_SECRET: SECRET });
    const p2 = JSON.parse(Buffer.from(seconds.out.split('.')[1], 'base64url').toString('utf8'));
    expect(p2.exp - p2.iat).toBe(30);
  });

  it.each([
    [['--sub', 'x'], /--role must be one of APP, STEWARD, AUDITOR, ADMIN/],
    [['--role', 'ROOT', '--sub', 'x'], /--role must be one of/],
    [['--role', 'APP'], /--sub is required/],
    [['--role', 'APP', '--sub', 'x', '--purposes', 'SERVICE,,x'], /--purposes must be upper-case names/],
    [['--role', 'APP', '--sub', 'x', '--expires', 'soon'], /--expires must be/],
    [['--role', 'APP', '--sub', 'x', '--colour', 'red'], /Unknown option '--colour'/],
  ])('refuses %j with a message and exit code 2', (argv, message) => {
    const res = run(argv, { JWT_SECRET: SECRET });
    expect(res.code).toBe(2);
    expect(res.err).toMatch(message);
    expect(res.err).toMatch(/usage: npm run token/);
    expect(res.out).toBe('');
  });

  it('exits 2 naming the variable when the configuration is wrong', () => {
    const res = run(['--role', 'APP', '--sub', 'x'], { JWT_SECRET: 'too-short' });
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/JWT_SECRET: must be at least 32 characters/);
  });
});
