import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import type { Agency, SessionRow, User } from '../api';
import { Alert, LiveRegion } from '../components/Alert';
import { ErrorAlert } from '../components/ErrorAlert';
import { describeError } from '../components/errors';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { SessionsTable } from '../components/SessionsTable';
import { useI18n } from '../i18n';

type Failure = { message: string; detail?: string | undefined };

export function Users(props: { me: User; onMeChanged: (u: User) => void }) {
  const i18n = useI18n();
  const { t, lang, collator } = i18n;
  const [users, setUsers] = useState<User[] | null>(null);
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [error, setError] = useState<Failure | null>(null);
  const [conflict, setConflict] = useState(false);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [desc, setDesc] = useState(false);
  const [sessionsOf, setSessionsOf] = useState<User | null>(null);
  const [sessions, setSessions] = useState<SessionRow[] | null>(null);
  const [sessionsError, setSessionsError] = useState<Failure | null>(null);
  const [sessionBusy, setSessionBusy] = useState<string | null>(null);
  const sessionsHeading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(() => {
    setError(null);
    setConflict(false);
    Promise.all([api.users(), api.agencies().catch(() => ({ items: [] as Agency[] }))])
      .then(([u, a]) => {
        setUsers(u.items);
        setAgencies(a.items);
      })
      .catch((e) => setError(describeError(i18n, e)));
  }, [i18n]);

  useEffect(load, []);

  const agencyName = useMemo(() => {
    const m = new Map(agencies.map((a) => [a.id, a]));
    return (id: string | null) => {
      const a = id ? m.get(id) : undefined;
      return a ? a.short[lang] || a.name[lang] || a.code : t('common.none');
    };
  }, [agencies, lang, t]);

  const sorted = useMemo(() => {
    if (!users) return [];
    const list = [...users].sort(
      (a, b) => collator.compare(a.display_name || a.username, b.display_name || b.username) || collator.compare(a.username, b.username),
    );
    return desc ? list.reverse() : list;
  }, [users, collator, desc]);

  const toggle = async (u: User) => {
    setBusy(u.id);
    setError(null);
    setConflict(false);
    setNotice('');
    try {
      const updated = await api.updateUser(u.id, { version: u.version, disabled: !u.disabled });
      setUsers((cur) => (cur ? cur.map((x) => (x.id === updated.id ? updated : x)) : cur));
      if (updated.id === props.me.id) props.onMeChanged(updated);
      const name = updated.display_name || updated.username;
      setNotice(updated.disabled ? t('users.disabledNotice', { name }) : t('users.enabledNotice', { name }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setConflict(true);
      setError(describeError(i18n, e));
    } finally {
      setBusy(null);
    }
  };

  const showSessions = async (u: User) => {
    setSessionsOf(u);
    setSessions(null);
    setSessionsError(null);
    try {
      const r = await api.sessions(u.id);
      setSessions(r.items);
    } catch (e) {
      setSessionsError(describeError(i18n, e));
    }
    sessionsHeading.current?.focus();
  };

  useEffect(() => {
    if (sessionsOf) sessionsHeading.current?.focus();
  }, [sessionsOf]);

  const revoke = async (s: SessionRow) => {
    setSessionBusy(s.id);
    setSessionsError(null);
    setNotice('');
    try {
      await api.revokeSession(s.id);
      setSessions((cur) => (cur ? cur.filter((x) => x.id !== s.id) : cur));
      setNotice(t('sessions.revoked'));
    } catch (e) {
      setSessionsError(describeError(i18n, e));
    } finally {
      setSessionBusy(null);
    }
  };

  const sortState = desc ? 'descending' : 'ascending';
  return (
    <Page title={t('users.title')} lead={t('users.intro')}>
      <p>
        <Link href="/admin/users/new" class="usa-button" data-testid="new-user">
          {t('users.new')}
        </Link>
      </p>
      <LiveRegion>
        {notice && (
          <Alert type="success" slim testId="users-notice">
            {notice}
          </Alert>
        )}
        {error && <ErrorAlert error={error} onReload={conflict || !users ? load : undefined} />}
      </LiveRegion>
      {users === null ? (
        !error && <p role="status">{t('app.loading')}</p>
      ) : users.length === 0 ? (
        <p>{t('users.empty')}</p>
      ) : (
        <>
          <p class="text-base-dark">{t('users.count', { count: users.length })}</p>
          <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-label={t('users.caption')}>
            <table class="usa-table usa-table--borderless nrm-table" data-testid="users-table">
              <caption class="usa-sr-only">{t('users.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col" aria-sort={sortState}>
                    <button type="button" class="nrm-sort" onClick={() => setDesc(!desc)} title={t('users.sortBy')} data-testid="sort-name">
                      {t('users.col.name')}
                      <span class="nrm-sort__icon" aria-hidden="true">
                        {desc ? ' ▼' : ' ▲'}
                      </span>
                      <span class="usa-sr-only">, {desc ? t('users.sortedDesc') : t('users.sortedAsc')}</span>
                    </button>
                  </th>
                  <th scope="col">{t('users.col.agency')}</th>
                  <th scope="col">{t('users.col.roles')}</th>
                  <th scope="col">{t('users.col.status')}</th>
                  <th scope="col">{t('users.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((u) => {
                  const name = u.display_name || u.username;
                  const isMe = u.id === props.me.id;
                  return (
                    <tr key={u.id} data-username={u.username} data-disabled={u.disabled ? 'true' : 'false'}>
                      <th scope="row">
                        <span class="nrm-user-name">{name}</span> {isMe && <span class="text-base-dark">{t('users.you')}</span>}
                        <span class="nrm-username nrm-mono">
                          <span class="usa-sr-only">{t('users.col.username')}: </span>
                          {u.username}
                        </span>
                      </th>
                      <td>{agencyName(u.agency_id)}</td>
                      <td>
                        <ul class="usa-list usa-list--unstyled">
                          {u.roles.map((r) => (
                            <li key={r}>{i18n.roleName(r)}</li>
                          ))}
                        </ul>
                      </td>
                      <td>
                        <span class={`usa-tag ${u.disabled ? 'nrm-tag-disabled' : 'nrm-tag-active'}`} data-testid="user-status">
                          {u.disabled ? t('users.disabled') : t('users.active')}
                        </span>
                        {u.totp_enabled && <div class="font-sans-3xs margin-top-05">{t('users.totpOn')}</div>}
                      </td>
                      <td>
                        <div class="nrm-actions">
                          {!isMe && (
                            <button
                              type="button"
                              class={`usa-button usa-button--small nrm-button-small ${u.disabled ? '' : 'usa-button--secondary'}`}
                              disabled={busy === u.id}
                              onClick={() => toggle(u)}
                              data-action="toggle"
                            >
                              {u.disabled ? t('users.enable') : t('users.disable')}
                              <span class="usa-sr-only">: {name}</span>
                            </button>
                          )}
                          <button
                            type="button"
                            class="usa-button usa-button--outline usa-button--small nrm-button-small"
                            onClick={() => showSessions(u)}
                            aria-expanded={sessionsOf?.id === u.id}
                            aria-controls="user-sessions"
                            data-action="sessions"
                          >
                            {t('users.sessions')}
                            <span class="usa-sr-only">: {name}</span>
                          </button>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      <section id="user-sessions" class="margin-top-4" hidden={!sessionsOf} aria-labelledby="user-sessions-heading">
        {sessionsOf && (
          <>
            <h2 id="user-sessions-heading" ref={sessionsHeading} tabIndex={-1}>
              {t('users.sessionsOf', { name: sessionsOf.display_name || sessionsOf.username })}
            </h2>
            <LiveRegion>{sessionsError && <ErrorAlert error={sessionsError} />}</LiveRegion>
            {sessions === null ? (
              !sessionsError && <p role="status">{t('app.loading')}</p>
            ) : (
              <SessionsTable
                items={sessions}
                caption={t('users.sessionsOf', { name: sessionsOf.display_name || sessionsOf.username })}
                busyId={sessionBusy}
                onRevoke={revoke}
                testId="user-sessions-table"
              />
            )}
            <button type="button" class="usa-button usa-button--unstyled margin-top-2" onClick={() => setSessionsOf(null)}>
              {t('users.hideSessions')}
            </button>
          </>
        )}
      </section>
    </Page>
  );
}
