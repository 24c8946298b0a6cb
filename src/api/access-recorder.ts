/**
 * What one request read of each person's data: filled by the policy gate as fields resolve,
 * read once by the access log before the response leaves. Fields are schema coordinates
 * (`Customer.phones`), so aliases and fragments name the same field; withheld entries also keep
 * the response path, which is what the caller sees in `extensions.withheld`.
 */
export type WithholdReason = 'NO_CONSENT' | 'POLICY_DENY' | 'CONSENT_EXPIRED';
/** why a root field was refused as a whole: the error code, or the policy's reason for it */
export type RefusalReason = 'FORBIDDEN' | 'UNAUTHENTICATED' | 'NO_PURPOSE' | 'PURPOSE_NOT_ALLOWED' | 'SEARCH_NOT_ALLOWED';

export interface WithheldField {
  /** schema coordinate, e.g. Customer.nationalId */
  field: string;
  /** response path as the caller sent it (aliases kept), e.g. customers.edges.0.node.idNo */
  path: string;
  reason: WithholdReason | RefusalReason;
}

export interface SubjectAccess {
  /** schema coordinates returned in full */
  returned: Set<string>;
  /** schema coordinates returned masked */
  masked: Set<string>;
  withheld: WithheldField[];
  /** data categories a search or filter that found this person ran on */
  searched: Set<string>;
  /** consent statements a consent-dependent field of this person relied on */
  consentRefs: Set<string>;
}

export class AccessRecorder {
  private readonly bySubject = new Map<string, SubjectAccess>();
  /** withheld fields of data not linked to a customer (e.g. an unmatched source record) */
  private readonly unowned: WithheldField[] = [];

  private of(subjectId: string): SubjectAccess {
    let access = this.bySubject.get(subjectId);
    if (!access) this.bySubject.set(subjectId, (access = { returned: new Set(), masked: new Set(), withheld: [], searched: new Set(), consentRefs: new Set() }));
    return access;
  }

  returned(subjectId: string, field: string): void {
    this.of(subjectId).returned.add(field);
  }

  masked(subjectId: string, field: string): void {
    this.of(subjectId).masked.add(field);
  }

  withheld(subjectId: string, entry: WithheldField): void {
    this.of(subjectId).withheld.push(entry);
  }

  /** the person is in the answer (an id in a list is a read about them too) */
  touched(subjectId: string): void {
    this.of(subjectId);
  }

  /** a search or filter on this category found the person: a read of that category */
  searched(subjectId: string, category: string): void {
    this.of(subjectId).searched.add(category);
  }

  /** a field was returned because of this consent statement */
  reliedOn(subjectId: string, consentRef: string): void {
    this.of(subjectId).consentRefs.add(consentRef);
  }

  withheldUnowned(entry: WithheldField): void {
    this.unowned.push(entry);
  }

  /** every person whose data the request touched, with what was returned and withheld */
  subjects(): ReadonlyMap<string, SubjectAccess> {
    return this.bySubject;
  }

  /** withheld fields of data not linked to any person */
  unownedWithheld(): readonly WithheldField[] {
    return this.unowned;
  }

  /** all withheld entries, for the response's extensions */
  allWithheld(): WithheldField[] {
    return [...[...this.bySubject.values()].flatMap((a) => a.withheld), ...this.unowned];
  }
}
