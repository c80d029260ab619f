// The organisation as its projections store it: the write model of the organisation commands and what the
// queries read. The facts that build these rows are in src/command/org/org-events.ts.

/** zitadel.org.v2.OrganizationState numbers. */
export const OrgState = { unspecified: 0, active: 1, inactive: 2, removed: 3 } as const;

/** The orgs projection row without the bookkeeping the store sets (sequence, dates). */
export interface OrgRow {
  id: string;
  name: string;
  primaryDomain: string;
  state: number;
}

/** The orgs projection row as stored: the write model of the organisation commands. */
export interface StoredOrgRow extends OrgRow {
  sequence: number;
  creationDate: Date;
  changeDate: Date;
}

/** An organisation as the user commands look it up: its id and primary domain. */
export interface OrgRef {
  id: string;
  primaryDomain: string;
}

/** One row of the org_domains projection, as the domain commands decide with it. */
export interface OrgDomainRow {
  domain: string;
  isVerified: boolean;
  isPrimary: boolean;
}
