export const TEST_PASSWORD = 'test-password-2026';

/** Complaint submission limits off (0): load and crash tests file many complaints from 127.0.0.1. */
export const SUBMIT_LIMITS_OFF = { SUBMIT_RATE_PER_ADDRESS_PER_HOUR: '0', SUBMIT_RATE_PER_ACCOUNT_PER_HOUR: '0' } as const;

export function adminUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export const templateName = () => `aduan_tpl_${process.pid}`;
/**
 * Every database a run creates starts with this (per run: the runner's pid). Test files create
 * theirs in hooks, where an afterAll cannot always be registered, so the run's teardown drops
 * whatever still carries the prefix.
 */
export const runDatabasePrefix = () => `aduan_r${process.pid}_`;
