// The three referral queues: the SPU intake (live SLA timers, acknowledge in
// the row), the referrer's "my referrals" (status only) and an onward
// recipient's intake (shelter, NGO). Each row opens /referrals/{id}.
import { useAgencies } from '../../../agencies';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../../api';
import type { User } from '../../../api';
import { Alert, LiveRegion } from '../../../components/Alert';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { describeError } from '../../../components/errors';
import { Link } from '../../../components/Link';
import { Page } from '../../../components/Page';
import { useI18n } from '../../../i18n';
import { referralApi } from '../api';
import type { Box, Referral } from '../api';
import { StatusTag } from '../../../components/StatusTag';
import { outbox } from '../outbox';
import { setServerTime, SlaTimer, useNow } from '../sla';
import { refreshUnread } from '../unread';

type Failure = { message: string; detail?: string | undefined };

const REFRESH_MS = 30_000;

function useQueue(box: Box, status: 'open' | 'all') {
  const i18n = useI18n();
  const [items, setItems] = useState<Referral[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const load = useCallback(() => {
    referralApi
      .list(box, status)
      .then((r) => {
        setServerTime(r.server_time);
        setItems(r.items);
        setFailure(null);
      })
      .catch((e) => setFailure(describeError(i18n, e)));
  }, [box, status, i18n]);
  useEffect(() => {
    load();
    // New referrals arrive while the queue is open.
    const h = setInterval(load, REFRESH_MS);
    return () => clearInterval(h);
  }, [load]);
  return { items, setItems, failure, load };
}

function OpenFilter(props: { status: 'open' | 'all'; onChange: (s: 'open' | 'all') => void; idPrefix: string }) {
  const { t } = useI18n();
  return (
    <fieldset class="usa-fieldset nrm-ref-filter">
      <legend class="usa-legend usa-sr-only">{t('ref.list.show')}</legend>
      {(['open', 'all'] as const).map((s) => (
        <div class="usa-radio" key={s}>
          <input
            class="usa-radio__input"
            type="radio"
            id={`${props.idPrefix}-${s}`}
            name={`${props.idPrefix}-status`}
            checked={props.status === s}
            onChange={() => props.onChange(s)}
          />
          <label class="usa-radio__label" for={`${props.idPrefix}-${s}`}>
            {t(s === 'open' ? 'ref.list.open' : 'ref.list.all')}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

function refLink(r: Referral) {
  return (
    <Link href={`/referrals/${encodeURIComponent(r.id)}`} class="nrm-mono" data-testid="referral-link">
      {r.reference}
    </Link>
  );
}

/** The SPU intake queue: deadlines count down live; overdue ones stand out. */
export function Intake(props: { user: User }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const { items, setItems, failure, load } = useQueue('intake', status);
  const now = useNow();
  const agencyName = useAgencies().name;
  const [notice, setNotice] = useState('');
  const [rowFailure, setRowFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState('');
  const can = props.user.capabilities.includes('referrals.receive');

  const acknowledge = async (r: Referral) => {
    setBusy(r.id);
    setNotice('');
    setRowFailure(null);
    try {
      const u = await referralApi.acknowledge(r.id, r.version);
      setServerTime(u.server_time);
      setItems((cur) => (cur ?? []).map((x) => (x.id === u.id ? u : x)));
      setNotice(t('ref.ack.done', { reference: u.reference }));
      refreshUnread();
    } catch (e) {
      setRowFailure(e instanceof ApiError && e.status === 409 ? { message: t('err.conflict') } : describeError(i18n, e));
      load();
    } finally {
      setBusy('');
    }
  };

  const overdue = (items ?? []).filter((r) =>
    r.status === 'submitted'
      ? now > Date.parse(r.ack_due_at ?? '')
      : r.status === 'acknowledged' && now > Date.parse(r.decision_due_at ?? ''),
  ).length;

  return (
    <Page title={t('ref.intake.title')} lead={t('ref.intake.lead')}>
      <LiveRegion>
        {failure && <ErrorAlert error={failure} onReload={load} />}
        {rowFailure && <ErrorAlert error={rowFailure} />}
        {notice && (
          <Alert type="success" slim testId="intake-notice">
            {notice}
          </Alert>
        )}
      </LiveRegion>
      <OpenFilter status={status} onChange={setStatus} idPrefix="qi" />
      {items === null && !failure && <p role="status">{t('app.loading')}</p>}
      {items !== null && items.length === 0 && <p data-testid="intake-empty">{t('ref.intake.empty')}</p>}
      {items !== null && items.length > 0 && (
        <>
          {overdue > 0 && (
            <p class="nrm-ref-overdue-note" data-testid="overdue-count">
              {t('ref.intake.overdue', { count: overdue })}
            </p>
          )}
          <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-labelledby="qi-caption">
            <table class="usa-table usa-table--borderless usa-table--stacked nrm-table nrm-ref-table" data-testid="intake-table">
              <caption id="qi-caption" class="usa-sr-only">
                {t('ref.intake.title')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('ref.col.reference')}</th>
                  <th scope="col">{t('ref.col.from')}</th>
                  <th scope="col">{t('ref.col.received')}</th>
                  <th scope="col">{t('ref.col.status')}</th>
                  <th scope="col">{t('ref.col.ackDue')}</th>
                  <th scope="col">{t('ref.col.decisionDue')}</th>
                  <th scope="col">{t('ref.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => {
                  const late =
                    (r.status === 'submitted' && now > Date.parse(r.ack_due_at ?? '')) ||
                    (r.status === 'acknowledged' && now > Date.parse(r.decision_due_at ?? ''));
                  return (
                    <tr
                      key={r.id}
                      data-id={r.id}
                      data-reference={r.reference}
                      data-status={r.status}
                      class={late ? 'nrm-ref-row--overdue' : undefined}
                    >
                      <th scope="row" data-label={t('ref.col.reference')}>
                        {refLink(r)}
                      </th>
                      <td data-label={t('ref.col.from')}>{agencyName(r.from_agency_id)}</td>
                      <td data-label={t('ref.col.received')}>{formatDateTime(r.created_at)}</td>
                      <td data-label={t('ref.col.status')}>
                        <StatusTag palette="nrm-ref-tag" prefix="refStatus." code={r.status} />
                      </td>
                      <td data-label={t('ref.col.ackDue')}>
                        <SlaTimer due={r.ack_due_at} metAt={r.acknowledged_at} now={now} testId="ack-timer" />
                      </td>
                      <td data-label={t('ref.col.decisionDue')}>
                        <SlaTimer due={r.decision_due_at} metAt={r.decided_at} now={now} testId="decision-timer" />
                      </td>
                      <td data-label={t('ref.col.actions')}>
                        {can && r.status === 'submitted' ? (
                          <button
                            type="button"
                            class="usa-button usa-button--small nrm-button-small"
                            disabled={busy === r.id}
                            onClick={() => acknowledge(r)}
                            data-action="acknowledge"
                          >
                            {t('ref.ack.button')}
                            <span class="usa-sr-only">: {r.reference}</span>
                          </button>
                        ) : (
                          <Link
                            href={`/referrals/${encodeURIComponent(r.id)}`}
                            class="usa-button usa-button--outline usa-button--small nrm-button-small"
                            data-action="open"
                          >
                            {t('ref.list.openOne')}
                            <span class="usa-sr-only">: {r.reference}</span>
                          </Link>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Page>
  );
}

/** What my agency sent: the status only, never the case. */
export function MyReferrals(props: { user: User }) {
  const i18n = useI18n();
  const { t, formatDateTime, codeName } = i18n;
  const [status, setStatus] = useState<'open' | 'all'>('all');
  const { items, failure, load } = useQueue('sent', status);
  const agencyName = useAgencies().name;
  const pending = outbox.current();
  const canRefer = props.user.capabilities.includes('referrals.create');

  return (
    <Page title={t('ref.mine.title')} lead={t('ref.mine.lead')}>
      <LiveRegion>
        {failure && <ErrorAlert error={failure} onReload={load} />}
        {(pending.kind === 'waiting' || pending.kind === 'sending' || pending.kind === 'failed') && (
          <Alert type="warning" slim testId="mine-pending">
            {t('ref.mine.pending')} <Link href="/referrals/new">{t('ref.mine.pendingOpen')}</Link>
          </Alert>
        )}
      </LiveRegion>
      {canRefer && (
        <p>
          <Link href="/referrals/new" class="usa-button" data-testid="new-referral">
            {t('ref.new.title')}
          </Link>
        </p>
      )}
      <OpenFilter status={status} onChange={setStatus} idPrefix="qm" />
      {items === null && !failure && <p role="status">{t('app.loading')}</p>}
      {items !== null && items.length === 0 && <p data-testid="mine-empty">{t('ref.mine.empty')}</p>}
      {items !== null && items.length > 0 && (
        <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-labelledby="qm-caption">
          <table class="usa-table usa-table--borderless usa-table--stacked nrm-table nrm-ref-table" data-testid="mine-table">
            <caption id="qm-caption" class="usa-sr-only">
              {t('ref.mine.title')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('ref.col.reference')}</th>
                <th scope="col">{t('ref.col.kind')}</th>
                <th scope="col">{t('ref.col.to')}</th>
                <th scope="col">{t('ref.col.sent')}</th>
                <th scope="col">{t('ref.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} data-id={r.id} data-reference={r.reference} data-status={r.status}>
                  <th scope="row" data-label={t('ref.col.reference')}>
                    {refLink(r)}
                  </th>
                  <td data-label={t('ref.col.kind')}>
                    {r.kind === 'onward' && r.service ? codeName('refService.', r.service) : t('ref.kind.spu')}
                  </td>
                  <td data-label={t('ref.col.to')}>{agencyName(r.to_agency_id)}</td>
                  <td data-label={t('ref.col.sent')}>{formatDateTime(r.created_at)}</td>
                  <td data-label={t('ref.col.status')}>
                    <StatusTag palette="nrm-ref-tag" prefix="refStatus." code={r.status} />
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

/** Onward referrals to my agency (a shelter, an NGO): accept or decline on the referral's page. */
export function Incoming() {
  const i18n = useI18n();
  const { t, formatDateTime, codeName } = i18n;
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const { items, failure, load } = useQueue('onward', status);
  const agencyName = useAgencies().name;

  return (
    <Page title={t('ref.incoming.title')} lead={t('ref.incoming.lead')}>
      <LiveRegion>{failure && <ErrorAlert error={failure} onReload={load} />}</LiveRegion>
      <OpenFilter status={status} onChange={setStatus} idPrefix="qo" />
      {items === null && !failure && <p role="status">{t('app.loading')}</p>}
      {items !== null && items.length === 0 && <p data-testid="incoming-empty">{t('ref.incoming.empty')}</p>}
      {items !== null && items.length > 0 && (
        <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-labelledby="qo-caption">
          <table class="usa-table usa-table--borderless usa-table--stacked nrm-table nrm-ref-table" data-testid="incoming-table">
            <caption id="qo-caption" class="usa-sr-only">
              {t('ref.incoming.title')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('ref.col.reference')}</th>
                <th scope="col">{t('ref.col.service')}</th>
                <th scope="col">{t('ref.col.from')}</th>
                <th scope="col">{t('ref.col.received')}</th>
                <th scope="col">{t('ref.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} data-id={r.id} data-reference={r.reference} data-status={r.status}>
                  <th scope="row" data-label={t('ref.col.reference')}>
                    {refLink(r)}
                  </th>
                  <td data-label={t('ref.col.service')}>{r.service ? codeName('refService.', r.service) : t('common.none')}</td>
                  <td data-label={t('ref.col.from')}>{agencyName(r.from_agency_id)}</td>
                  <td data-label={t('ref.col.received')}>{formatDateTime(r.created_at)}</td>
                  <td data-label={t('ref.col.status')}>
                    <StatusTag palette="nrm-ref-tag" prefix="refStatus." code={r.status} />
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
