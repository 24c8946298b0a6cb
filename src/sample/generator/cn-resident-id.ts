/**
 * PRC resident identity card numbers (GB 11643-1999): 6-digit administrative area code of the
 * place of household registration, 8-digit date of birth, 3-digit sequence (odd for men, even
 * for women) and an ISO 7064 MOD 11-2 check character (0-9 or X).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/** The check character for the first 17 digits. */
function residentIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('a resident id body is 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

/** Whether an 18-character number's check character is right (noise can break it; upper or lower x). */
export function hasValidCheckCharacter(number: string): boolean {
  const id = number.toUpperCase();
  return /^\d{17}[\dX]$/.test(id) && residentIdCheckCharacter(id.slice(0, 17)) === id[17];
}

/** A complete 18-character number; `sequence` 1–999, its parity must match the gender. */
export function makeResidentId(areaCode: string, dob: string, sequence: number): string {
  const body = `${areaCode}${dob.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return body + residentIdCheckCharacter(body);
}
