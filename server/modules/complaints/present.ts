// What a caller sees of a complaint. Privacy is decided here once: the reporter's identity only
// where seesReporterIdentity allows, contact data never in public or neighbour views.
import type { Actor } from '../access/actor';
import { isOverdue } from '../deadlines';
import { STATUS_LABELS, type Action } from './lifecycle';
import { abilities, seesReporterIdentity, type Access, type ReadLevel } from './permissions';
import { factsOf, type ComplaintRow } from './repository';

export interface AttachmentRow {
  id: string;
  content_type: string;
  size: number;
  kind: string;
}

export function overdueOf(c: Pick<ComplaintRow, 'status' | 'due_at'>, now: Date): boolean {
  return ['submitted', 'disposed', 'in_progress', 'returned'].includes(c.status) && isOverdue(c.due_at, now);
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The short form used in lists: never the reporter. */
export function presentSummary(c: ComplaintRow, now: Date) {
  return {
    trackingNumber: c.tracking_number,
    type: c.type,
    title: c.title,
    status: c.status,
    statusLabel: STATUS_LABELS[c.status].id,
    organisation: c.holder_org_code ? { code: c.holder_org_code, name: c.holder_org_name! } : { code: c.admin_org_code, name: c.admin_org_name },
    category: c.category_code ? { code: c.category_code, name: c.category_name_id! } : null,
    regionCode: c.region_code,
    anonymous: c.anonymous,
    confidential: c.confidential,
    createdAt: iso(c.created_at)!,
    dueAt: iso(c.due_at),
    overdue: overdueOf(c, now),
  };
}

export function presentComplaint(
  c: ComplaintRow,
  ctx: { actor: Actor; access: Access; level: ReadLevel; now: Date; attachments: AttachmentRow[]; accessCode?: string },
) {
  const facts = factsOf(c);
  const staffView = ctx.level === 'staff' || ctx.level === 'reporter';
  const identity = staffView && seesReporterIdentity(ctx.actor, facts, ctx.access);
  const q = ctx.accessCode ? `?accessCode=${encodeURIComponent(ctx.accessCode)}` : '';
  const acts: Action[] = ctx.level === 'none' ? [] : abilities(ctx.actor, facts, ctx.access);
  return {
    ...presentSummary(c, ctx.now),
    body: c.body,
    channel: c.channel,
    occurredAt: iso(c.occurred_at),
    location: {
      regionCode: c.region_code,
      district: c.district_code ? { code: c.district_code, name: c.district_name ?? c.district_code } : null,
      address: c.address,
      lat: c.lat,
      lng: c.lng,
    },
    suggestedOrganisation: staffView ? c.suggested_org_code : null,
    government: { code: c.admin_org_code, name: c.admin_org_name },
    verifiedAt: iso(c.verified_at),
    firstResponseAt: iso(c.first_response_at),
    closedAt: iso(c.closed_at),
    dueKind: c.due_kind,
    escalationLevel: ctx.level === 'staff' ? c.escalation_level : undefined,
    // The score is public; the reporter's words stay with staff, like their replies.
    rating: c.rating === null ? null : { score: c.rating, comment: staffView ? c.rating_comment : null },
    reporter: identity ? { name: c.reporter_name, phone: c.reporter_phone, email: c.reporter_email, registered: c.reporter_user_id !== null } : null,
    attachments: ctx.attachments.map((a) => ({
      id: a.id,
      url: `/api/v1/complaints/${c.tracking_number}/attachments/${a.id}${q}`,
      contentType: a.content_type,
      size: a.size,
      kind: a.kind,
    })),
    view: ctx.level,
    abilities: acts,
  };
}

export type ComplaintView = ReturnType<typeof presentComplaint>;
