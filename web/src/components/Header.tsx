import { useEffect, useRef, useState } from 'preact/hooks';
import closeIcon from '@uswds/uswds/img/usa-icons/close.svg';
import type { User, Capability } from '../api';
import { can } from '../api';
import { LANGS, LANG_NAMES, useI18n } from '../i18n';
import { navigate } from '../router';

import { FEATURES } from '../features';
import type { NavItem } from '../features/types';

const has = (u: User, ...caps: Capability[]) => can(u, ...caps);

const NAV: NavItem[] = [
  { href: '/', label: 'nav.home', active: (p) => p === '/' || p === '/login', show: () => true },
  {
    href: '/admin/users',
    label: 'nav.users',
    active: (p) => p.startsWith('/admin/users'),
    show: (u) => u.capabilities.includes('users.manage'),
  },
  {
    href: '/admin/agencies',
    label: 'nav.agencies',
    active: (p) => p.startsWith('/admin/agencies'),
    show: (u) => u.capabilities.includes('agencies.manage'),
  },
  {
    href: '/persons',
    label: 'nav.persons',
    active: (p) => p.startsWith('/persons'),
    show: (u, g) => g || has(u, 'persons.create', 'screening.create'),
  },
  {
    href: '/requests',
    label: 'nav.requests',
    active: (p) => p.startsWith('/requests'),
    show: (u) => has(u, 'info_requests.create', 'info_requests.approve', 'persons.create', 'screening.create'),
  },
  {
    href: '/grants',
    label: 'nav.grants',
    active: (p) => p === '/grants',
    show: (u, g) => g || has(u, 'info_requests.create', 'break_glass'),
  },
  { href: '/alerts', label: 'nav.alerts', active: (p) => p === '/alerts', show: (u) => has(u, 'oversight.view') },
  { href: '/sessions', label: 'nav.sessions', active: (p) => p === '/sessions', show: () => true },
];

/** A menu entry's count as a USWDS tag; read as "3 unread" after the label. */
function NavBadge(props: { use: () => number | null }) {
  const { t } = useI18n();
  const n = props.use();
  if (n === null || n <= 0) return null;
  const shown = n > 99 ? '99+' : String(n);
  return (
    <>
      {' '}
      <span class="usa-tag nrm-nav-badge" aria-hidden="true" data-testid="nav-badge">
        {shown}
      </span>
      <span class="usa-sr-only">({t('nav.unread', { n: shown })})</span>
    </>
  );
}

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div class="nrm-lang" role="group" aria-label={t('lang.label')}>
      {LANGS.map((l) => (
        <button
          type="button"
          key={l}
          lang={l}
          class={`nrm-lang__button${l === lang ? ' is-current' : ''}`}
          aria-pressed={l === lang ? 'true' : 'false'}
          data-lang={l}
          onClick={() => setLang(l)}
        >
          {LANG_NAMES[l]}
        </button>
      ))}
    </div>
  );
}

export function Header(props: { user: User | null; hasGrants?: boolean; path: string; onLogout: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    document.body.classList.toggle('usa-js-mobile-nav--active', open);
    if (open) closeRef.current?.focus();
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        menuRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  const go = (e: MouseEvent, href: string) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    setOpen(false);
    navigate(href);
  };

  const user = props.user;
  return (
    <header class="nrm-banner">
      <div class="nrm-utility">
        <div class="nrm-utility__inner">
          {user && (
            <span class="nrm-utility__user" data-testid="signed-in-as">
              {t('nav.signedInAs', { name: user.display_name || user.username })}
            </span>
          )}
          <LanguageSwitch />
          {user && (
            <button type="button" class="nrm-utility__logout" onClick={props.onLogout}>
              {t('nav.logout')}
            </button>
          )}
        </div>
      </div>
      <div class={`usa-overlay${open ? ' is-visible' : ''}`} onClick={() => setOpen(false)} />
      <div class="usa-header usa-header--basic">
        <div class="usa-nav-container">
          <div class="usa-navbar">
            <div class="usa-logo">
              <em class="usa-logo__text">
                <a href="/" onClick={(e) => go(e, '/')}>
                  {t('app.name')}
                  <span class="nrm-tagline">{t('app.tagline')}</span>
                </a>
              </em>
            </div>
            {user && (
              <button type="button" class="usa-menu-btn" ref={menuRef} aria-expanded={open} onClick={() => setOpen(true)}>
                {t('nav.menu')}
              </button>
            )}
          </div>
          {user && (
            <nav aria-label={t('nav.label')} class={`usa-nav${open ? ' is-visible' : ''}`}>
              <button type="button" class="usa-nav__close" ref={closeRef} onClick={() => setOpen(false)}>
                <img src={closeIcon} role="img" alt={t('nav.close')} />
              </button>
              <ul class="usa-nav__primary usa-accordion">
                {[...NAV.slice(0, -1), ...FEATURES.flatMap((f) => f.nav), ...NAV.slice(-1)]
                  .filter((n) => n.show(user, !!props.hasGrants))
                  .map((n) => {
                    const active = n.active(props.path);
                    return (
                      <li class="usa-nav__primary-item" key={n.href}>
                        <a
                          href={n.href}
                          class={`usa-nav-link${active ? ' usa-current' : ''}`}
                          aria-current={active ? 'page' : undefined}
                          onClick={(e) => go(e, n.href)}
                        >
                          <span>{t(n.label)}</span>
                          {n.badge && <NavBadge use={n.badge} />}
                        </a>
                      </li>
                    );
                  })}
              </ul>
            </nav>
          )}
        </div>
      </div>
    </header>
  );
}
