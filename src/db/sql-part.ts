/**
 * A piece of SQL with its `?` parameters, in order. A statement that needs another capability's
 * table (the customer list filtering golden customers by their source records and consent) embeds
 * the owner's named part instead of writing SQL against that table itself: the text of every
 * table's SQL stays in its owner's folder, and the statement stays one round trip.
 */
export interface SqlPart {
  sql: string;
  params: unknown[];
}
