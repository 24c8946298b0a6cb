/**
 * A TypeScript type's fields as PostgreSQL columns: `givenNamePinyin` → `given_name_pinyin`,
 * same value types. Lets a stored row's type follow the domain type it stores instead of
 * repeating its fields one by one.
 */
type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;

export type Columns<T> = { [K in keyof T as SnakeCase<K & string>]: T[K] };
