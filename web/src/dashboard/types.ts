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

/** Not in the API yet: complaints per district (kecamatan). Shown when the server sends it. */
export interface DistrictFigures {
  code?: string;
  name: string;
  received: number;
  overdue?: number;
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
