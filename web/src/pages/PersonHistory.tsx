import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api';
import type { Agency, HistoryLine, User } from '../api';
import { LiveRegion } from '../components/Alert';
import { ClassList, Mono } from '../components/AccessBits';
import { ErrorAlert } from '../components/ErrorAlert';
import { describeError } from '../components/errors';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { useI18n } from '../i18n';

/**
 * "Who has seen this person's record": the audit lines about one record. The
 * page reads the history only, not the record itself (that would be one more
 * read in the history). Actors are user ids unless the viewer may list users.
 */
export function PersonHistory(props: { id: string; user: User }) {
  const i18n = useI18n();
  const { t, lang, codeName, formatDateTime } = i18n;
  const mayListUsers = props.user.capabilities.includes('users.manage');
  const [items, setItems] = useState<HistoryLine[] | null>(null);
  const [users, setUsers] = useState<User[]>([]);
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [error, setError] = useState<{ message: string; detail?: string } | null>(null);

  const load = () => {
    setError(null);
    api
      .accessHistory(props.id)
      .then((r) => setItems(r.items))
      .catch((e) => setError(describeError(i18n, e)));
  };

  useEffect(() => {
    load();
    api
      .agencies()
      .then((r) => setAgencies(r.items))
      .catch(() => {});
    if (mayListUsers)
      api
        .users()
        .then((r) => setUsers(r.items))
        .catch(() => {});
  }, []);

  const userName = useMemo(() => new Map(users.map((u) => [u.id, u.display_name || u.username])), [users]);
  const agencyName = useMemo(() => new Map(agencies.map((a) => [a.id, a.short[lang] || a.name[lang] || a.code])), [agencies, lang]);

  return (
    <Page title={t('history.title')} lead={t('history.intro')}>
      <p>
        <Link href={`/persons/${encodeURIComponent(props.id)}`}>{t('history.back')}</Link>
      </p>
      <dl class="nrm-dl">
        <dt>{t('history.record')}</dt>
        <dd>
          <Mono value={props.id} />
        </dd>
      </dl>
      <LiveRegion>{error && <ErrorAlert error={error} onReload={load} />}</LiveRegion>
      {items === null ? (
        !error && <p role="status">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('history.empty')}</p>
      ) : (
        <>
          <p class="text-base-dark">{t('history.count', { count: items.length })}</p>
          {!mayListUsers && <p class="nrm-notice">{t('history.idsNote')}</p>}
          <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-label={t('history.caption')}>
            <table class="usa-table usa-table--borderless usa-table--compact nrm-table nrm-table--wrap" data-testid="history-table">
              <caption class="usa-sr-only">{t('history.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('history.col.at')}</th>
                  <th scope="col">{t('history.col.action')}</th>
                  <th scope="col">{t('history.col.actor')}</th>
                  <th scope="col">{t('history.col.fields')}</th>
                  <th scope="col">{t('history.col.grants')}</th>
                  <th scope="col">{t('history.col.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((h) => (
                  <tr key={h.seq} data-action={h.action} data-actor={h.actor_user_id} data-outcome={h.outcome}>
                    <th scope="row" class="nrm-nowrap">
                      {formatDateTime(h.at)}
                    </th>
                    <td>
                      {codeName('action.', h.action)}
                      {h.purpose && <div class="nrm-detail text-base-dark">{t('history.purpose', { purpose: h.purpose })}</div>}
                    </td>
                    <td>
                      {userName.get(h.actor_user_id) ?? <Mono value={h.actor_user_id} />}
                      {h.actor_agency_id && (
                        <div class="nrm-detail">{agencyName.get(h.actor_agency_id) ?? <Mono value={h.actor_agency_id} />}</div>
                      )}
                    </td>
                    <td>
                      <ClassList classes={h.fields ?? []} />
                    </td>
                    <td>
                      {h.grant_ids && h.grant_ids.length > 0 ? (
                        <ul class="usa-list usa-list--unstyled">
                          {h.grant_ids.map((g) => (
                            <li key={g}>
                              <Mono value={g} />
                            </li>
                          ))}
                        </ul>
                      ) : (
                        t('common.none')
                      )}
                    </td>
                    <td>
                      <span class={`usa-tag nrm-tag-${h.outcome === 'allow' ? 'active' : 'disabled'}`}>
                        {codeName('outcome.', h.outcome)}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Page>
  );
}
