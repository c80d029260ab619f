// The facts of the organisation aggregate and the orgs projection row they build. The same reducer serves a
// command (row after its events) and a rebuild of the projection from the stored events; the bootstrap's
// default organisation is written with the same events.
import { OrgState, type OrgRow } from "../../domain/org-row.js";

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
