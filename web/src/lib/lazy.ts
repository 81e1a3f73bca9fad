// Lazy chunks that survive a deploy: a page opened before a new build asks for chunk names that no
// longer exist. Route-level chunks then reload the page once (online only) to get the new app;
// failures that remain are shown by <ChunkBoundary>.
import { lazy, type ComponentType } from 'react';

const KEY = 'aduan.chunkReload';

export function lazyChunk<P extends object>(load: () => Promise<{ default: ComponentType<P> }>, opts: { reloadOnFailure?: boolean } = {}) {
  return lazy(() =>
    load().then(
      (m) => {
        try {
          sessionStorage.removeItem(KEY);
        } catch {
          /* storage disabled */
        }
        return m;
      },
      (err: unknown) => {
        let reloaded = true;
        try {
          reloaded = sessionStorage.getItem(KEY) !== null;
          if (!reloaded && opts.reloadOnFailure && navigator.onLine) sessionStorage.setItem(KEY, '1');
        } catch {
          /* storage disabled: no automatic reload */
        }
        if (!reloaded && opts.reloadOnFailure && navigator.onLine) {
          location.reload();
          return new Promise<never>(() => {});
        }
        throw err;
      },
    ),
  );
}
