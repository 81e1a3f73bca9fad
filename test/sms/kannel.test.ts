// The real Kannel tier: bearerbox and smsbox (Debian's `kannel`) with the fake SMSC, and fakesmsc
// (`kannel-extras`) playing the phone network, in front of a real Aduan server process. Messages
// travel fakesmsc → bearerbox → smsbox → GET /sms/kannel/inbound → Aduan; replies go Aduan's worker
// → smsbox sendsms → bearerbox → fakesmsc, which prints "Got message N: <from to type text>".
// Everything listens on free ports on 127.0.0.1 and lives in a temporary directory.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawQueryParams, decodeText } from '../../server/modules/sms/routes';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BEARERBOX = '/usr/sbin/bearerbox';
const SMSBOX = '/usr/sbin/smsbox';
const FAKESMSC = '/usr/lib/kannel/test/fakesmsc';
const SECRET = 'kunci-kannel-uji';
const ADMIN_PASSWORD = 'admin-kannel-uji';
const DEMO_PASSWORD = 'demo-sms-2026';
const SHORT_CODE = '1708';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-kannel-'));
const children: ChildProcess[] = [];
let ports: { admin: number; smsbox: number; sendsms: number; fake: number; aduan: number };
let base: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** Starts a process in its own group with its output in a log file of the temp dir. */
function start(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const out = fs.openSync(path.join(dir, `${name}.out`), 'a');
  const child = spawn(cmd, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  children.push(child);
  return child;
}

function stopGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.pid && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, signal);
    } catch {}
  }
}

const exited = (child: ChildProcess, ms: number) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(true)
    : Promise.race([new Promise<boolean>((r) => child.once('exit', () => r(true))), sleep(ms).then(() => false)]);

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

function logs(): string {
  return ['aduan', 'bearerbox', 'smsbox']
    .map((n) => {
      const f = path.join(dir, `${n}.out`);
      return fs.existsSync(f) ? `--- ${n} (last lines)\n${fs.readFileSync(f, 'utf8').split('\n').slice(-15).join('\n')}` : '';
    })
    .join('\n');
}

async function http(url: string): Promise<{ status: number; text: string }> {
  const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: r.status, text: await r.text() };
}

function kannelConf(): string {
  const inbound = `http://127.0.0.1:${ports.aduan}/sms/kannel/inbound?from=%p&to=%P&text=%a&id=%I&ts=%t&key=${SECRET}`;
  return `
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
}

beforeAll(async () => {
  ports = { admin: await freePort(), smsbox: await freePort(), sendsms: await freePort(), fake: await freePort(), aduan: await freePort() };
  base = `http://127.0.0.1:${ports.aduan}`;

  const aduan = start('aduan', path.join(ROOT, 'node_modules/.bin/tsx'), ['server/main.ts'], {
    ...process.env,
    DATABASE_URL: '',
    DATA_DIR: path.join(dir, 'data'),
    HOST: '127.0.0.1',
    PORT: String(ports.aduan),
    DEMO_PASSWORD,
    SMS_INBOUND_SECRET: SECRET,
    KANNEL_SENDSMS_URL: `http://127.0.0.1:${ports.sendsms}/cgi-bin/sendsms`,
    KANNEL_USERNAME: 'aduan',
    KANNEL_PASSWORD: 'sendsms-uji',
    SMS_SHORT_CODE: SHORT_CODE,
    WORKER_IN_PROCESS: 'true',
    WORKER_INTERVAL_MS: '100',
    LOG_LEVEL: 'info',
  });

  fs.writeFileSync(path.join(dir, 'kannel.conf'), kannelConf());
  start('bearerbox', BEARERBOX, [path.join(dir, 'kannel.conf')]);
  await waitFor('bearerbox admin interface', async () => (await http(`http://127.0.0.1:${ports.admin}/status.txt?password=${ADMIN_PASSWORD}`)).status === 200, 30_000);
  start('smsbox', SMSBOX, [path.join(dir, 'kannel.conf')]);
  // sendsms answers (403 without credentials) once smsbox is up.
  await waitFor('smsbox sendsms interface', async () => (await http(`http://127.0.0.1:${ports.sendsms}/cgi-bin/sendsms`)).status > 0, 30_000);
  await waitFor('smsbox connected to bearerbox', async () => /smsbox:/.test((await http(`http://127.0.0.1:${ports.admin}/status.txt?password=${ADMIN_PASSWORD}`)).text), 30_000);
  await waitFor('Aduan /healthz', async () => aduan.exitCode === null && (await http(`${base}/healthz`)).status === 200, 180_000, 500);
  // Ready for SMS once a message goes in and its reply is out through sendsms: the server may still
  // be seeding the demo complaints (the worker starts after them).
  const warmUp = `${base}/sms/kannel/inbound?from=6281234569999&to=${SHORT_CODE}&text=halo&id=warm-up-1&key=${SECRET}`;
  await waitFor('the inbound URL', async () => (await http(warmUp)).status === 200, 60_000, 500);
  const admin = await login('admin.nasional');
  await waitFor(
    'the worker to send the first reply',
    async () => (await api('/api/v1/sms/outbox?limit=100', admin)).json.items?.some((i: any) => i.to === '+6281234569999' && i.status === 'sent'),
    180_000,
    500,
  );
}, 300_000);

afterAll(async () => {
  // Both boxes go down through the admin interface; smsbox follows its bearerbox.
  const [bb, sb] = [children.find((c) => c.spawnargs[0] === BEARERBOX), children.find((c) => c.spawnargs[0] === SMSBOX)];
  await http(`http://127.0.0.1:${ports.admin}/shutdown?password=${ADMIN_PASSWORD}`).catch(() => undefined);
  for (const c of [bb, sb]) if (c && !(await exited(c, 15_000))) stopGroup(c, 'SIGKILL');
  for (const c of children) {
    stopGroup(c, 'SIGTERM');
    if (!(await exited(c, 10_000))) stopGroup(c, 'SIGKILL');
  }
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

// ---------------------------------------------------------------------------------------------
// The phone network

interface Received {
  from: string;
  to: string;
  text: string;
  /** Concatenation header octets, for the parts of a long SMS. */
  udh: number[] | null;
}

const octets = (encoded: string) => rawQueryParams(`?x=${encoded}`).get('x')!;

/** One line of fakesmsc output: "Got message N: <from to text …>", "<from to data %xx…>" or "<from to udh %xx… data %xx…>". */
function parseGot(line: string): Received | undefined {
  const m = /Got message \d+: <(\S+) (\S+) (.*)>\s*$/.exec(line);
  if (!m) return undefined;
  const [, from, to, rest] = m as unknown as [string, string, string, string];
  const udh = /^udh (\S+) data (.*)$/.exec(rest);
  if (udh) {
    const header = [...octets(udh[1]!)];
    const data = octets(udh[2]!);
    // The parts of our UCS-2 messages carry UTF-16BE, GSM-7 ones UTF-8 (Kannel's internal text).
    return { from, to, udh: header, text: data.length % 2 === 0 && data.includes(0) ? decodeText(data, 'UTF-16BE') : data.toString('utf8') };
  }
  if (rest.startsWith('data ')) {
    const data = octets(rest.slice(5));
    return { from, to, udh: null, text: data.includes(0) ? decodeText(data, 'UTF-16BE') : data.toString('utf8') };
  }
  return { from, to, udh: null, text: rest.replace(/^text /, '') };
}

/**
 * A phone: fakesmsc connected to the fake SMSC, sending `message` (a fakesmsc message line, or none
 * to only listen) and collecting what arrives until `done` says enough. The fake SMSC serves one
 * client at a time, so phones take turns.
 */
async function phone(message: string | null, done: (got: Received[]) => boolean, ms = 60_000): Promise<Received[]> {
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
}

const to = (number: string) => (r: Received) => r.to === number;

async function login(username: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  return ((await r.json()) as { token: string }).token;
}
async function api(p: string, token?: string) {
  const r = await fetch(`${base}${p}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: r.status, json: (await r.json()) as any };
}

describe('SMS through Kannel', () => {
  let trk: string;
  let accessCode: string;

  it('LAPOR from a phone files a complaint and the confirmation with the tracking number arrives back', async () => {
    const got = await phone(`6281234560001 ${SHORT_CODE} text BULELENG LAPOR Jalan berlubang di depan Pasar Anyar Singaraja`, (g) => g.some(to('+6281234560001')));
    const reply = got.find(to('+6281234560001'))!;
    expect(reply.from).toBe(SHORT_CODE);
    const m = /^Laporan anonim diterima\. Nomor: ([A-Z0-9]{8})\. Kode akses: ([A-Z0-9]{10}) \(rahasia\)\. Cek status: kirim CEK \1 ke 1708\. Wilayah: Kabupaten Buleleng\.$/.exec(reply.text);
    expect(m, reply.text).not.toBeNull();
    [, trk, accessCode] = m as unknown as [string, string, string];

    const mine = await api(`/api/v1/complaints/${trk}?accessCode=${accessCode}`);
    expect(mine.status).toBe(200);
    expect(mine.json).toMatchObject({ view: 'reporter', channel: 'sms', anonymous: true, status: 'submitted', government: { code: '51.08' } });
    expect(mine.json.body).toBe('Jalan berlubang di depan Pasar Anyar Singaraja');
    expect(mine.json.reporter.phone).toBe('+6281234560001');
  });

  it('CEK from the same phone answers the status; from another phone the not-found text', async () => {
    const got = await phone(`6281234560001 ${SHORT_CODE} text cek ${trk.toLowerCase()}`, (g) => g.some(to('+6281234560001')));
    expect(got.find(to('+6281234560001'))!.text).toMatch(new RegExp(`^Laporan ${trk}: Belum Terverifikasi\\. Unit: Kabupaten Buleleng\\. Batas verifikasi: \\d{1,2} [A-Z][a-z]{2} \\d{4}\\.$`));
    const other = await phone(`6281234560009 ${SHORT_CODE} text CEK ${trk}`, (g) => g.some(to('+6281234560009')));
    expect(other.find(to('+6281234560009'))!.text).toBe(`Laporan ${trk} tidak ditemukan untuk nomor HP ini. Periksa nomor laporan Anda.`);
  });

  it('BALAS from the reporter\'s phone reaches the complaint\'s timeline', async () => {
    const got = await phone(`6281234560001 ${SHORT_CODE} text BALAS ${trk} Lubangnya makin besar setelah hujan`, (g) => g.some(to('+6281234560001')));
    expect(got.find(to('+6281234560001'))!.text).toBe(`Balasan Anda untuk laporan ${trk} sudah diterima dan diteruskan ke petugas.`);
    const tl = await api(`/api/v1/complaints/${trk}/timeline?accessCode=${accessCode}`);
    expect(tl.json.items.map((e: any) => [e.action, e.message])).toContainEqual(['reply', 'Lubangnya makin besar setelah hujan']);
  });

  it('a message delivered twice with the same Kannel id files once and is answered once', async () => {
    const id = '5f0c9f0e-7d1e-4d59-9a39-2f7b7e0a0d01';
    const url = `${base}/sms/kannel/inbound?from=6281234560002&to=${SHORT_CODE}&text=LAPOR+Pohon+tumbang+di+Jl.+Veteran&id=${id}&ts=2026-07-06+02%3A00%3A00&key=${SECRET}`;
    const first = await http(url);
    const second = await http(url);
    expect([first.status, first.text, second.status, second.text]).toEqual([200, '', 200, '']);
    const got = await phone(null, (g) => g.some(to('+6281234560002')));
    // Anything more for this phone would have come with the first (one worker pass sends all).
    await sleep(1500);
    expect(got.filter(to('+6281234560002'))).toHaveLength(1);
    const admin = await login('admin.nasional');
    const outbox = await api('/api/v1/sms/outbox?limit=100', admin);
    expect(outbox.json.items.filter((i: any) => i.to === '+6281234560002')).toHaveLength(1);
    expect(outbox.json.items.find((i: any) => i.to === '+6281234560002')).toMatchObject({ status: 'sent', kind: 'confirmation' });
  });

  it('a UCS-2 message (emoji) is filed intact, and a UCS-2 reply comes back as a concatenated SMS', async () => {
    // fakesmsc "ucs2": URL-encoded UTF-16BE; smsbox recodes it to UTF-8 (mo-recode).
    const text = 'LAPOR Jalan rusak 🚧 di Banjar';
    const utf16 = Buffer.from(text, 'utf16le').swap16();
    const encoded = [...utf16].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    const got = await phone(`6281234560003 ${SHORT_CODE} ucs2 ${encoded}`, (g) => g.some(to('+6281234560003')));
    const m = /Nomor: ([A-Z0-9]{8})\. Kode akses: ([A-Z0-9]{10})/.exec(got.find(to('+6281234560003'))!.text)!;
    const c = await api(`/api/v1/complaints/${m[1]}?accessCode=${m[2]}`);
    expect(c.json.body).toBe('Jalan rusak 🚧 di Banjar');

    const parts = await phone(`6281234560004 ${SHORT_CODE} text ŠIBENIK LAPOR Jalan rusak`, (g) => g.filter(to('+6281234560004')).length >= 2);
    const mine = parts.filter(to('+6281234560004'));
    expect(mine.map((p) => p.udh!.slice(0, 3))).toEqual([
      [5, 0, 3],
      [5, 0, 3],
    ]);
    expect(mine.map((p) => p.udh!.slice(4))).toEqual([
      [2, 1],
      [2, 2],
    ]);
    expect(mine.map((p) => p.text).join('')).toBe('Wilayah "ŠIBENIK" tidak dikenal. Kirim mis. BULELENG LAPOR <isi>, atau tanpa wilayah: LAPOR <isi>');
  });

  it('the inbound URL refuses a wrong key', async () => {
    const r = await http(`${base}/sms/kannel/inbound?from=6281234560005&to=${SHORT_CODE}&text=LAPOR+x&id=x-1&key=salah`);
    expect(r.status).toBe(403);
    expect(fs.readFileSync(path.join(dir, 'aduan.out'), 'utf8')).not.toContain(SECRET);
  });
});
