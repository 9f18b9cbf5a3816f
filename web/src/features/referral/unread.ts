// The unread count behind the notifications menu entry's badge (NavItem.badge,
// drawn by the header as a tag). Polled every 30 s while a user is signed in;
// the count is not personal data and is kept in memory only.
import { useEffect, useState } from 'preact/hooks';
import { apiRequest, ApiError } from '../../api';
import type { NoticePage } from './api';

const POLL_MS = 30_000;
let count = 0;
let userId = '';
let timer: ReturnType<typeof setTimeout> | null = null;
const listeners = new Set<(n: number) => void>();

export function unreadCount(): number {
  return count;
}

/** The count, following its changes: a hook for NavItem.badge (null when nothing is unread). */
export function useUnread(): number | null {
  const [n, setN] = useState(count);
  useEffect(() => {
    setN(count);
    return onUnread(setN);
  }, []);
  return n > 0 ? n : null;
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
  setUnread(0);
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
