import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import type { Grant, User } from '../api';
import { Alert, LiveRegion } from '../components/Alert';
import { ClassList, Mono } from '../components/AccessBits';
import { ErrorAlert } from '../components/ErrorAlert';
import { describeError } from '../components/errors';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { useI18n } from '../i18n';

type Failure = { message: string; detail?: string | undefined };

/**
 * The caller's live grants, each with "give back". A grant names its record by
 * id only; the reference code is filled in from the caller's own information
 * requests where one led to the grant (reading the records to learn their
 * codes would be audited reads of personal data).
 */
export function Grants(props: { user: User; onChanged?: () => void }) {
  const i18n = useI18n();
  const { t, codeName, formatDateTime } = i18n;
  const [items, setItems] = useState<Grant[] | null>(null);
  const [refs, setRefs] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<Failure | null>(null);
  const [notice, setNotice] = useState('');
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const load = () => {
    setError(null);
    api
      .grants()
      .then((r) => setItems(r.items))
      .catch((e) => setError(describeError(i18n, e)));
    if (props.user.capabilities.includes('info_requests.create'))
      api
        .infoRequests('mine')
        .then((r) => {
          const m = new Map<string, string>();
          for (const q of r.items) if (q.object_reference) m.set(q.object_id, q.object_reference);
          setRefs(m);
        })
        .catch(() => {});
  };
  useEffect(load, []);

  useEffect(() => {
    if (confirming) document.getElementById(`confirm-${confirming}`)?.focus();
  }, [confirming]);

  const giveBack = async (g: Grant) => {
    setBusy(g.id);
    setError(null);
    setNotice('');
    try {
      await api.revokeGrant(g.id);
      setItems((cur) => (cur ? cur.filter((x) => x.id !== g.id) : cur));
      setConfirming(null);
      setNotice(t('grants.returned'));
      setTimeout(() => noticeRef.current?.focus(), 0);
      props.onChanged?.();
    } catch (e) {
      setError(describeError(i18n, e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Page title={t('grants.title')} lead={t('grants.intro')}>
      <LiveRegion>
        {notice && (
          <div ref={noticeRef} tabIndex={-1}>
            <Alert type="success" slim testId="grants-notice">
              {notice}
            </Alert>
          </div>
        )}
        {error && <ErrorAlert error={error} onReload={load} />}
      </LiveRegion>
      {items === null ? (
        !error && <p role="status">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p data-testid="grants-empty">{t('grants.empty')}</p>
      ) : (
        <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-label={t('grants.caption')}>
          <table class="usa-table usa-table--borderless nrm-table nrm-table--wrap" data-testid="grants-table">
            <caption class="usa-sr-only">{t('grants.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('grants.col.object')}</th>
                <th scope="col">{t('grants.col.kind')}</th>
                <th scope="col">{t('grants.col.fields')}</th>
                <th scope="col">{t('grants.col.purpose')}</th>
                <th scope="col">{t('grants.col.expires')}</th>
                <th scope="col">{t('grants.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((g) => {
                const ref = refs.get(g.object_id);
                const label = ref ?? g.object_id;
                return (
                  <tr key={g.id} data-grant-id={g.id} data-object-id={g.object_id} data-reference={ref} data-kind={g.kind}>
                    <th scope="row">
                      {g.object_type === 'person' ? (
                        <Link href={`/persons/${encodeURIComponent(g.object_id)}`} class={ref ? 'nrm-mono nrm-nowrap' : 'nrm-mono nrm-id'}>
                          {label}
                        </Link>
                      ) : (
                        <Mono value={g.object_id} />
                      )}
                    </th>
                    <td>{codeName('grantKind.', g.kind)}</td>
                    <td>
                      <ClassList classes={g.fields} />
                    </td>
                    <td class="nrm-notes">{g.purpose || t('common.none')}</td>
                    <td>{g.expires_at ? formatDateTime(g.expires_at) : t('grants.noExpiry')}</td>
                    <td>
                      {confirming === g.id ? (
                        <div role="group" aria-labelledby={`confirm-text-${g.id}`} class="nrm-confirm">
                          <p id={`confirm-text-${g.id}`} class="margin-top-0 nrm-detail">
                            {t('grants.confirmText')}
                          </p>
                          <div class="nrm-actions">
                            <button
                              type="button"
                              id={`confirm-${g.id}`}
                              class="usa-button usa-button--secondary usa-button--small nrm-button-small"
                              disabled={busy === g.id}
                              onClick={() => giveBack(g)}
                              data-action="confirm-give-back"
                            >
                              {t('grants.confirm')}
                              <span class="usa-sr-only">: {label}</span>
                            </button>
                            <button
                              type="button"
                              class="usa-button usa-button--outline usa-button--small nrm-button-small"
                              onClick={() => {
                                setConfirming(null);
                                setTimeout(() => document.getElementById(`give-back-${g.id}`)?.focus(), 0);
                              }}
                            >
                              {t('common.cancel')}
                            </button>
                          </div>
                        </div>
                      ) : (
                        <button
                          type="button"
                          id={`give-back-${g.id}`}
                          class="usa-button usa-button--outline usa-button--small nrm-button-small"
                          onClick={() => setConfirming(g.id)}
                          data-action="give-back"
                        >
                          {t('grants.giveBack')}
                          <span class="usa-sr-only">: {label}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
