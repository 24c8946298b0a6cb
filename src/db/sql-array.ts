/**
 * A JS array as one PostgreSQL array literal ('{"a","b"}'), for `?::text[]` / `?::bigint[]`
 * parameters: MikroORM's raw queries expand a JS array parameter into a list of parameters,
 * which is not an array. Every element is quoted and escaped, so any text is safe.
 */
export function sqlArray(values: readonly (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
