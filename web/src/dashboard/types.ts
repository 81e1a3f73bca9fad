// The statistics API (GET /api/v1/stats/summary and /api/v1/stats/public, server/modules/dashboards).
// Fields the UI does not strictly need are optional so that it keeps working while that API grows.
export interface Rate {
  value: number | null;
  numerator: number;
  denominator: number;
  lowSample: boolean;
}

export interface Duration {
  median: number | null;
  p90: number | null;
  count: number;
  lowSample: boolean;
}

export interface Figures {
  received: number;
  byStatus?: Record<string, number>;
  routed?: number;
  followedUp?: number;
  finished?: number;
  inProcess?: number;
  overdue: number;
  overdueAtPeriodEnd?: number;
  followedUpRate: Rate;
  completionRate: Rate;
  inProcessRate?: Rate;
  reopenRate?: Rate;
  medianFirstResponseWorkingDays: number | null;
  workingDays?: { toVerification?: Duration; toFirstFollowUp?: Duration; toClosing?: Duration };
  satisfaction?: { mean: number | null; count: number; lowSample: boolean; distribution?: Record<string, number> };
  adminActivity?: { active: number; total: number; rate: Rate };
}

export interface UnitFigures extends Figures {
  organisation: { code: string; name: string; type: string; isAdminUnit?: boolean };
  self?: boolean;
}

export interface SeriesEntry {
  start: string;
  from: string;
  to: string;
  received: number;
  routed?: number;
  followedUp?: number;
  finished?: number;
  overdue?: number;
}

/** Complaints per district (kecamatan), for a regency/city or below; code null: no district recorded. */
export interface DistrictFigures {
  code?: string | null;
  name: string;
  received: number;
  overdue?: number;
  /** Mean position of the district's complaints that have coordinates. */
  lat?: number;
  lng?: number;
  located?: number;
}

export interface Stats extends Figures {
  organisation: { code: string; name: string; type: string };
  period: { from: string; to: string; timeZone: string; interval: 'week' | 'month' };
  counted: 'all' | 'non_confidential' | 'public';
  generatedAt: string;
  units: UnitFigures[];
  series: SeriesEntry[];
  districts?: DistrictFigures[];
}

export interface StatsQuery {
  org?: string;
  from?: string;
  to?: string;
  interval?: 'week' | 'month';
}
