// Vigie's service worker: keeps the app shell (pages, scripts, styles, icons, basemap) so /field opens and
// works without a network. Pages: network first, the cached copy when offline. Hashed build assets and
// static files: cache first. The API and the live socket are never cached (the page queues its actions).
const SHELL_CACHE = 'vigie-shell-v1';
const SHELL = ['/field', '/manifest.webmanifest', '/icons/vigie-192.png', '/icons/vigie-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL_CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The page lists what it loaded before this worker controlled it (its scripts and styles): keep them too,
// so the app opens offline from the first visit on.
self.addEventListener('message', (event) => {
  const data = event.data;
  if (data === null || typeof data !== 'object' || data.type !== 'cache-urls' || !Array.isArray(data.urls))
    return;
  const urls = data.urls.filter((u) => typeof u === 'string' && isStatic(new URL(u, self.location.origin)));
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) =>
        Promise.all(
          urls.map((u) => cache.match(u).then((hit) => hit ?? cache.add(u).catch(() => undefined))),
        ),
      ),
  );
});

function isStatic(url) {
  return (
    url.pathname.startsWith('/_next/static/') ||
    url.pathname.startsWith('/icons/') ||
    url.pathname.startsWith('/basemap/') ||
    url.pathname.startsWith('/maplibre/')
  );
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io/')) return;

  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(SHELL_CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        .catch(() =>
          caches
            .match(request, { ignoreSearch: true })
            .then((cached) => cached ?? caches.match('/field'))
            .then((cached) => cached ?? Response.error()),
        ),
    );
    return;
  }

  if (isStatic(url) || url.pathname === '/manifest.webmanifest') {
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ??
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              caches.open(SHELL_CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
  }
});
