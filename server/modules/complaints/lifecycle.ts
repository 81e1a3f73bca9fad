// The complaint lifecycle as one declared table: for every action, the statuses it may start from,
// the status it leads to, who may take it, and the fields it requires. Everything that changes a
// complaint's status goes through this table (commands.ts); the database's CHECK constraint
// refuses any status not listed here.
//
//  submitted ─verify→ disposed ─accept/assign→ in_progress ─respond→ responded ─rate/close→ closed
//      │                 │  └────────return────────┐                  │                    │
//      └─reject→ rejected└─────────respond─────────┼──────────────────┘      reopen ←──────┘
//                          returned ←──────────────┘ ─forward→ disposed
//  any open status ─hold→ on_hold ─resume→ (where it was)           archive: admins park it for good

export const STATUSES = ['submitted', 'disposed', 'in_progress', 'responded', 'closed', 'returned', 'on_hold', 'rejected', 'archived'] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses in which someone still has to act. */
export const OPEN_STATUSES: readonly Status[] = ['submitted', 'disposed', 'in_progress', 'responded', 'returned', 'on_hold'];
/** Statuses in which a missed due date means the organisation is late (responded waits for the reporter). */
export const OVERDUE_STATUSES: readonly Status[] = ['submitted', 'disposed', 'in_progress', 'returned'];

/**
 * The parties to a complaint. `admin`: the national admin, or an organisation admin whose node
 * covers the complaint's government; `handler`: a liaison officer whose unit covers the unit holding
 * it; `reporter`: the person who filed it (token or access code); `system`: the worker.
 */
export type Party = 'admin' | 'handler' | 'reporter' | 'system';

export const STATUS_LABELS: Record<Status, { id: string; en: string }> = {
  submitted: { id: 'Belum Terverifikasi', en: 'Not yet verified' },
  disposed: { id: 'Terdisposisi', en: 'Routed' },
  in_progress: { id: 'Diproses', en: 'In progress' },
  responded: { id: 'Ditindaklanjuti', en: 'Followed up' },
  closed: { id: 'Selesai', en: 'Closed' },
  returned: { id: 'Dikembalikan', en: 'Returned' },
  on_hold: { id: 'Ditunda', en: 'On hold' },
  rejected: { id: 'Ditolak', en: 'Rejected' },
  archived: { id: 'Diarsipkan', en: 'Archived' },
};

export interface Transition {
  from: readonly Status[];
  /** 'unchanged': the action records something without moving the complaint; 'resume': back to where it was before the hold. */
  to: Status | 'unchanged' | 'resume';
  by: readonly Party[];
  /** Body fields that must be present and non-empty. */
  requires: readonly string[];
  /** Visible to staff only in the timeline. */
  internal?: boolean;
}

export const LIFECYCLE = {
  verify: { from: ['submitted'], to: 'disposed', by: ['admin'], requires: ['organisationCode'] },
  reject: { from: ['submitted', 'returned'], to: 'rejected', by: ['admin'], requires: ['reason'] },
  hold: { from: ['submitted', 'disposed', 'in_progress', 'returned'], to: 'on_hold', by: ['admin', 'handler'], requires: ['reason'] },
  resume: { from: ['on_hold'], to: 'resume', by: ['admin', 'handler'], requires: [] },
  accept: { from: ['disposed'], to: 'in_progress', by: ['handler'], requires: [] },
  assign: { from: ['disposed', 'in_progress'], to: 'in_progress', by: ['handler'], requires: ['organisationCode'] },
  return: { from: ['disposed', 'in_progress'], to: 'returned', by: ['handler'], requires: ['reason'] },
  forward: { from: ['returned', 'disposed', 'in_progress'], to: 'disposed', by: ['admin'], requires: ['organisationCode'] },
  // `final: false` records an interim follow-up and leaves the complaint in_progress (see commands).
  respond: { from: ['disposed', 'in_progress', 'responded'], to: 'responded', by: ['handler'], requires: ['message'] },
  reply: { from: ['submitted', 'disposed', 'in_progress', 'responded', 'returned', 'on_hold'], to: 'unchanged', by: ['reporter'], requires: ['message'] },
  rate: { from: ['responded', 'closed'], to: 'closed', by: ['reporter'], requires: ['score'] },
  close: { from: ['responded'], to: 'closed', by: ['admin', 'system'], requires: [] },
  reopen: { from: ['closed'], to: 'in_progress', by: ['reporter'], requires: ['reason'] },
  archive: { from: ['submitted', 'returned', 'on_hold', 'closed', 'rejected'], to: 'archived', by: ['admin'], requires: ['reason'] },
  // Merge a duplicate into another complaint of the same government (triage): archived, linked by merged_into_id.
  merge: { from: ['submitted', 'disposed', 'in_progress', 'returned'], to: 'archived', by: ['admin'], requires: ['targetTrackingNumber'] },
  escalate: { from: ['submitted', 'disposed', 'in_progress', 'returned'], to: 'unchanged', by: ['admin', 'system'], requires: [], internal: true },
  obstacle: { from: ['disposed', 'in_progress', 'responded', 'on_hold'], to: 'unchanged', by: ['handler'], requires: ['message'], internal: true },
} as const satisfies Record<string, Transition>;

export type Action = keyof typeof LIFECYCLE;
export const ACTIONS = Object.keys(LIFECYCLE) as Action[];
export const isAction = (s: string): s is Action => Object.hasOwn(LIFECYCLE, s);

export const transition = (action: Action): Transition => LIFECYCLE[action];

export const allowedFrom = (action: Action, status: Status) => (LIFECYCLE[action].from as readonly Status[]).includes(status);

/** The status an action leads to from `status` (before the command's own refinements). */
export function nextStatus(action: Action, status: Status, statusBeforeHold: Status | null): Status {
  const t = LIFECYCLE[action] as Transition;
  if (t.to === 'unchanged') return status;
  if (t.to === 'resume') return statusBeforeHold ?? 'submitted';
  return t.to;
}

/** Working days a reporter may reopen a closed complaint. */
export const REOPEN_WINDOW_DAYS = 10;
