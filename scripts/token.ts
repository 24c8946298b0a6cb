/**
 * Mints a bearer token for trying the API or wiring a client in development:
 *
 *   npm run token -- --role APP --sub crm-app --purposes SERVICE,MARKETING [--scopes consent:record] [--expires 12h]
 *
 * The key is the hub's own (JWT_SECRET, or the demo key in DATA_DIR/jwt-secret), so the token is
 * accepted by a hub started from the same environment. Prints only the token.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_TOKEN_LIFETIME_S, ROLES, SCOPES, signToken, type Role } from '../src/api/auth.js';
import { tokenKeys } from '../src/api/token-keys.js';
import { ConfigError, loadConfig } from '../src/config/config.js';

const USAGE = `usage: npm run token -- --role ${ROLES.join('|')} --sub SUBJECT [--purposes P1,P2] [--scopes ${SCOPES.join(',')}] [--expires 12h]

  --role R        the caller's role
  --sub S         the caller's subject (an application or user id)
  --purposes L    comma-separated purposes the caller may declare (e.g. SERVICE,MARKETING); default none
  --scopes L      comma-separated capabilities beyond the role: ${SCOPES.join(', ')} (record consent); default none
  --expires E     lifetime: seconds, or a number with s, m, h or d (default 12h)

The key is JWT_SECRET, or the demo key in DATA_DIR/jwt-secret (default .data).`;

export class UsageError extends Error {}

export interface TokenRequest {
  role: Role;
  subject: string;
  purposes: string[];
  scopes: string[];
  expiresIn: string;
}

export function parseTokenArgs(argv: string[]): TokenRequest {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        sub: { type: 'string' },
        purposes: { type: 'string' },
        scopes: { type: 'string' },
        expires: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const role = values.role;
  if (!role || !(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const subject = values.sub?.trim();
  if (!subject) throw new UsageError('--sub is required');
  const purposes = values.purposes === undefined ? [] : values.purposes.split(',').map((p) => p.trim());
  if (purposes.some((p) => !/^[A-Z][A-Z0-9_]*$/.test(p))) throw new UsageError('--purposes must be upper-case names separated by commas, e.g. SERVICE,MARKETING');
  const scopes = values.scopes === undefined ? [] : values.scopes.split(',').map((p) => p.trim());
  if (scopes.some((s) => !(SCOPES as readonly string[]).includes(s))) throw new UsageError(`--scopes must be among ${SCOPES.join(', ')}, separated by commas`);
  const expiresIn = values.expires ?? '12h';
  if (!/^[1-9]\d*[smhd]?$/.test(expiresIn)) throw new UsageError('--expires must be a positive number of seconds, or a number with s, m, h or d (e.g. 12h)');
  return { role: role as Role, subject, purposes, scopes, expiresIn };
}

/** The token for `argv` signed with the key `env` configures; throws UsageError or ConfigError. */
export function mintToken(argv: string[], env: NodeJS.ProcessEnv): string {
  const request = parseTokenArgs(argv);
  const keys = tokenKeys(loadConfig(env));
  // jsonwebtoken reads a bare number as seconds and a string with a unit as a duration
  const expiresIn = /^\d+$/.test(request.expiresIn) ? Number(request.expiresIn) : (request.expiresIn as `${number}${'s' | 'm' | 'h' | 'd'}`);
  const seconds = Number(request.expiresIn.replace(/[smhd]$/, '')) * ({ s: 1, m: 60, h: 3600, d: 86400 }[request.expiresIn.slice(-1)] ?? 1);
  const max = keys.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_S;
  if (seconds > max) throw new UsageError(`--expires: the hub accepts tokens living at most ${max} s (JWT_MAX_LIFETIME_S)`);
  return signToken(keys, { subject: request.subject, role: request.role, purposes: request.purposes, scopes: request.scopes }, expiresIn);
}

/** The command: prints the token and answers 0, or prints why not and answers 2. */
export function runTokenCommand(argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void, err: (line: string) => void): number {
  try {
    out(mintToken(argv, env));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  process.exitCode = runTokenCommand(process.argv.slice(2), process.env, console.log, console.error);
}
