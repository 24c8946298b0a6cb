/**
 * The outcome of standardizing one field: a value, or a flag saying why the input was rejected.
 * A rejected value is never guessed at nor kept; the flag is what remains of it.
 */
export type FlagCode =
  | 'UNPARSABLE'
  | 'IMPOSSIBLE_DATE'
  | 'OUT_OF_RANGE'
  | 'BAD_CHECKSUM'
  | 'BAD_LENGTH'
  | 'INVALID'
  | 'AMBIGUOUS';

export type FlaggedField = 'name' | 'dateOfBirth' | 'nationalId' | 'phone' | 'email' | 'address';

export interface StandardizationFlag {
  field: FlaggedField;
  code: FlagCode;
}

export type FieldResult<T> = { value: T } | { flag: FlagCode };
