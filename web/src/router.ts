// Client-side routing with the History API. The server answers index.html for
// any unknown GET path, so every route below survives a reload. Routes carry
// no personal data: only fixed paths and opaque ids (agencies, person record
// UUIDs). Search terms and reference codes never go into the address bar.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { name: 'home' }
  | { name: 'users' }
  | { name: 'userNew' }
  | { name: 'agencies' }
  | { name: 'agency'; id: string }
  | { name: 'sessions' }
  | { name: 'persons' }
  | { name: 'personNew' }
  | { name: 'person'; id: string }
  | { name: 'personHistory'; id: string }
  | { name: 'requests' }
  | { name: 'requestNew' }
  | { name: 'grants' }
  | { name: 'alerts' }
  | { name: 'notFound' };

const UUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';
const PERSON = new RegExp(`^/persons/(${UUID})$`);
const PERSON_HISTORY = new RegExp(`^/persons/(${UUID})/history$`);

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/login') return { name: 'home' };
  if (path === '/admin/users') return { name: 'users' };
  if (path === '/admin/users/new') return { name: 'userNew' };
  if (path === '/admin/agencies') return { name: 'agencies' };
  const m = /^\/admin\/agencies\/([A-Za-z0-9_.-]+)$/.exec(path);
  if (m && m[1]) return { name: 'agency', id: m[1] };
  if (path === '/sessions') return { name: 'sessions' };
  if (path === '/persons') return { name: 'persons' };
  if (path === '/persons/new') return { name: 'personNew' };
  const p = PERSON.exec(path);
  if (p && p[1]) return { name: 'person', id: p[1].toLowerCase() };
  const h = PERSON_HISTORY.exec(path);
  if (h && h[1]) return { name: 'personHistory', id: h[1].toLowerCase() };
  if (path === '/requests') return { name: 'requests' };
  if (path === '/requests/new') return { name: 'requestNew' };
  if (path === '/grants') return { name: 'grants' };
  if (path === '/alerts') return { name: 'alerts' };
  return { name: 'notFound' };
}

const listeners = new Set<() => void>();
let navigated = false;

/** True once the user has moved between pages inside the SPA (not on first load). */
export function hasNavigated(): boolean {
  return navigated;
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  navigated = true;
  if (to === location.pathname + location.search) {
    listeners.forEach((l) => l());
    return;
  }
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  listeners.forEach((l) => l());
}

window.addEventListener('popstate', () => {
  navigated = true;
  listeners.forEach((l) => l());
});

/** The current pathname; re-renders the caller on navigation. */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const l = () => setPath(location.pathname);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return path;
}

/** Click handler for <a href="/..."> that keeps navigation inside the SPA. */
export function onLinkClick(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.currentTarget ?? e.target) as HTMLAnchorElement | null;
  if (!a || !a.href) return;
  const url = new URL(a.href);
  if (url.origin !== location.origin || a.target || a.hasAttribute('download')) return;
  if (url.pathname === location.pathname && url.hash) return; // in-page anchor
  e.preventDefault();
  navigate(url.pathname + url.search);
}
