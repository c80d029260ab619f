// The facts of the organisation aggregate and the orgs projection row they build. The same reducer serves a
// command (row after its events) and a rebuild of the projection from the stored events; the bootstrap's
// default organisation is written with the same events.
export const OrgEvent = {
  added: "org.added",
  changed: "org.changed",
  deactivated: "org.deactivated",
  reactivated: "org.reactivated",
  removed: "org.removed",
  domainAdded: "org.domain.added",
  domainVerified: "org.domain.verified",
  primaryDomainSet: "org.domain.primary.set",
  domainRemoved: "org.domain.removed",
  memberAdded: "org.member.added",
  metadataSet: "org.metadata.set",
  metadataRemoved: "org.metadata.removed",
} as const;

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

type Payload = Record<string, unknown>;

const reducers: Record<string, (row: OrgRow, payload: Payload) => void> = {
  [OrgEvent.added]: (row, p) => {
    row.name = String(p.name);
    row.state = OrgState.active;
  },
  [OrgEvent.changed]: (row, p) => void (row.name = String(p.name)),
  [OrgEvent.deactivated]: (row) => void (row.state = OrgState.inactive),
  [OrgEvent.reactivated]: (row) => void (row.state = OrgState.active),
  [OrgEvent.removed]: (row) => void (row.state = OrgState.removed),
  [OrgEvent.primaryDomainSet]: (row, p) => void (row.primaryDomain = String(p.domain)),
  // Domains other than the primary one, members and metadata live outside the root row.
  [OrgEvent.domainAdded]: () => {},
  [OrgEvent.domainVerified]: () => {},
  [OrgEvent.domainRemoved]: () => {},
  [OrgEvent.memberAdded]: () => {},
  [OrgEvent.metadataSet]: () => {},
  [OrgEvent.metadataRemoved]: () => {},
};

export function emptyOrgRow(id: string): OrgRow {
  return { id, name: "", primaryDomain: "", state: OrgState.unspecified };
}

/** The row after `events`, without touching `row`. */
export function applyOrgEvents(row: OrgRow, events: readonly { type: string; payload: Payload }[]): OrgRow {
  const next = { ...row };
  for (const event of events) {
    const reduce = reducers[event.type];
    if (!reduce) throw new Error(`no reducer for org event ${event.type}`);
    reduce(next, event.payload);
  }
  return next;
}
