import type { SessionRow } from '../api';
import { useI18n } from '../i18n';

/** Active sessions with a revoke button each. Shared by "My sessions" and user administration. */
export function SessionsTable(props: {
  items: SessionRow[];
  caption: string;
  busyId: string | null;
  onRevoke: (s: SessionRow) => void;
  testId?: string;
}) {
  const { t, formatDateTime } = useI18n();
  // The current session first, then the most recently active.
  const items = [...props.items].sort(
    (a, b) => Number(b.current) - Number(a.current) || (b.last_seen_at > a.last_seen_at ? 1 : b.last_seen_at < a.last_seen_at ? -1 : 0),
  );
  if (items.length === 0) return <p data-testid={props.testId ? `${props.testId}-empty` : undefined}>{t('sessions.empty')}</p>;
  return (
    <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-label={props.caption}>
      <table class="usa-table usa-table--borderless nrm-table" data-testid={props.testId}>
        <caption class="usa-sr-only">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sessions.col.created')}</th>
            <th scope="col">{t('sessions.col.lastSeen')}</th>
            <th scope="col">{t('sessions.col.expires')}</th>
            <th scope="col">{t('sessions.col.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.id} data-session-id={s.id} data-current={s.current ? 'true' : 'false'}>
              <td>
                {formatDateTime(s.created_at)}
                {s.current && <span class="usa-tag margin-left-1 nrm-tag-current">{t('sessions.current')}</span>}
              </td>
              <td>{formatDateTime(s.last_seen_at)}</td>
              <td>{formatDateTime(s.expires_at)}</td>
              <td>
                <button
                  type="button"
                  class="usa-button usa-button--secondary usa-button--small nrm-button-small"
                  disabled={props.busyId === s.id}
                  onClick={() => props.onRevoke(s)}
                >
                  {t('sessions.revoke')}
                  <span class="usa-sr-only">
                    {' '}
                    ({t('sessions.col.created')}: {formatDateTime(s.created_at)})
                  </span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
