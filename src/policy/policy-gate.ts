/**
 * The one place where personal data is allowed, masked or withheld. Every field marked
 * `@Personal` runs through this middleware, whatever the path that reached it (alias, fragment,
 * list, nested object, any query), so no resolver decides on its own. A withheld field
 * resolves to null; what was returned, masked and withheld is recorded per person for the
 * response's `extensions.withheld` and the access log.
 */
import { responsePathAsArray } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import type { RequestContext } from '../api/context.js';
import { personalField } from './categories.js';

/** objects holding personal fields say whose data they hold */
export interface PersonalDataOwner {
  subjectId: string | null;
}

export const PolicyGate: MiddlewareFn<RequestContext> = async ({ root, info, context }, next) => {
  const personal = personalField(info.parentType.getFields()[info.fieldName]);
  if (!personal) return next();
  const subjectId = (root as Partial<PersonalDataOwner>)?.subjectId ?? null;
  const field = `${info.parentType.name}.${info.fieldName}`;
  const outcome = await context.services.policy.forRequest(context).decide(personal.categories, subjectId);

  if (outcome.kind === 'ALLOW') {
    if (subjectId) context.access.returned(subjectId, field);
    if (subjectId && outcome.consentRef) context.access.reliedOn(subjectId, outcome.consentRef);
    return next();
  }
  if (outcome.kind === 'MASK' && personal.mask) {
    if (subjectId) context.access.masked(subjectId, field);
    if (subjectId && outcome.consentRef) context.access.reliedOn(subjectId, outcome.consentRef);
    const value = await next();
    return value === null || value === undefined ? value : personal.mask(value);
  }
  const reason = outcome.kind === 'WITHHOLD' ? outcome.reason : 'POLICY_DENY';
  const entry = { field, path: responsePathAsArray(info.path).join('.'), reason } as const;
  if (subjectId) context.access.withheld(subjectId, entry);
  else context.access.withheldUnowned(entry);
  return null;
};
