/**
 * `@Personal(...)`: marks a schema field as personal data of some categories and puts it behind
 * the policy gate. Apart from categories.ts so that the gate can read a field's categories
 * without importing the decorator that installs it (no cycle).
 */
import { Extensions, UseMiddleware } from 'type-graphql';
import type { DataCategory, PersonalField } from './categories.js';
import { PolicyGate } from './policy-gate.js';

/**
 * Marks a field as personal data and puts it behind the policy gate. The field's owner (its
 * parent object) must say whose data it is: a `subjectId` property (golden customer id or null).
 */
export function Personal(categories: DataCategory | DataCategory[], mask?: PersonalField['mask']): MethodDecorator & PropertyDecorator {
  const personal: PersonalField = { categories: Array.isArray(categories) ? categories : [categories], mask };
  const extensions = Extensions({ personal });
  const gate = UseMiddleware(PolicyGate);
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    extensions(target, key, descriptor as never);
    gate(target, key, descriptor as never);
  };
}
