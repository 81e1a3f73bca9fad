// Random identifiers. crypto.getRandomValues works on plain http too (randomUUID needs a secure context).
export function randomId(bytes = 16): string {
  const a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}
