/**
 * An e-mail address is trimmed and lower-cased, or INVALID unless it has exactly one '@', a
 * local part and a domain without spaces, and at least one dot inside the domain (labels
 * non-empty, no leading or trailing hyphen). Full-width forms ('＠') are folded first.
 */
import type { FieldResult } from './flag.js';

const LOCAL_PART = /^[^\s@]+$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;

export function standardizeEmail(text: string): FieldResult<string> {
  const email = text.normalize('NFKC').trim().toLowerCase();
  const at = email.indexOf('@');
  if (at <= 0 || at !== email.lastIndexOf('@')) return { flag: 'INVALID' };
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  if (!LOCAL_PART.test(local) || local.startsWith('.') || local.endsWith('.')) return { flag: 'INVALID' };
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return { flag: 'INVALID' };
  return { value: email };
}
