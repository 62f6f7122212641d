import { useCallback, useEffect, useState } from 'react';

/** The desk's screens are paths under /desk/ (a reload or a shared link opens the same screen). */
export interface Route {
  page: string;
  id?: string;
}

export function readRoute(loc: { pathname: string; search: string } = location): Route {
  const page = loc.pathname.replace(/^\/desk\/?/, '').split('/')[0] || 'overview';
  const id = new URLSearchParams(loc.search).get('id') ?? undefined;
  return id ? { page, id } : { page };
}

export function hrefOf(route: Route): string {
  return `/desk/${route.page === 'overview' ? '' : route.page}${route.id ? `?id=${encodeURIComponent(route.id)}` : ''}`;
}

export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => readRoute());
  useEffect(() => {
    const onPop = () => setRoute(readRoute());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((next: Route) => {
    history.pushState(null, '', hrefOf(next));
    setRoute(next);
  }, []);
  return [route, go];
}
