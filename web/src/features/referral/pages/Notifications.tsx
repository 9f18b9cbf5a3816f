// The user's inbox: each notice is a kind, a time and a link; opening one
// marks it read. Notices carry no personal data (src/notify/service.h).
import { useCallback, useEffect, useState } from 'preact/hooks';
import { Alert, LiveRegion } from '../../../components/Alert';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { describeError } from '../../../components/errors';
import { Page } from '../../../components/Page';
import { hasKey, useI18n } from '../../../i18n';
import { navigate } from '../../../router';
import { notifyApi } from '../api';
import type { Notice } from '../api';
import { setUnread } from '../unread';

type Failure = { message: string; detail?: string | undefined };

/** A link inside the UI only: a path, no scheme, host, query or fragment. */
function safeLink(l: string): string | null {
  return /^\/[A-Za-z0-9/_-]*$/.test(l) && !l.includes('//') ? l : null;
}

export function Notifications() {
  const i18n = useI18n();
  const { t, codeName, formatDateTime } = i18n;
  const [items, setItems] = useState<Notice[] | null>(null);
  const [unread, setUnreadLocal] = useState(0);
  const [next, setNext] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    setFailure(null);
    notifyApi
      .list()
      .then((r) => {
        setItems(r.items);
        setNext(r.next_before);
        setUnreadLocal(r.unread);
        setUnread(r.unread);
      })
      .catch((e) => setFailure(describeError(i18n, e)));
  }, [i18n]);

  useEffect(load, []);

  const more = async () => {
    if (!next) return;
    try {
      const r = await notifyApi.list(next);
      setItems((cur) => [...(cur ?? []), ...r.items]);
      setNext(r.next_before);
    } catch (e) {
      setFailure(describeError(i18n, e));
    }
  };

  const markOne = async (n: Notice) => {
    const updated = await notifyApi.markRead(n.id);
    setItems((cur) => (cur ?? []).map((x) => (x.id === n.id ? updated : x)));
    if (!n.read_at) {
      setUnreadLocal((u) => {
        const v = Math.max(0, u - 1);
        setUnread(v);
        return v;
      });
    }
  };

  const open = async (e: MouseEvent, n: Notice) => {
    const link = safeLink(n.link);
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    try {
      if (!n.read_at) await markOne(n);
    } catch {
      // Opening matters more than the mark.
    }
    if (link) navigate(link);
  };

  const readAll = async () => {
    setBusy(true);
    setNotice('');
    try {
      const r = await notifyApi.markAllRead();
      setNotice(t('ntf.allRead', { count: r.marked }));
      setUnreadLocal(0);
      setUnread(0);
      load();
    } catch (e) {
      setFailure(describeError(i18n, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t('ntf.title')}>
      <LiveRegion>
        {failure && <ErrorAlert error={failure} onReload={load} />}
        {notice && (
          <Alert type="success" slim testId="ntf-notice">
            {notice}
          </Alert>
        )}
      </LiveRegion>
      {items === null && !failure && <p role="status">{t('app.loading')}</p>}
      {items !== null && (
        <>
          <p data-testid="ntf-unread">{unread > 0 ? t('ntf.unread', { count: unread }) : t('ntf.noneUnread')}</p>
          {unread > 0 && (
            <button type="button" class="usa-button usa-button--outline" onClick={readAll} disabled={busy} data-testid="ntf-read-all">
              {t('ntf.readAll')}
            </button>
          )}
          {items.length === 0 ? (
            <p data-testid="ntf-empty">{t('ntf.empty')}</p>
          ) : (
            <ul class="usa-list usa-list--unstyled nrm-ntf" data-testid="ntf-list">
              {items.map((n) => {
                const link = safeLink(n.link);
                const title = hasKey(`ntfKind.${n.kind}`) ? codeName('ntfKind.', n.kind) : t('ntf.generic');
                return (
                  <li
                    key={n.id}
                    class={`nrm-ntf__item${n.read_at ? '' : ' is-unread'}`}
                    data-kind={n.kind}
                    data-read={n.read_at ? 'true' : 'false'}
                  >
                    <div class="nrm-ntf__main">
                      {!n.read_at && <span class="usa-tag nrm-ntf__new">{t('ntf.new')}</span>}{' '}
                      {link ? (
                        <a href={link} onClick={(e) => open(e, n)} data-testid="ntf-open">
                          {title}
                        </a>
                      ) : (
                        <span>{title}</span>
                      )}
                    </div>
                    <div class="nrm-ntf__meta">
                      <time dateTime={n.created_at}>{formatDateTime(n.created_at)}</time>
                      {!n.read_at && (
                        <>
                          {' · '}
                          <button
                            type="button"
                            class="usa-button usa-button--unstyled"
                            onClick={() => markOne(n).catch((e) => setFailure(describeError(i18n, e)))}
                            data-testid="ntf-mark"
                          >
                            {t('ntf.markRead')}
                            <span class="usa-sr-only">: {title}</span>
                          </button>
                        </>
                      )}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
          {next && (
            <button type="button" class="usa-button usa-button--unstyled margin-top-2" onClick={more}>
              {t('ntf.more')}
            </button>
          )}
        </>
      )}
    </Page>
  );
}
