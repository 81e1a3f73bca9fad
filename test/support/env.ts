export const TEST_PASSWORD = 'test-password-2026';

export function adminUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export const templateName = () => `aduan_tpl_${process.pid}`;
