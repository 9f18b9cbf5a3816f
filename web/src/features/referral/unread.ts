// The unread count behind the "Notifications (n)" menu entry. The app shell's
// NavItem has a fixed dictionary key for its label, so the count is carried
// by choosing the key (ntf.nav, ntf.nav.1 … ntf.nav.9, ntf.nav.many) and the
// rendered link is brought up to date when the count changes between two
// renders of the header. Polled every 30 s while a user is signed in; the
// count is not personal data and is kept in memory only.
import { apiRequest, ApiError } from '../../api';
import { isLang, translate } from '../../i18n';
import type { Key } from '../../i18n';
import type { NoticePage } from './api';

const POLL_MS = 30_000;
let count = 0;
let userId = '';
let timer: ReturnType<typeof setTimeout> | null = null;
const listeners = new Set<(n: number) => void>();

export function unreadCount(): number {
  return count;
}

export function navLabel(): Key {
  if (count <= 0) return 'ntf.nav';
  if (count > 9) return 'ntf.nav.many';
  return `ntf.nav.${count}` as Key;
}

export function onUnread(l: (n: number) => void): () => void {
  listeners.add(l);
  return () => {
    listeners.delete(l);
  };
}

/** Sets the count (the inbox page knows it exactly after each change). */
export function setUnread(n: number): void {
  if (n === count) return;
  count = n;
  listeners.forEach((l) => l(n));
  syncMenu();
}

function syncMenu() {
  const lang = document.documentElement.lang;
  const text = translate(isLang(lang) ? lang : 'az', navLabel());
  // The text node itself is changed, not replaced: the header's next render
  // diffs against the node it created and must still find it in the page.
  document.querySelectorAll<HTMLElement>('nav a[href="/notifications"] span').forEach((el) => {
    const node = el.firstChild;
    if (node && node.nodeType === Node.TEXT_NODE && el.childNodes.length === 1) {
      if ((node as Text).data !== text) (node as Text).data = text;
    }
  });
}

async function poll() {
  timer = null;
  const me = userId;
  try {
    // auth: false: a 401 here must not end the session (the app notices on its own).
    const r = await apiRequest<NoticePage>('GET', '/api/v1/notifications?limit=1', undefined, { auth: false });
    if (me !== userId) return;
    setUnread(r.unread);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      // Signed out: stop until a user shows up again.
      userId = '';
      setUnread(0);
      return;
    }
  }
  if (me === userId && userId) timer = setTimeout(poll, POLL_MS);
}

/** Called whenever the menu is drawn for `uid`: starts polling for that user (once), restarts for another. */
export function watchUnread(uid: string): void {
  if (uid === userId) return;
  userId = uid;
  count = 0;
  if (timer) clearTimeout(timer);
  timer = null;
  void poll();
}

/** Polls at once (after an action that may have produced or read notices). */
export function refreshUnread(): void {
  if (!userId) return;
  if (timer) clearTimeout(timer);
  timer = null;
  void poll();
}
