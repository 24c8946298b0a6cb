/** Timestamps as raw queries return them: MikroORM keeps them as text, pg as Date. */
export type Timestamp = Date | string;

export const asDate = (t: Timestamp): Date => (t instanceof Date ? t : new Date(t));
