/**
 * Masked forms of personal values, as Chinese banks print them: enough to recognise one's own
 * data, not enough to use it. Pure. A value with no sensible masked form is withheld instead.
 */

const STAR = '*';

/**
 * A resident id spells out more than the number: region of registration (digits 1–6), birth
 * date (7–14, or 7–12 in the old 15-digit form) and gender (the parity of digit 17, or of digit
 * 15 in the old form); the check character, with region and birth date known from elsewhere,
 * pins the gender too. So only the two order digits before the gender digit stay:
 * 110105199001011234 → **************12**. Other documents keep their last 3.
 */
export function maskNationalId(id: string): string {
  const resident = /^\d{17}[\dXx]$/.test(id) ? 14 : /^\d{15}$/.test(id) ? 12 : -1;
  if (resident >= 0) return STAR.repeat(resident) + id.slice(resident, resident + 2) + STAR.repeat(id.length - resident - 2);
  return STAR.repeat(Math.max(id.length - 3, 1)) + id.slice(-3);
}

/** +8613812345678 → 138****5678; other numbers keep their first and last digits */
export function maskPhone(e164: string): string {
  const cnMobile = /^\+86(1\d{2})\d{4}(\d{4})$/.exec(e164);
  if (cnMobile) return `${cnMobile[1]}****${cnMobile[2]}`;
  const digits = e164.replace(/\D/g, '');
  return digits.length <= 6 ? STAR.repeat(digits.length) : `+${digits.slice(0, 4)}${STAR.repeat(digits.length - 7)}${digits.slice(-3)}`;
}

/** wei.zhang@example.com → w***@example.com */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at <= 0 ? STAR.repeat(3) : `${email[0]}***${email.slice(at)}`;
}

/** 张伟 → 张*; Wei Zhang → W. Zhang? no: keeps the family name, given name to its initial */
export function maskName(name: { given: string | null; family: string | null; full: string | null; script: string | null }) {
  const chars = Array.from(name.full ?? '');
  const han = name.script === 'CJK';
  const full = han ? chars[0] + STAR.repeat(Math.max(chars.length - 1, 1)) : [name.given ? `${name.given[0].toUpperCase()}.` : null, name.family ? titleCase(name.family) : null].filter(Boolean).join(' ') || null;
  return { given: null, family: name.family, full, script: name.script };
}

/** 1990-01-01 → 1990-**-** (the year stays: enough for age checks) */
export function maskDate(isoDate: string): string {
  return `${isoDate.slice(0, 4)}-**-**`;
}

/** only the city is kept */
export function maskAddress(address: { tokens: string[]; postcode: string | null; city: string | null }) {
  return { tokens: [], postcode: null, city: address.city };
}

function titleCase(word: string): string {
  return word.replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase());
}
