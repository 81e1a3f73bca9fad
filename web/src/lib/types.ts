// Shapes of the API responses the web app reads (see docs/api and server/modules/*/present.ts).
export type Status = 'submitted' | 'disposed' | 'in_progress' | 'responded' | 'closed' | 'returned' | 'on_hold' | 'rejected' | 'archived';
export type ComplaintType = 'pengaduan' | 'aspirasi' | 'informasi';
export type Action =
  | 'verify' | 'reject' | 'hold' | 'resume' | 'accept' | 'assign' | 'return' | 'forward'
  | 'respond' | 'reply' | 'rate' | 'close' | 'reopen' | 'archive' | 'escalate' | 'obstacle' | 'submit'
  | 'merge' | 'merged_in' | 'not_spam';

export interface OrgRef {
  code: string;
  name: string;
}

export interface ComplaintSummary {
  trackingNumber: string;
  type: ComplaintType;
  title: string;
  status: Status;
  statusLabel: string;
  organisation: OrgRef;
  category: { code: string; name: string } | null;
  regionCode: string | null;
  anonymous: boolean;
  confidential: boolean;
  createdAt: string;
  dueAt: string | null;
  overdue: boolean;
}

export interface AttachmentView {
  id: string;
  url: string;
  contentType: string;
  size: number;
  kind: 'image' | 'document' | 'video';
}

export interface ComplaintView extends ComplaintSummary {
  body: string;
  channel: string;
  occurredAt: string | null;
  location: { regionCode: string | null; address: string | null; lat: number | null; lng: number | null };
  government: OrgRef;
  verifiedAt: string | null;
  firstResponseAt: string | null;
  closedAt: string | null;
  dueKind: string | null;
  rating: { score: number; comment: string | null } | null;
  reporter: { name: string | null; phone: string | null; email: string | null; registered: boolean } | null;
  attachments: AttachmentView[];
  view: 'public' | 'neighbour' | 'reporter' | 'staff' | 'none';
  abilities: Action[];
}

export interface TimelineItem {
  at: string;
  action: Action;
  fromStatus: Status | null;
  toStatus: Status;
  actor: { role: string; organisation: OrgRef | null; name?: string | null };
  organisation: string | null;
  message: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Organisation {
  code: string;
  name: string;
  type: string;
  parentCode: string | null;
  regionCode: string | null;
  timeZone: string;
  isAdminUnit: boolean;
  active: boolean;
}

export interface Category {
  code: string;
  parentCode: string | null;
  nameId: string;
  nameEn: string;
  resolutionClass: string;
  defaultDestination?: string;
}

export interface User {
  username: string;
  displayName: string;
  roles: { role: string; organisation: string | null }[];
}

export interface ClientConfig {
  mapTileUrl: string | null;
  mapAttribution: string | null;
  uploadMaxBytes: number;
  uploadMaxFiles: number;
  smsShortCode: string;
}

export interface SubmitReceipt {
  trackingNumber: string;
  accessCode: string;
  status: Status;
  dueAt: string;
  createdAt: string;
  government?: OrgRef;
  attachments?: number;
}

/** The body of POST /api/v1/complaints (the `data` part of the multipart form). */
export interface NewComplaint {
  type: ComplaintType;
  title: string;
  body: string;
  categoryCode?: string;
  organisationCode?: string;
  occurredAt?: string;
  location?: { regionCode?: string; districtCode?: string; address?: string; lat?: number; lng?: number };
  anonymous: boolean;
  confidential: boolean;
  reporter?: { name: string; phone?: string; email?: string };
  channel: 'web';
}
