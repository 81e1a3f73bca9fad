// The load generator, run as its own process so that it does not share an event loop (or a core's
// time slice accounting) with the server: autocannon for `warmup` seconds, then for `duration`
// seconds measured. Every response time of the measured run is kept so that p50/p95/p99 are exact
// (autocannon's own summary has no p95). Prints one JSON line.
//
// Input (argv[2], a JSON file): { url, connections, warmup, duration, timeout?, headers?, kind, paths?, intake? }
//   kind 'paths':  GET, cycling through `paths`;
//   kind 'intake': POST a guest complaint built from `intake.texts`, with a fresh Idempotency-Key each.
import fs from 'node:fs';
import crypto from 'node:crypto';
import autocannon from 'autocannon';

const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

function requestsFor() {
  if (cfg.kind === 'intake') {
    const texts = cfg.intake.texts;
    let i = 0;
    return [
      {
        method: 'POST',
        path: '/api/v1/complaints',
        setupRequest: (req) => {
          const t = texts[i++ % texts.length];
          const n = crypto.randomBytes(4).readUInt32BE();
          const body = {
            type: 'pengaduan',
            title: t.title,
            body: t.body,
            categoryCode: t.category,
            location: { regionCode: cfg.intake.regions[n % cfg.intake.regions.length], address: `Jl. Merdeka No. ${n % 200}` },
            anonymous: false,
            confidential: false,
            reporter: { name: 'Warga Uji Beban', phone: `+62812${String(n % 100000000).padStart(8, '0')}` },
          };
          return {
            ...req,
            // Behind the (trusted) reverse proxy every citizen has an address of their own, as in
            // production; one address for all would make its rate-limit bucket one hot row.
            headers: {
              ...req.headers,
              'content-type': 'application/json',
              'idempotency-key': crypto.randomUUID(),
              'x-forwarded-for': `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`,
            },
            body: JSON.stringify(body),
          };
        },
      },
    ];
  }
  let i = 0;
  const paths = cfg.paths;
  return [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }];
}

function run(duration, times) {
  return new Promise((resolve, reject) => {
    const inst = autocannon(
      { url: cfg.url, connections: cfg.connections, duration, headers: cfg.headers ?? {}, requests: requestsFor(), timeout: cfg.timeout ?? 30 },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    if (times) inst.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  });
}

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);

if (cfg.warmup > 0) await run(cfg.warmup);
process.stdout.write('MEASURE\n');
const times = [];
const r = await run(cfg.duration, times);
times.sort((a, b) => a - b);
const summary = {
  requests: r.requests.total,
  seconds: r.duration,
  rps: r.requests.total / r.duration,
  p50: pct(times, 50),
  p95: pct(times, 95),
  p99: pct(times, 99),
  max: times[times.length - 1] ?? null,
  mean: times.length ? times.reduce((a, b) => a + b, 0) / times.length : null,
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
  statusCodes: r.statusCodeStats,
};
process.stdout.write(`RESULT ${JSON.stringify(summary)}\n`);
