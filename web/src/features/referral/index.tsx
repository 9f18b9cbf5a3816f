// This feature's pages and menu entries, as the app shell sees them: the
// referral form, the referrer's status page, the SPU intake queue, the onward
// referral with consent, the recipient's queue, the notifications inbox.
// Routes carry opaque ids only.
import type { User, Capability } from '../../api';
import { can } from '../../api';
import { NotFound } from '../../pages/NotFound';
import type { Feature, NavItem } from '../types';
import { Incoming, Intake, MyReferrals } from './pages/Lists';
import { Notifications } from './pages/Notifications';
import { Onward } from './pages/Onward';
import { ReferralDetail } from './pages/ReferralDetail';
import { ReferralNew } from './pages/ReferralNew';
import { useUnread, watchUnread } from './unread';
import './referral.css';

const UUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';
const DETAIL = new RegExp(`^/referrals/(${UUID})$`);
const ONWARD = new RegExp(`^/referrals/(${UUID})/onward$`);

const has = (u: User, c: Capability) => can(u, c);

function page(path: string, user: User) {
  switch (path) {
    case '/referrals/new':
      return has(user, 'referrals.create') ? <ReferralNew /> : <NotFound />;
    case '/referrals':
      return <MyReferrals user={user} />;
    case '/referrals/intake':
      return has(user, 'referrals.receive') ? <Intake user={user} /> : <NotFound />;
    case '/referrals/incoming':
      return has(user, 'referrals.receive_onward') ? <Incoming /> : <NotFound />;
    case '/notifications':
      return <Notifications />;
  }
  const d = DETAIL.exec(path);
  if (d && d[1]) {
    const id = d[1].toLowerCase();
    return <ReferralDetail key={id} id={id} user={user} />;
  }
  const o = ONWARD.exec(path);
  if (o && o[1]) {
    const id = o[1].toLowerCase();
    return has(user, 'placements.create') ? <Onward key={id} id={id} user={user} /> : <NotFound />;
  }
  return null;
}

const notifications: NavItem = {
  href: '/notifications',
  label: 'ntf.nav',
  badge: useUnread,
  active: (p) => p === '/notifications',
  show: (u) => {
    watchUnread(u.id);
    return true;
  },
};

export const referral: Feature = {
  page,
  nav: [
    { href: '/referrals/new', label: 'ref.nav.new', active: (p) => p === '/referrals/new', show: (u) => has(u, 'referrals.create') },
    { href: '/referrals', label: 'ref.nav.mine', active: (p) => p === '/referrals', show: (u) => has(u, 'referrals.create') },
    {
      href: '/referrals/intake',
      label: 'ref.nav.intake',
      active: (p) => p === '/referrals/intake',
      show: (u) => has(u, 'referrals.receive'),
    },
    {
      href: '/referrals/incoming',
      label: 'ref.nav.incoming',
      active: (p) => p === '/referrals/incoming',
      show: (u) => has(u, 'referrals.receive_onward'),
    },
    notifications,
  ],
};
