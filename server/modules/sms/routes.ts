// The SMS HTTP edge: Kannel's sms-service calls the inbound URL for every message; admins read the
// outbox. No business rules here.
import crypto from 'node:crypto';
import net from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorResponses, requireUser, type Deps } from '../../platform/http';
import { badRequest } from '../../platform/errors';
import { receiveSms } from './inbound';
import { listOutbox, type OutboxFilters } from './outbound';

/** Query parameters as octets: Kannel percent-encodes the message's bytes, which are not always UTF-8. */
export function rawQueryParams(url: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const i = url.indexOf('?');
  if (i < 0) return out;
  for (const pair of url.slice(i + 1).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = percentDecode(eq < 0 ? pair : pair.slice(0, eq)).toString('utf8');
    // The first occurrence wins; a repeated parameter is ignored.
    if (!out.has(key)) out.set(key, percentDecode(eq < 0 ? '' : pair.slice(eq + 1)));
  }
  return out;
}

function percentDecode(s: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '+') bytes.push(0x20);
    else if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(ch, 'utf8'));
  }
  return Buffer.from(bytes);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The message text in the charset Kannel names (`charset=%C`, optional): UTF-8 (Kannel's own for
 * GSM-7 messages, and for UCS-2 ones with `mo-recode = true`), UTF-16BE (UCS-2 without recoding),
 * or a Latin-1 family charset. Without a charset, bytes that are not UTF-8 are read as Latin-1.
 */
export function decodeText(bytes: Buffer, charset: string | undefined): string {
  const cs = (charset ?? '').trim().toUpperCase();
  if (cs === 'UTF-16BE' || cs === 'UCS-2' || cs === 'UCS-2BE' || cs === 'UTF-16') {
    const le = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
    le.swap16();
    return le.toString('utf16le');
  }
  if (cs === 'ISO-8859-1' || cs === 'LATIN1' || cs === 'WINDOWS-1252' || cs === 'CP1252') return bytes.toString('latin1');
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** Constant-time comparison of two secrets of any length (hashing first hides the length). */
function secretMatches(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/** The gateway allow-list: addresses, or CIDR ranges (10.0.0.0/8), IPv4 or IPv6. */
export function gatewayAllowList(entries: string[]): (address: string | undefined) => boolean {
  const list = new net.BlockList();
  for (const raw of entries) {
    const [addr, bits] = raw.split('/');
    const family = net.isIPv6(addr!) ? 'ipv6' : 'ipv4';
    if (!net.isIP(addr!)) continue;
    if (bits !== undefined) list.addSubnet(addr!, Number(bits), family);
    else list.addAddress(addr!, family);
  }
  return (address) => {
    if (!address || !net.isIP(address)) return false;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (mapped && list.check(mapped, 'ipv4')) return true;
    return list.check(address, net.isIPv6(address) ? 'ipv6' : 'ipv4');
  };
}

const MAX_TEXT = 40_000;

export function registerSmsRoutes(app: FastifyInstance, deps: Deps) {
  const allowed = gatewayAllowList(deps.config.smsGatewayAllowlist);
  const secret = deps.config.smsInboundSecret;

  const refuse = (req: FastifyRequest, reply: FastifyReply, reason: string) => {
    // Never the URL: it carries the key.
    req.log.warn({ ip: req.ip, reason }, 'SMS inbound request refused');
    return reply.status(403).send({ error: { code: 'forbidden', message: 'Forbidden' } });
  };

  app.get(
    '/sms/kannel/inbound',
    {
      // Fastify's request log line holds the URL, and the URL holds the key: log warnings only.
      logLevel: 'warn',
      schema: {
        tags: ['sms'],
        summary: "Kannel sms-service get-url: from=%p&to=%P&text=%a&id=%I&ts=%t&key=<secret> (optional charset=%C). Answers 200 with an empty body; replies go out through sendsms.",
        querystring: Type.Object(
          {
            from: Type.Optional(Type.String()),
            to: Type.Optional(Type.String()),
            text: Type.Optional(Type.String()),
            id: Type.Optional(Type.String()),
            ts: Type.Optional(Type.String()),
            key: Type.Optional(Type.String()),
            charset: Type.Optional(Type.String()),
          },
          { additionalProperties: true },
        ),
      },
      // Before parsing and validation: an unauthorised caller learns nothing about the parameters.
      onRequest: async (req, reply) => {
        if (!allowed(req.ip)) return refuse(req, reply, 'address not in SMS_GATEWAY_ALLOWLIST');
        if (!secret) return refuse(req, reply, 'SMS_INBOUND_SECRET is not set');
        const key = rawQueryParams(req.url).get('key')?.toString('utf8') ?? '';
        if (!secretMatches(key, secret)) return refuse(req, reply, key ? 'wrong key' : 'missing key');
      },
    },
    async (req, reply) => {
      const params = rawQueryParams(req.url);
      const str = (k: string) => params.get(k)?.toString('utf8').trim();
      const id = str('id');
      const from = str('from');
      if (!id || id.length > 200) throw badRequest('id (the Kannel message id, %I) is required', { id: 'required' });
      if (!from) throw badRequest('from (%p) is required', { from: 'required' });
      const text = decodeText(params.get('text') ?? Buffer.alloc(0), str('charset'));
      if (text.length > MAX_TEXT) throw badRequest('text is too long', { text: 'too long' });
      const r = await receiveSms(
        { db: deps.db, clock: deps.clock, config: deps.config },
        { gatewayId: id, from: from.slice(0, 64), to: (str('to') ?? '').slice(0, 64), text, gatewayTime: str('ts')?.slice(0, 64) ?? null },
      );
      req.log.debug({ duplicate: r.duplicate, command: r.command, outcome: r.outcome }, 'SMS received');
      // Kannel's sms-service runs with max-messages = 0: the body would not reach the phone anyway.
      return reply.status(200).type('text/plain; charset=utf-8').send('');
    },
  );

  app.get<{ Querystring: OutboxFilters }>(
    '/api/v1/sms/outbox',
    {
      schema: {
        tags: ['sms'],
        summary: 'Outgoing SMS, newest first (national and organisation admins). Without KANNEL_SENDSMS_URL they stay queued here.',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')])),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            cursor: Type.Optional(Type.String({ maxLength: 20 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            gateway: Type.Union([Type.Literal('kannel'), Type.Literal('none')]),
            items: Type.Array(Type.Object({}, { additionalProperties: true })),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const user = requireUser(req);
      return listOutbox(deps.db, user, req.query, { gatewayConfigured: !!deps.config.kannelSendsmsUrl, now: deps.clock.now(), address: req.ip });
    },
  );
}
