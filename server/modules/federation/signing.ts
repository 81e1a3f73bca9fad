// Ed25519 request signing between installations (docs/federation.md), node:crypto only. Pure: no
// database, no clock of its own.
//
// The signed string is `ADUAN-FED-1\n<METHOD>\n<path>\n<timestamp>\n<nonce>\n<hex SHA-256 of body>`;
// headers: X-Aduan-Peer (the sender's key id), X-Aduan-Timestamp (unix seconds), X-Aduan-Nonce,
// X-Aduan-Signature (base64 Ed25519 signature).
import crypto from 'node:crypto';

export const CLOCK_WINDOW_SECONDS = 300;

export interface KeyPair {
  /** SPKI DER, base64. */
  publicKey: string;
  /** PKCS#8 DER, base64. */
  privateKey: string;
}

export function generateKeyPair(): KeyPair {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };
}

/** A public key's id: hex SHA-256 of its DER bytes, first 32 characters. What X-Aduan-Peer carries. */
export const keyIdOf = (publicKey: string) => crypto.createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 32);

/** Parses a base64 SPKI Ed25519 public key; undefined when it is not one. */
export function parsePublicKey(publicKey: string): crypto.KeyObject | undefined {
  try {
    const k = crypto.createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return k.asymmetricKeyType === 'ed25519' ? k : undefined;
  } catch {
    return undefined;
  }
}

export const bodyHash = (body: string | Buffer) => crypto.createHash('sha256').update(body).digest('hex');

export function signedString(method: string, path: string, timestamp: string, nonce: string, body: string | Buffer): string {
  return ['ADUAN-FED-1', method.toUpperCase(), path, timestamp, nonce, bodyHash(body)].join('\n');
}

export type SignedHeaders = {
  'x-aduan-peer': string;
  'x-aduan-timestamp': string;
  'x-aduan-nonce': string;
  'x-aduan-signature': string;
};

export function signRequest(keys: KeyPair & { keyId: string }, method: string, path: string, body: string, now: Date, nonce = crypto.randomBytes(16).toString('hex')): SignedHeaders {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const key = crypto.createPrivateKey({ key: Buffer.from(keys.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  const sig = crypto.sign(null, Buffer.from(signedString(method, path, timestamp, nonce, body)), key).toString('base64');
  return { 'x-aduan-peer': keys.keyId, 'x-aduan-timestamp': timestamp, 'x-aduan-nonce': nonce, 'x-aduan-signature': sig };
}

export type VerifyFailure = 'missing_headers' | 'stale' | 'bad_signature';

/**
 * Checks headers, the clock window and the signature (not the nonce: that needs the database).
 * Returns null when the request is authentic, else why not.
 */
export function verifyRequest(
  publicKey: string,
  method: string,
  path: string,
  headers: Record<string, string | string[] | undefined>,
  body: string | Buffer,
  now: Date,
  windowSeconds = CLOCK_WINDOW_SECONDS,
): VerifyFailure | null {
  const h = (n: keyof SignedHeaders) => (typeof headers[n] === 'string' ? (headers[n] as string) : undefined);
  const ts = h('x-aduan-timestamp');
  const nonce = h('x-aduan-nonce');
  const sig = h('x-aduan-signature');
  if (!ts || !nonce || !sig || !/^\d{1,12}$/.test(ts) || !/^[A-Za-z0-9_-]{16,128}$/.test(nonce)) return 'missing_headers';
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(ts)) > windowSeconds) return 'stale';
  const key = parsePublicKey(publicKey);
  if (!key) return 'bad_signature';
  const sigBytes = Buffer.from(sig, 'base64');
  if (sigBytes.length !== 64) return 'bad_signature';
  try {
    return crypto.verify(null, Buffer.from(signedString(method, path, ts, nonce, body)), key, sigBytes) ? null : 'bad_signature';
  } catch {
    return 'bad_signature';
  }
}
