// The real Kannel rig for the sms tier: bearerbox and smsbox (Debian's `kannel`) with the fake
// SMSC, fakesmsc (`kannel-extras`) playing the phone network, in front of a real Aduan server
// process. The same setup as test/sms/kannel.test.ts, as a helper for other sms-tier files.
// Messages travel fakesmsc → bearerbox → smsbox → GET /sms/kannel/inbound → Aduan; Aduan's worker
// → smsbox sendsms → bearerbox → fakesmsc, which prints "Got message N: <from to type text>".
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rawQueryParams, decodeText } from '../../server/modules/sms/routes';
import { freePort, ROOT } from './process';

export const BEARERBOX = '/usr/sbin/bearerbox';
export const SMSBOX = '/usr/sbin/smsbox';
export const FAKESMSC = '/usr/lib/kannel/test/fakesmsc';
export const SHORT_CODE = '1708';
const SECRET = 'kunci-kannel-uji';
const ADMIN_PASSWORD = 'admin-kannel-uji';

export interface Received {
  from: string;
  to: string;
  text: string;
  /** Concatenation header octets, for the parts of a long SMS. */
  udh: number[] | null;
}

export interface KannelRig {
  base: string;
  secret: string;
  /** The temporary directory holding every process's output (`aduan.out`, `bearerbox.out`, …). */
  dir: string;
  /** A phone: sends `message` (a fakesmsc line, or null to only listen) and collects what arrives until `done`. */
  phone(message: string | null, done: (got: Received[]) => boolean, ms?: number): Promise<Received[]>;
  http(url: string): Promise<{ status: number; text: string }>;
  /** A JSON call to the Aduan server. */
  api(method: string, p: string, o?: { token?: string; body?: unknown }): Promise<{ status: number; json: any }>;
  login(username: string): Promise<string>;
  logs(): string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exited = (child: ChildProcess, ms: number) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(true)
    : Promise.race([new Promise<boolean>((r) => child.once('exit', () => r(true))), sleep(ms).then(() => false)]);

function stopGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.pid && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, signal);
    } catch {}
  }
}

const octets = (encoded: string) => rawQueryParams(`?x=${encoded}`).get('x')!;

/** One line of fakesmsc output: "Got message N: <from to text …>", "<from to data %xx…>" or "<from to udh %xx… data %xx…>". */
export function parseGot(line: string): Received | undefined {
  const m = /Got message \d+: <(\S+) (\S+) (.*)>\s*$/.exec(line);
  if (!m) return undefined;
  const [, from, to, rest] = m as unknown as [string, string, string, string];
  const udh = /^udh (\S+) data (.*)$/.exec(rest);
  if (udh) {
    const header = [...octets(udh[1]!)];
    const data = octets(udh[2]!);
    return { from, to, udh: header, text: data.length % 2 === 0 && data.includes(0) ? decodeText(data, 'UTF-16BE') : data.toString('utf8') };
  }
  if (rest.startsWith('data ')) {
    const data = octets(rest.slice(5));
    return { from, to, udh: null, text: data.includes(0) ? decodeText(data, 'UTF-16BE') : data.toString('utf8') };
  }
  return { from, to, udh: null, text: rest.replace(/^text /, '') };
}

/** Starts Aduan (PGlite, demo seed, in-process worker), bearerbox and smsbox, and waits until an SMS makes the round trip. */
export async function startKannelRig(opts: { demoPassword: string; env?: Record<string, string> }): Promise<KannelRig> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-kannel-'));
  const children: ChildProcess[] = [];
  const ports = { admin: await freePort(), smsbox: await freePort(), sendsms: await freePort(), fake: await freePort(), aduan: await freePort() };
  const base = `http://127.0.0.1:${ports.aduan}`;

  const start = (name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess => {
    const out = fs.openSync(path.join(dir, `${name}.out`), 'a');
    const child = spawn(cmd, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    children.push(child);
    return child;
  };
  const logs = () =>
    ['aduan', 'bearerbox', 'smsbox']
      .map((n) => {
        const f = path.join(dir, `${n}.out`);
        return fs.existsSync(f) ? `--- ${n} (last lines)\n${fs.readFileSync(f, 'utf8').split('\n').slice(-15).join('\n')}` : '';
      })
      .join('\n');
  async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, ms: number, every = 200): Promise<T> {
    const until = Date.now() + ms;
    let last: unknown;
    while (Date.now() < until) {
      try {
        const v = await fn();
        if (v) return v;
      } catch (err) {
        last = err;
      }
      await sleep(every);
    }
    throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}\n${logs()}`);
  }
  const http = async (url: string) => {
    const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return { status: r.status, text: await r.text() };
  };
  const api: KannelRig['api'] = async (method, p, o = {}) => {
    const r = await fetch(`${base}${p}`, {
      method,
      headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await r.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: r.status, json };
  };
  const login = async (username: string) => (await api('POST', '/api/v1/auth/login', { body: { username, password: opts.demoPassword } })).json.token as string;

  const inbound = `http://127.0.0.1:${ports.aduan}/sms/kannel/inbound?from=%p&to=%P&text=%a&id=%I&ts=%t&key=${SECRET}`;
  const conf = `
group = core
admin-port = ${ports.admin}
admin-interface = 127.0.0.1
admin-password = ${ADMIN_PASSWORD}
status-password = ${ADMIN_PASSWORD}
admin-allow-ip = "127.0.0.1"
smsbox-port = ${ports.smsbox}
smsbox-interface = 127.0.0.1
box-allow-ip = "127.0.0.1"
box-deny-ip = "*.*.*.*"
log-file = "${dir}/bearerbox.log"
log-level = 1
access-log = "${dir}/access.log"

group = smsc
smsc = fake
smsc-id = fake
port = ${ports.fake}
our-host = 127.0.0.1
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${ports.smsbox}
sendsms-port = ${ports.sendsms}
sendsms-interface = 127.0.0.1
log-file = "${dir}/smsbox.log"
log-level = 1
mo-recode = true
http-request-retry = 3
http-queue-delay = 1

group = sendsms-user
username = aduan
password = sendsms-uji
max-messages = 1
concatenation = false

group = sms-service
keyword = default
catch-all = true
max-messages = 0
get-url = "${inbound}"
`;

  const stop = async () => {
    const [bb, sb] = [children.find((c) => c.spawnargs[0] === BEARERBOX), children.find((c) => c.spawnargs[0] === SMSBOX)];
    await http(`http://127.0.0.1:${ports.admin}/shutdown?password=${ADMIN_PASSWORD}`).catch(() => undefined);
    for (const c of [bb, sb]) if (c && !(await exited(c, 15_000))) stopGroup(c, 'SIGKILL');
    for (const c of children) {
      stopGroup(c, 'SIGTERM');
      if (!(await exited(c, 10_000))) stopGroup(c, 'SIGKILL');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const aduan = start('aduan', path.join(ROOT, 'node_modules/.bin/tsx'), ['server/main.ts'], {
      ...process.env,
      DATABASE_URL: '',
      DATA_DIR: path.join(dir, 'data'),
      HOST: '127.0.0.1',
      PORT: String(ports.aduan),
      DEMO_PASSWORD: opts.demoPassword,
      SMS_INBOUND_SECRET: SECRET,
      KANNEL_SENDSMS_URL: `http://127.0.0.1:${ports.sendsms}/cgi-bin/sendsms`,
      KANNEL_USERNAME: 'aduan',
      KANNEL_PASSWORD: 'sendsms-uji',
      SMS_SHORT_CODE: SHORT_CODE,
      WORKER_IN_PROCESS: 'true',
      WORKER_INTERVAL_MS: '100',
      LOG_LEVEL: 'info',
      ...opts.env,
    });
    fs.writeFileSync(path.join(dir, 'kannel.conf'), conf);
    start('bearerbox', BEARERBOX, [path.join(dir, 'kannel.conf')]);
    await waitFor('bearerbox admin interface', async () => (await http(`http://127.0.0.1:${ports.admin}/status.txt?password=${ADMIN_PASSWORD}`)).status === 200, 30_000);
    start('smsbox', SMSBOX, [path.join(dir, 'kannel.conf')]);
    await waitFor('smsbox sendsms interface', async () => (await http(`http://127.0.0.1:${ports.sendsms}/cgi-bin/sendsms`)).status > 0, 60_000);
    await waitFor('smsbox connected to bearerbox', async () => /smsbox:/.test((await http(`http://127.0.0.1:${ports.admin}/status.txt?password=${ADMIN_PASSWORD}`)).text), 30_000);
    await waitFor('Aduan /healthz', async () => aduan.exitCode === null && (await http(`${base}/healthz`)).status === 200, 180_000, 500);
    // Ready once a message goes in and its reply is out through sendsms: the server may still be
    // seeding the demo complaints (the worker starts after them).
    const warmUp = `${base}/sms/kannel/inbound?from=6281234569999&to=${SHORT_CODE}&text=halo&id=warm-up-1&key=${SECRET}`;
    await waitFor('the inbound URL', async () => (await http(warmUp)).status === 200, 60_000, 500);
    const admin = await login('admin.nasional');
    await waitFor(
      'the worker to send the first reply',
      async () => (await api('GET', '/api/v1/sms/outbox?limit=100', { token: admin })).json.items?.some((i: any) => i.to === '+6281234569999' && i.status === 'sent'),
      180_000,
      500,
    );
  } catch (err) {
    await stop();
    throw err;
  }

  const phone: KannelRig['phone'] = async (message, done, ms = 60_000) => {
    const args = ['-H', '127.0.0.1', '-r', String(ports.fake), '-i', '0.2', '-m', message ? '1' : '0', message ?? `6280000000000 ${SHORT_CODE} text -`];
    const child = spawn(FAKESMSC, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const got: Received[] = [];
    let buf = '';
    const onData = (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const r = parseGot(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (r) got.push(r);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    try {
      await waitFor(`fakesmsc to receive (${message ?? 'listening'})`, async () => done(got), ms, 100);
      return got;
    } finally {
      child.kill('SIGTERM');
      if (!(await exited(child, 5000))) child.kill('SIGKILL');
    }
  };

  return { base, secret: SECRET, dir, phone, http, api, login, logs, stop };
}
