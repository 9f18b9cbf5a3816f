import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Agency, User, Capability } from '../api';
import { can } from '../api';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { useI18n } from '../i18n';
import type { Key } from '../i18n';

type PanelId =
  | 'screen'
  | 'myReferrals'
  | 'intake'
  | 'myCases'
  | 'unitCases'
  | 'plan'
  | 'infoRequests'
  | 'meetings'
  | 'needs'
  | 'contacts'
  | 'residents'
  | 'incoming'
  | 'services'
  | 'myTasks'
  | 'reports'
  | 'stats'
  | 'users'
  | 'agencies'
  | 'sessions'
  | 'audit'
  | 'health'
  | 'persons'
  | 'grants'
  | 'alerts';

/** The work areas of each role. Modules still to come show an empty panel. */
const ROLE_PANELS: Record<string, PanelId[]> = {
  coordinator: ['plan', 'infoRequests', 'alerts', 'meetings', 'needs', 'stats'],
  spu_investigator: ['intake', 'myCases'],
  spu_supervisor: ['intake', 'unitCases'],
  border_officer: ['screen', 'myReferrals'],
  police_liaison: ['screen', 'myReferrals'],
  hotline_operator: ['contacts', 'myReferrals'],
  shelter_staff: ['residents', 'incoming'],
  ngo_caseworker: ['services', 'incoming'],
  ministry_focal: ['myTasks', 'reports'],
  donor: ['needs', 'stats'],
  analyst: ['stats'],
  admin: ['users', 'agencies', 'sessions', 'audit', 'health'],
  oversight_officer: ['alerts'],
};

const has = (u: User, ...caps: Capability[]) => can(u, ...caps);

/** Panels whose page exists already, with who may use it. */
const LIVE: Partial<Record<PanelId, { href: string; usable?: (u: User, hasGrants: boolean) => boolean }>> = {
  users: { href: '/admin/users', usable: (u) => has(u, 'users.manage') },
  agencies: { href: '/admin/agencies', usable: (u) => has(u, 'agencies.manage') },
  sessions: { href: '/sessions' },
  persons: { href: '/persons' },
  infoRequests: { href: '/requests' },
  grants: { href: '/grants' },
  alerts: { href: '/alerts', usable: (u) => has(u, 'oversight.view') },
  screen: { href: '/referrals/new', usable: (u) => has(u, 'referrals.create') },
  myReferrals: { href: '/referrals' },
  intake: { href: '/referrals/intake', usable: (u) => has(u, 'referrals.receive') },
  incoming: { href: '/referrals/incoming', usable: (u) => has(u, 'referrals.receive_onward') },
  plan: { href: '/plan' },
  meetings: { href: '/meetings' },
  needs: { href: '/resources' },
  myTasks: { href: '/my-tasks', usable: (u) => has(u, 'plan.report') },
  reports: { href: '/my-tasks', usable: (u) => has(u, 'plan.report') },
  // The dashboard for those who review the plan; the board for the others.
  stats: { href: '/plan' },
};

export function panelsFor(user: User, hasGrants = false): PanelId[] {
  const out: PanelId[] = [];
  const add = (p: PanelId) => {
    if (!out.includes(p)) out.push(p);
  };
  for (const r of user.roles) for (const p of ROLE_PANELS[r] ?? []) add(p);
  // A capability granted without the admin role still shows its page.
  if (user.capabilities.includes('users.manage')) add('users');
  if (user.capabilities.includes('agencies.manage')) add('agencies');
  // The need-to-know pages follow capabilities and grants, whatever the role.
  if (hasGrants || has(user, 'persons.create', 'screening.create')) add('persons');
  if (has(user, 'info_requests.create', 'info_requests.approve')) add('infoRequests');
  if (hasGrants || has(user, 'info_requests.create', 'break_glass')) add('grants');
  if (has(user, 'oversight.view')) add('alerts');
  return out;
}

export function Home(props: { user: User; hasGrants?: boolean }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const user = props.user;
  const [agency, setAgency] = useState<Agency | null>(null);

  useEffect(() => {
    if (!user.agency_id) return;
    let live = true;
    api
      .agencies()
      .then((r) => {
        if (live) setAgency(r.items.find((a) => a.id === user.agency_id) ?? null);
      })
      .catch(() => {
        // The agency line is a courtesy; the page works without it.
      });
    return () => {
      live = false;
    };
  }, [user.agency_id]);

  const panels = panelsFor(user, !!props.hasGrants);
  return (
    <Page title={t('home.title')}>
      <p class="usa-intro margin-top-1" data-testid="welcome">
        {t('home.welcome', { name: user.display_name || user.username })}
      </p>
      <ul class="usa-list usa-list--unstyled nrm-facts">
        {user.roles.length > 0 && <li>{t('home.roles', { roles: user.roles.map(i18n.roleName).join(', ') })}</li>}
        {agency && <li>{t('home.agency', { agency: agency.name[lang] || agency.name.az })}</li>}
      </ul>
      <h2>{t('home.panelsHeading')}</h2>
      {panels.length === 0 ? (
        <p>{t('home.noRoles')}</p>
      ) : (
        <ul class="usa-card-group" data-testid="panels">
          {panels.map((p) => {
            const live = LIVE[p];
            const usable = live && (!live.usable || live.usable(user, !!props.hasGrants));
            const title = t(`panel.${p}.title` as Key);
            const headingId = `panel-${p}-heading`;
            return (
              <li class="usa-card tablet:grid-col-6 desktop:grid-col-4" key={p} data-panel={p}>
                <div class="usa-card__container">
                  <div class="usa-card__header">
                    <h3 class="usa-card__heading" id={headingId}>
                      {title}
                    </h3>
                  </div>
                  <div class="usa-card__body">
                    <p>{t(`panel.${p}.desc` as Key)}</p>
                    {!usable && <p class="nrm-coming">{t('home.coming')}</p>}
                  </div>
                  <div class="usa-card__footer">
                    {usable && live ? (
                      <Link href={live.href} class="usa-button">
                        {t('home.open')}
                        <span class="usa-sr-only">: {title}</span>
                      </Link>
                    ) : (
                      <span class="usa-tag nrm-tag-coming">{t('home.comingTag')}</span>
                    )}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Page>
  );
}
