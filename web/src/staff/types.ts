// API shapes the staff workspace and admin console read (kept here, with the chunk that uses them).
import type { ComplaintSummary, ComplaintView, Status } from '../lib/types';

export type StaffRole = 'national_admin' | 'org_admin' | 'liaison' | 'leader' | 'oversight';
export const STAFF_ROLES: StaffRole[] = ['org_admin', 'liaison', 'leader', 'national_admin', 'oversight'];
/** Statuses in which the complaint is still open (the inbox's default view). */
export const OPEN_STATUSES: Status[] = ['submitted', 'disposed', 'in_progress', 'returned', 'on_hold', 'responded'];
export const ALL_STATUSES: Status[] = ['submitted', 'disposed', 'in_progress', 'responded', 'closed', 'returned', 'on_hold', 'rejected', 'archived'];

export interface AdminUser {
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  active: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  roles: { role: string; organisation: { code: string; name: string } | null }[];
  otherRoles: number;
}

export interface UserList {
  organisation: { code: string; name: string };
  items: AdminUser[];
  truncated: boolean;
}

export interface Holiday {
  id: number;
  date: string;
  name: string;
  kind: 'national' | 'cuti_bersama' | 'regional';
  organisation: string | null;
}

export interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  organisation: { code: string; name: string };
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  active: boolean;
}

export const API_KEY_SCOPES = ['submit', 'read', 'act'] as const;

/** The staff view of a complaint: the shared shape plus fields only staff see. */
export interface StaffComplaintView extends ComplaintView {
  suggestedOrganisation: string | null;
  escalationLevel?: number;
}

/** GET /api/v1/complaints/{tn}/suggestions (docs/triage.md), for the complaint's admins. */
export interface Suggestions {
  trackingNumber: string;
  organisations: { code: string; name: string; confidence: number; sources: string[] }[];
  categories: { code: string; name: string; confidence: number }[];
  defaultDestination: { categoryCode: string; code: string; name: string | null } | null;
  model: { trainedAt: string; examples: number };
  scores: { spam: number; spamReasons: string[]; inSpamQueue: boolean; quality: number | null } | null;
}

/** One of GET /api/v1/complaints/{tn}/duplicates: a complaint summary with its likeness. */
export type Duplicate = ComplaintSummary & { score: number };

/** What a routing suggestion fills in the verify (or forward) form. */
export interface RoutingPreset {
  organisationCode?: string;
  organisationName?: string;
  categoryCode?: string;
}
