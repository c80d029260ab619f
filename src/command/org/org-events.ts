// The facts of the organisation aggregate and the orgs projection row they build. The same reducer serves a
// command (row after its events) and a rebuild of the projection from the stored events; the bootstrap's
// default organisation is written with the same events.
export const OrgEvent = {
  added: "org.added",
  domainAdded: "org.domain.added",
  domainVerified: "org.domain.verified",
  primaryDomainSet: "org.domain.primary.set",
  memberAdded: "org.member.added",
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

type Payload = Record<string, unknown>;

const reducers: Record<string, (row: OrgRow, payload: Payload) => void> = {
  [OrgEvent.added]: (row, p) => {
    row.name = String(p.name);
    row.state = OrgState.active;
  },
  [OrgEvent.primaryDomainSet]: (row, p) => void (row.primaryDomain = String(p.domain)),
  // Domains other than the primary one and members live outside the root row.
  [OrgEvent.domainAdded]: () => {},
  [OrgEvent.domainVerified]: () => {},
  [OrgEvent.memberAdded]: () => {},
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
