import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import type { OversightAlert, User } from '../api';
import { Alert, LiveRegion } from '../components/Alert';
import { Mono } from '../components/AccessBits';
import { ErrorAlert } from '../components/ErrorAlert';
import { describeError } from '../components/errors';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { useI18n } from '../i18n';

type Failure = { message: string; detail?: string | undefined };

/** Oversight alerts (break glass, unusual activity) with "acknowledge". */
export function Alerts(props: { user: User }) {
  const i18n = useI18n();
  const { t, codeName, formatDateTime } = i18n;
  const [all, setAll] = useState(false);
  const [items, setItems] = useState<OversightAlert[] | null>(null);
  const [users, setUsers] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<Failure | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const load = (withAll = all) => {
    setError(null);
    api
      .alerts(withAll)
      .then((r) => setItems(r.items))
      .catch((e) => setError(describeError(i18n, e)));
  };
  useEffect(() => {
    load();
    if (props.user.capabilities.includes('users.manage'))
      api
        .users()
        .then((r) => setUsers(new Map(r.items.map((u) => [u.id, u.display_name || u.username]))))
        .catch(() => {});
  }, []);

  const acknowledge = async (a: OversightAlert) => {
    setBusy(a.id);
    setError(null);
    setNotice('');
    try {
      await api.acknowledgeAlert(a.id);
      if (all) load(true);
      else setItems((cur) => (cur ? cur.filter((x) => x.id !== a.id) : cur));
      setNotice(t('alerts.acked'));
      setTimeout(() => noticeRef.current?.focus(), 0);
    } catch (e) {
      setError(describeError(i18n, e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Page title={t('alerts.title')} lead={t('alerts.intro')}>
      <div class="usa-checkbox margin-bottom-2">
        <input
          class="usa-checkbox__input"
          id="alerts-all"
          type="checkbox"
          checked={all}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            setAll(on);
            load(on);
          }}
        />
        <label class="usa-checkbox__label" for="alerts-all">
          {t('alerts.showAll')}
        </label>
      </div>
      <LiveRegion>
        {notice && (
          <div ref={noticeRef} tabIndex={-1}>
            <Alert type="success" slim testId="alerts-notice">
              {notice}
            </Alert>
          </div>
        )}
        {error && <ErrorAlert error={error} onReload={() => load()} />}
      </LiveRegion>
      {items === null ? (
        !error && <p role="status">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p data-testid="alerts-empty">{t('alerts.empty')}</p>
      ) : (
        <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-label={t('alerts.caption')}>
          <table class="usa-table usa-table--borderless nrm-table nrm-table--wrap" data-testid="alerts-table">
            <caption class="usa-sr-only">{t('alerts.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('alerts.col.at')}</th>
                <th scope="col">{t('alerts.col.kind')}</th>
                <th scope="col">{t('alerts.col.actor')}</th>
                <th scope="col">{t('alerts.col.object')}</th>
                <th scope="col">{t('alerts.col.detail')}</th>
                <th scope="col">{t('alerts.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id} data-alert-id={a.id} data-kind={a.kind} data-object-id={a.object_id || undefined}>
                  <th scope="row" class="nrm-nowrap">
                    {formatDateTime(a.created_at)}
                  </th>
                  <td>
                    <span class={`usa-tag ${a.kind === 'break_glass' ? 'nrm-tag-disabled' : 'nrm-tag-coming'}`}>
                      {codeName('alertKind.', a.kind)}
                    </span>
                  </td>
                  <td>{users.get(a.actor_user_id) ?? <Mono value={a.actor_user_id} />}</td>
                  <td>
                    {a.object_type === 'person' && a.object_id ? (
                      <>
                        <Mono value={a.object_id} />
                        <div>
                          <Link href={`/persons/${encodeURIComponent(a.object_id)}/history`}>{t('alerts.history')}</Link>
                        </div>
                      </>
                    ) : (
                      t('common.none')
                    )}
                  </td>
                  <td class="nrm-notes">{a.detail || t('common.none')}</td>
                  <td>
                    {a.acknowledged_at ? (
                      <span class="nrm-detail">{t('alerts.ackedAt', { time: formatDateTime(a.acknowledged_at) })}</span>
                    ) : (
                      <button
                        type="button"
                        class="usa-button usa-button--small nrm-button-small"
                        disabled={busy === a.id}
                        onClick={() => acknowledge(a)}
                        data-action="acknowledge"
                      >
                        {t('alerts.ack')}
                        <span class="usa-sr-only">
                          : {codeName('alertKind.', a.kind)}, {formatDateTime(a.created_at)}
                        </span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
