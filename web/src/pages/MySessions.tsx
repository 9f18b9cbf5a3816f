import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { SessionRow } from '../api';
import { Alert, LiveRegion } from '../components/Alert';
import { describeError } from '../components/errors';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { SessionsTable } from '../components/SessionsTable';
import { useI18n } from '../i18n';

export function MySessions(props: { onSignedOut: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [items, setItems] = useState<SessionRow[] | null>(null);
  const [error, setError] = useState<{ message: string; detail?: string } | null>(null);
  const [notice, setNotice] = useState('');
  const [busyId, setBusyId] = useState<string | null>(null);

  const load = useCallback(() => {
    setError(null);
    api
      .sessions()
      .then((r) => setItems(r.items))
      .catch((e) => setError(describeError(i18n, e)));
  }, [i18n]);

  useEffect(load, []);

  const revoke = async (s: SessionRow) => {
    setBusyId(s.id);
    setError(null);
    setNotice('');
    try {
      await api.revokeSession(s.id);
      if (s.current) {
        props.onSignedOut();
        return;
      }
      setItems((cur) => (cur ? cur.filter((x) => x.id !== s.id) : cur));
      setNotice(t('sessions.revoked'));
    } catch (e) {
      setError(describeError(i18n, e));
    } finally {
      setBusyId(null);
    }
  };

  return (
    <Page title={t('sessions.title')} lead={t('sessions.intro')}>
      <LiveRegion>
        {notice && (
          <Alert type="success" slim>
            {notice}
          </Alert>
        )}
        {error && <ErrorAlert error={error} />}
      </LiveRegion>
      {items === null ? (
        !error && <p role="status">{t('app.loading')}</p>
      ) : (
        <SessionsTable items={items} caption={t('sessions.caption')} busyId={busyId} onRevoke={revoke} testId="my-sessions" />
      )}
    </Page>
  );
}
