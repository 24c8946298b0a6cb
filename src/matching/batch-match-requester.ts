/** What the API needs to queue a full re-match (the match queue is one): apart from the resolver, so the request context can name it without importing a resolver. */
export interface BatchMatchRequester {
  /** one batch waits or runs at a time: asking again answers the id of that one */
  requestBatch(trigger: 'manual'): Promise<string | undefined>;
}
