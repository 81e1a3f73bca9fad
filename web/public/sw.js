/* Aduan service worker (hand-written, no build tool). scripts/build-web.mjs fills in VERSION and
   PRECACHE (the app shell: index.html, the citizen entry chunk with its imports and CSS, icons).
   - pages: network first, the cached app shell when offline;
   - /assets/* (hashed, immutable): cache first, so lazy chunks opened once work offline too;
   - region and category lists and the client config: network first, cached copy when offline, so
     the complaint form can be filled in without a connection;
   - every other API call and every non-GET request goes straight to the network;
   - Background Sync "aduan-outbox": sends complaints kept in IndexedDB (see web/src/lib/outbox.ts,
     same database, same item shape, same Web Lock; the Idempotency-Key makes a double send harmless). */
'use strict';

const VERSION = 'dev'; /*__ADUAN_VERSION__*/
const PRECACHE = []; /*__ADUAN_PRECACHE__*/
const SHELL_CACHE = `aduan-shell-${VERSION}`;
const DATA_CACHE = 'aduan-data-v1';
const DATA_PATHS = ['/api/v1/organisations', '/api/v1/categories', '/api/v1/client-config'];
const SERVER_PATHS = ['/api/', '/open311/', '/sms/', '/healthz', '/readyz'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((c) => c.addAll(['/index.html', ...PRECACHE]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('aduan-') && k !== SHELL_CACHE && k !== DATA_CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request, cacheName, fallbackUrl) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      caches.open(cacheName).then((c) => c.put(fallbackUrl ?? request, copy)).catch(() => {});
    }
    return response;
  } catch (err) {
    const cached = await caches.match(fallbackUrl ?? request);
    if (cached) return cached;
    throw err;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    caches.open(SHELL_CACHE).then((c) => c.put(request, copy)).catch(() => {});
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (DATA_PATHS.includes(url.pathname)) {
    event.respondWith(networkFirst(request, DATA_CACHE));
    return;
  }
  if (SERVER_PATHS.some((p) => url.pathname.startsWith(p))) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).catch(async () => (await caches.match('/index.html')) ?? Response.error()),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (PRECACHE.includes(url.pathname)) event.respondWith(networkFirst(request, SHELL_CACHE));
});

/* ---- The offline outbox (Background Sync) ---- */

const DB_NAME = 'aduan';
const STORE = 'outbox';
const LOCK = 'aduan-outbox';

function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'key' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function store(db, mode, fn) {
  return new Promise((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const r = fn(t.objectStore(STORE));
    t.oncomplete = () => resolve(r ? r.result : undefined);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

function announce() {
  try {
    const ch = new BroadcastChannel(LOCK);
    ch.postMessage('changed');
    ch.close();
  } catch (_) {
    /* pages also re-read the outbox when they start */
  }
}

async function sendPending() {
  const db = await openDb();
  try {
    const items = (await store(db, 'readonly', (s) => s.getAll())) || [];
    for (const item of items) {
      if (item.state !== 'pending') continue;
      const form = new FormData();
      form.append('data', item.data);
      for (const f of item.files) form.append('attachments', f.blob, f.name);
      let response;
      try {
        response = await fetch('/api/v1/complaints', {
          method: 'POST',
          body: form,
          credentials: 'same-origin',
          headers: { accept: 'application/json', 'idempotency-key': item.key },
        });
      } catch (err) {
        await store(db, 'readwrite', (s) => s.put({ ...item, attempts: item.attempts + 1 }));
        announce();
        throw err; // the browser retries the sync later
      }
      let body;
      try {
        body = await response.json();
      } catch (_) {
        body = undefined;
      }
      if (response.ok) {
        await store(db, 'readwrite', (s) => s.put({ ...item, files: [], state: 'sent', attempts: item.attempts + 1, receipt: body }));
      } else if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
        const e = (body && body.error) || {};
        await store(db, 'readwrite', (s) =>
          s.put({ ...item, state: 'failed', attempts: item.attempts + 1, error: { status: response.status, code: e.code || `http_${response.status}`, message: e.message || '' } }),
        );
      } else {
        await store(db, 'readwrite', (s) => s.put({ ...item, attempts: item.attempts + 1 }));
        announce();
        throw new Error(`server answered ${response.status}; retry later`);
      }
      announce();
    }
  } finally {
    db.close();
  }
}

function flushOutbox() {
  const locks = self.navigator && self.navigator.locks;
  return locks ? locks.request(LOCK, sendPending) : sendPending();
}

self.addEventListener('sync', (event) => {
  if (event.tag === 'aduan-outbox') event.waitUntil(flushOutbox());
});

self.addEventListener('message', (event) => {
  if (event.data === 'flush-outbox') event.waitUntil(flushOutbox().catch(() => {}));
});
