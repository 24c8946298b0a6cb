/**
 * The one place where personal data is allowed, masked or withheld. Every field marked
 * `@Personal` runs through this middleware, whatever the path that reached it (alias, fragment,
 * list, nested object, any query), so no resolver decides on its own. A withheld field
 * resolves to null; what was returned, masked and withheld is recorded per person for the
 * response's `extensions.withheld` and the access log.
 */
import { responsePathAsArray } from 'graphql';
import type { MiddlewareInterface, ResolverData } from 'type-graphql';
import type { RequestScope } from '../api/request-scope.js';
import type { AccessRecorder } from '../api/access-recorder.js';
import { personalField } from './categories.js';
import type { PolicyCaller, PolicyService } from './policy.service.js';

/** objects holding personal fields say whose data they hold */
export interface PersonalDataOwner {
  /** the golden customer (consent is theirs); null for data linked to no customer yet */
  subjectId: string | null;
  /** whom the access log names when there is no customer yet (e.g. an unmatched source record) */
  auditSubject?: string;
}

/** what the gate needs of a request: the caller, the recorder and its scope (the API's RequestContext has them) */
export interface GatedRequest extends PolicyCaller {
  access: AccessRecorder;
  scope: RequestScope;
}

/** One per schema, constructed with the policy table (type-graphql's container hands it to `@Personal` fields). */
export class PolicyGate implements MiddlewareInterface<GatedRequest> {
  constructor(private readonly policy: PolicyService) {}

  use(action: ResolverData<GatedRequest>, next: () => Promise<unknown>): Promise<unknown> {
    return gate(this.policy, action, next);
  }
}

async function gate(policy: PolicyService, { root, info, context }: ResolverData<GatedRequest>, next: () => Promise<unknown>): Promise<unknown> {
  const personal = personalField(info.parentType.getFields()[info.fieldName]);
  if (!personal) return next();
  const owner = root as Partial<PersonalDataOwner> | undefined;
  const subjectId = owner?.subjectId ?? null;
  // recorded under the customer, else under the unlinked data itself: every read leaves a trace
  const logged = subjectId ?? owner?.auditSubject ?? null;
  const field = `${info.parentType.name}.${info.fieldName}`;
  if (logged === null) {
    // personal data that names no one could not be logged: not returned (an owner without a
    // subject is a bug, and the gate fails closed on it)
    context.access.withheldUnowned({ field, path: responsePathAsArray(info.path).join('.'), reason: 'POLICY_DENY' });
    return null;
  }
  const outcome = await policy.forRequest(context, context.scope).decide(personal.categories, subjectId);

  if (outcome.kind === 'ALLOW') {
    context.access.returned(logged, field);
    if (subjectId && outcome.consentRef) context.access.reliedOn(subjectId, outcome.consentRef);
    return next();
  }
  if (outcome.kind === 'MASK' && personal.mask) {
    context.access.masked(logged, field);
    if (subjectId && outcome.consentRef) context.access.reliedOn(subjectId, outcome.consentRef);
    const value = await next();
    return value === null || value === undefined ? value : personal.mask(value);
  }
  const reason = outcome.kind === 'WITHHOLD' ? outcome.reason : 'POLICY_DENY';
  const entry = { field, path: responsePathAsArray(info.path).join('.'), reason } as const;
  context.access.withheld(logged, entry);
  return null;
}
