// One validated configuration object. Every key is read here and nowhere else, so a bad value stops
// the process at start with a message naming the key instead of failing later in a request.
import path from 'node:path';

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function str(env: Env, key: string, fallback: string): string {
  const v = env[key];
  return v === undefined || v === '' ? fallback : v;
}

function int(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${key} must be a whole number, got "${raw}"`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new ConfigError(`${key} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${key} must be true or false (1/0), got "${raw}"`);
}

function oneOf<T extends string>(env: Env, key: string, allowed: readonly T[], fallback: T): T {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(`${key} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function url(env: Env, key: string, protocols: string[]): string | undefined {
  const raw = env[key];
  if (raw === undefined || raw === '') return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(`${key} is not a valid URL`);
  }
  if (!protocols.includes(u.protocol)) throw new ConfigError(`${key} must start with ${protocols.join(' or ')}`);
  return raw;
}

const ROLE_NAMES = ['national_admin', 'org_admin', 'liaison', 'leader', 'oversight', 'reporter'] as const;

function roles(env: Env, key: string): string[] {
  const list = str(env, key, '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const r of list) if (!(ROLE_NAMES as readonly string[]).includes(r)) throw new ConfigError(`${key}: unknown role "${r}" (one of ${ROLE_NAMES.join(', ')})`);
  return list;
}

function secretKey(env: Env, key: string): string | undefined {
  const raw = str(env, key, '').trim();
  if (!raw) return undefined;
  const bytes = /^[0-9a-fA-F]{64}$/.test(raw) ? 32 : /^[A-Za-z0-9+/]{43}=?$/.test(raw) ? Buffer.from(raw, 'base64').length : 0;
  if (bytes !== 32) throw new ConfigError(`${key} must be 32 bytes: 64 hex digits or 44 base64 characters (e.g. openssl rand -hex 32)`);
  return raw;
}

/** TRUST_PROXY: IPv4/IPv6 addresses or CIDRs, or loopback/linklocal/uniquelocal; never "everyone". */
function proxies(env: Env, key: string): string[] | undefined {
  const list = str(env, key, '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of list) {
    if (['loopback', 'linklocal', 'uniquelocal'].includes(p)) continue;
    if (!/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(p)) throw new ConfigError(`${key}: "${p}" is not an address, a CIDR or loopback/linklocal/uniquelocal`);
  }
  return list.length ? list : undefined;
}

export function loadConfig(env: Env = process.env) {
  const dataDir = path.resolve(str(env, 'DATA_DIR', './data'));
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const host = str(env, 'HOST', '127.0.0.1');
  const publicUrl = url(env, 'PUBLIC_URL', ['http:', 'https:']);
  const cfg = {
    port: int(env, 'PORT', 3000, 0, 65535),
    host,
    dataDir,
    databaseUrl,
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    demoPassword: str(env, 'DEMO_PASSWORD', 'demo-lapor-2026'),
    seedDemo: bool(env, 'SEED_DEMO', !databaseUrl),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    publicUrl,
    /** Session lifetime in hours for tokens and cookies. */
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 90),
    /** Failed logins per username+address inside the window before the account is locked for it. */
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginLockMinutes: int(env, 'LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    uploadMaxBytes: int(env, 'UPLOAD_MAX_BYTES', 10 * 1024 * 1024, 1024, 200 * 1024 * 1024),
    uploadMaxFiles: int(env, 'UPLOAD_MAX_FILES', 5, 0, 20),
    attachmentsDir: path.resolve(str(env, 'ATTACHMENTS_DIR', path.join(dataDir, 'attachments'))),
    /** Run the background worker inside the web process (default) or only via `npm run worker`. */
    inProcessWorker: bool(env, 'WORKER_IN_PROCESS', true),
    workerIntervalMs: int(env, 'WORKER_INTERVAL_MS', 2000, 50, 3_600_000),
    /** Cookie `Secure` flag; on by default when PUBLIC_URL is https. */
    cookieSecure: bool(env, 'COOKIE_SECURE', publicUrl?.startsWith('https:') ?? false),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),

    // SMS through Kannel (api.md). Without KANNEL_SENDSMS_URL outgoing SMS stay in the outbox for admins.
    smsInboundSecret: str(env, 'SMS_INBOUND_SECRET', ''),
    /** Comma-separated addresses allowed to call the inbound SMS URL. */
    smsGatewayAllowlist: str(env, 'SMS_GATEWAY_ALLOWLIST', '127.0.0.1,::1,::ffff:127.0.0.1').split(',').map((s) => s.trim()).filter(Boolean),
    kannelSendsmsUrl: url(env, 'KANNEL_SENDSMS_URL', ['http:', 'https:']),
    kannelUsername: str(env, 'KANNEL_USERNAME', ''),
    kannelPassword: str(env, 'KANNEL_PASSWORD', ''),
    smsShortCode: str(env, 'SMS_SHORT_CODE', '1708'),

    // Email through SMTP (smtp://user:pass@host:port or smtps://…). Without it emails stay in the outbox.
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: str(env, 'MAIL_FROM', 'Aduan <no-reply@aduan.local>'),

    // The map in the complaint form: a Leaflet tile URL template ({z}/{x}/{y}); without it the form
    // offers coordinate fields only (government networks often block outside tile servers).
    mapTileUrl: str(env, 'MAP_TILE_URL', '') || undefined,
    mapAttribution: str(env, 'MAP_TILE_ATTRIBUTION', '') || undefined,

    // Integration API keys and webhooks.
    apiKeyRatePerMinute: int(env, 'API_KEY_RATE_PER_MINUTE', 120, 1, 100_000),
    webhookTimeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),

    // Citizen accounts (docs/citizens.md): one-time codes sent from one address per hour.
    citizenCodesPerAddressHour: int(env, 'CITIZEN_CODES_PER_ADDRESS_HOUR', 20, 1, 100_000),

    // Web security (docs/security.md). Complaint submissions: token buckets per hour with a burst;
    // 0 switches a limit off. The per-address limit is generous (a NAT hides many citizens), the
    // per-account one (a signed-in account, a guest's phone or email, an SMS sender) tight.
    submitRatePerAddressPerHour: int(env, 'SUBMIT_RATE_PER_ADDRESS_PER_HOUR', 300, 0, 1_000_000),
    submitBurstPerAddress: int(env, 'SUBMIT_BURST_PER_ADDRESS', 60, 1, 1_000_000),
    submitRatePerAccountPerHour: int(env, 'SUBMIT_RATE_PER_ACCOUNT_PER_HOUR', 10, 0, 1_000_000),
    submitBurstPerAccount: int(env, 'SUBMIT_BURST_PER_ACCOUNT', 5, 1, 1_000_000),
    /** Roles that must sign in with a TOTP code (comma-separated); empty: TOTP stays optional. */
    totpRequiredRoles: roles(env, 'TOTP_REQUIRED_ROLES'),
    /** 32 bytes (64 hex digits or base64) that encrypt TOTP secrets at rest; empty: stored unencrypted. */
    totpSecretKey: secretKey(env, 'TOTP_SECRET_KEY'),
    /** Reverse proxies whose X-Forwarded-For/-Proto are believed (addresses or CIDRs); empty: none. */
    trustProxy: proxies(env, 'TRUST_PROXY'),
    /** Strict-Transport-Security max-age for requests that came over HTTPS; 0: no header. */
    hstsMaxAge: int(env, 'HSTS_MAX_AGE', 31_536_000, 0, 2 * 31_536_000),
  };
  return cfg;
}

export type Config = ReturnType<typeof loadConfig>;
