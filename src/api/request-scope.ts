/**
 * What one request keeps while it runs — the caller's policy decisions, the customer reader and its
 * loaders, the consent loader, the mutations stored with their access-log entries — held on the
 * request's context (`RequestContext.scope`) and dropped with it. Each capability declares its own
 * slot and keeps it private, so no capability reads another's state through the scope; the
 * services themselves come to resolvers by construction (src/server/schema.ts), never from here.
 * Imports nothing: every capability may use it without an import cycle.
 */
export class RequestSlot<T> {
  declare private readonly value?: T; // makes RequestSlot<A> and RequestSlot<B> distinct types
  constructor(readonly name: string) {}
}

export class RequestScope {
  private readonly values = new Map<RequestSlot<unknown>, unknown>();

  get<T>(slot: RequestSlot<T>): T | undefined {
    return this.values.get(slot) as T | undefined;
  }

  set<T>(slot: RequestSlot<T>, value: T): T {
    this.values.set(slot, value);
    return value;
  }

  /** the slot's value, made by `create` the first time this request asks */
  of<T>(slot: RequestSlot<T>, create: () => T): T {
    return this.values.has(slot) ? (this.values.get(slot) as T) : this.set(slot, create());
  }
}
