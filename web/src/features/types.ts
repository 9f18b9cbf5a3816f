// A feature (a module's pages) plugs into the app shell through this shape,
// so that app.tsx, router.ts and Header.tsx need not know each page.
import type { JSX } from 'preact';
import type { User } from '../api';
import type { Key } from '../i18n';

export interface NavItem {
  href: string;
  label: Key;
  active: (path: string) => boolean;
  show: (u: User, hasGrants: boolean) => boolean;
  /**
   * A count shown beside the label (e.g. unread notices), or null for none.
   * Called as a hook while the entry is drawn (it may use useState/useEffect
   * to follow a changing count), always for the same entry at the same place.
   */
  badge?: () => number | null;
}

export interface Feature {
  /** The page for `path` (already stripped of a trailing slash), or null when the path is not this feature's. */
  page: (path: string, user: User) => JSX.Element | null;
  /** Menu entries, in order, appended after the core ones. */
  nav: NavItem[];
}
