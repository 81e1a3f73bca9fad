// Complaints written while offline wait in IndexedDB ("outbox") with their photos and their
// Idempotency-Key, and are sent when the connection returns: by the service worker's Background Sync
// where the browser has it, and by the page on the `online` event and at every app start. Both senders
// take the same Web Lock, and the server's idempotency makes a double send return the first receipt.
// web/public/sw.js reads the same database: keep DB_NAME, STORE and the item shape in step with it.
import { ApiError, request } from './api';
import type { SubmitReceipt } from './types';

export const DB_NAME = 'aduan';
export const STORE = 'outbox';
const CHANNEL = 'aduan-outbox';
export const SYNC_TAG = 'aduan-outbox';

export interface OutboxFile {
  name: string;
  type: string;
  blob: Blob;
}

export interface OutboxItem {
  /** The Idempotency-Key, also the record key. */
  key: string;
  /** The `data` part exactly as first sent (the server compares it on a retry). */
  data: string;
  files: OutboxFile[];
  title: string;
  createdAt: string;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  receipt?: SubmitReceipt;
  error?: { status: number; code: string; message: string };
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'key' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await openDb();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const r = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(r ? r.result : undefined);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

export const outboxSupported = () => typeof indexedDB !== 'undefined';

export async function listOutbox(): Promise<OutboxItem[]> {
  if (!outboxSupported()) return [];
  const all = ((await tx<OutboxItem[]>('readonly', (s) => s.getAll() as IDBRequest<OutboxItem[]>)) ?? []) as OutboxItem[];
  return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

const localListeners = new Set<() => void>();
let channel: BroadcastChannel | undefined;
function changed() {
  localListeners.forEach((l) => l());
  channel?.postMessage('changed');
}

/** Calls `fn` whenever the outbox changes, in this tab, another tab or the service worker. */
export function onOutboxChange(fn: () => void): () => void {
  if (!channel && typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = () => localListeners.forEach((l) => l());
  }
  localListeners.add(fn);
  return () => localListeners.delete(fn);
}

export async function putOutbox(item: OutboxItem) {
  await tx('readwrite', (s) => s.put(item));
  changed();
}

export async function removeOutbox(key: string) {
  await tx('readwrite', (s) => s.delete(key));
  changed();
}

/** Sends one complaint: multipart with the `data` part and the photos as `attachments`. */
export function sendComplaint(data: string, files: OutboxFile[], key: string): Promise<SubmitReceipt> {
  const form = new FormData();
  form.append('data', data);
  for (const f of files) form.append('attachments', f.blob, f.name);
  return request<SubmitReceipt>('POST', '/api/v1/complaints', { form, headers: { 'idempotency-key': key } });
}

/** Keeps a complaint for later and asks the service worker to send it when the connection returns. */
export async function enqueue(item: Omit<OutboxItem, 'state' | 'attempts' | 'createdAt'>) {
  await putOutbox({ ...item, state: 'pending', attempts: 0, createdAt: new Date().toISOString() });
  try {
    const reg = (await Promise.race([navigator.serviceWorker?.ready, new Promise((r) => setTimeout(r, 1000))])) as
      | (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })
      | undefined;
    await reg?.sync?.register(SYNC_TAG);
  } catch {
    /* no Background Sync: the page sends on `online` and at the next start */
  }
}

async function withLock(fn: () => Promise<void>) {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (locks) await locks.request(CHANNEL, fn);
  else await fn();
}

let flushing: Promise<void> | undefined;

/** Sends every pending complaint; network failures and server errors leave them pending. */
export function flushOutbox(): Promise<void> {
  if (!outboxSupported()) return Promise.resolve();
  flushing ??= withLock(async () => {
    for (const item of await listOutbox()) {
      if (item.state !== 'pending') continue;
      if (!navigator.onLine) return;
      try {
        const receipt = await sendComplaint(item.data, item.files, item.key);
        // Sent: the photos are no longer needed; the receipt stays until the person has seen it.
        await putOutbox({ ...item, files: [], state: 'sent', attempts: item.attempts + 1, receipt });
      } catch (err) {
        if (err instanceof ApiError && !err.network && err.status >= 400 && err.status < 500 && err.status !== 429 && err.status !== 408) {
          await putOutbox({ ...item, state: 'failed', attempts: item.attempts + 1, error: { status: err.status, code: err.code, message: err.message } });
        } else {
          await putOutbox({ ...item, attempts: item.attempts + 1 });
          return;
        }
      }
    }
  }).finally(() => {
    flushing = undefined;
  });
  return flushing;
}

/** Starts the page-side sender: now (the next app open) and whenever the connection returns. */
export function startOutbox() {
  if (!outboxSupported()) return;
  const go = () => {
    if (navigator.onLine) void flushOutbox().catch(() => {});
  };
  window.addEventListener('online', go);
  go();
}
