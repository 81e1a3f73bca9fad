// The route table, split by audience. The citizen portal is in the entry chunk; the staff workspace
// and the dashboards are lazy chunks loaded on their first visit. Never import from ../staff or
// ../dashboard statically anywhere else: that would pull them into the citizen bundle (budget check).
import { Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { lazyChunk } from '../lib/lazy';
import { ChunkBoundary } from '../ui/ChunkBoundary';
import { Loading } from '../ui/bits';
import { CitizenRoutes } from '../citizen/routes';

export interface Audience {
  /** URL prefix that selects this audience ("/staf" matches "/staf" and "/staf/…"). */
  prefix: string;
  component: LazyExoticComponent<ComponentType>;
  /** Wider main column for tables and charts. */
  wide: boolean;
}

export const AUDIENCES: Audience[] = [
  { prefix: '/staf', component: lazyChunk(() => import('../staff'), { reloadOnFailure: true }), wide: true },
  { prefix: '/dasbor', component: lazyChunk(() => import('../dashboard'), { reloadOnFailure: true }), wide: true },
  { prefix: '/statistik', component: lazyChunk(() => import('../dashboard/public'), { reloadOnFailure: true }), wide: true },
];

export const audienceOf = (path: string) => AUDIENCES.find((a) => path === a.prefix || path.startsWith(`${a.prefix}/`));

export function Routes({ path }: { path: string }) {
  const audience = audienceOf(path);
  const Component = audience?.component;
  return (
    <ChunkBoundary resetKey={path}>
      {Component ? (
        <Suspense fallback={<Loading />}>
          <Component />
        </Suspense>
      ) : (
        <CitizenRoutes path={path} />
      )}
    </ChunkBoundary>
  );
}
