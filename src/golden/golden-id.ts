/** What a golden id looks like (a UUID, drawn by golden-writer.ts), so callers refuse anything else before it reaches SQL. */
export const GOLDEN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isGoldenId(id: string): boolean {
  return GOLDEN_ID.test(id);
}
