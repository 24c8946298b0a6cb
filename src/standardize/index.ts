/**
 * Standardization: source customers in, comparison-ready fields, flags and blocking keys out.
 * Pure functions only (no I/O); see README.md for the rules.
 */
export type { FlagCode, FieldResult, StandardizationFlag } from './flag.js';
export { standardizeCustomer, type StandardizedCustomer, type StandardizedRecord } from './standardize-customer.js';
export { blockingKeys, phoneticCode } from './blocking-keys.js';
export { standardizeName, COMPOUND_SURNAMES, type NameScript, type StandardizedName } from './name.js';
export { parseDateOfBirth } from './date-of-birth.js';
export { standardizePhone, type CountryCode } from './phone.js';
export { standardizeEmail } from './email.js';
export {
  birthDateFromResidentId,
  genderFromResidentId,
  residentIdCheckChar,
  standardizeChineseResidentId,
  standardizeNationalId,
  standardizePassport,
  type NationalIdType,
} from './national-id.js';
export { tokenizeAddress, standardizePostcode, standardizeCity, type TokenizedAddress } from './address.js';
