// One referral, as the server lets the caller see it (the `view` field):
//  - status: the referring agency's view, the status and dates only;
//  - full: the SPU's view of a referral to it (screening, person, circumstances,
//    attachments, acknowledge/accept/decline, then the onward referral), or of
//    an onward referral it made (revoke, close);
//  - recipient: a shelter's or NGO's view of an onward referral (accept,
//    decline, close; the person's page once accepted).
import { useAgencies } from '../../../agencies';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../../api';
import type { User, Capability } from '../../../api';
import { can } from '../../../api';
import { Alert, LiveRegion } from '../../../components/Alert';
import { ClassList } from '../../../components/AccessBits';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { describeError } from '../../../components/errors';
import { Link } from '../../../components/Link';
import { Page } from '../../../components/Page';
import { useI18n } from '../../../i18n';
import { referralApi } from '../api';
import type { Referral } from '../api';
import { formatBytes, label, req, useCatalogue } from '../bits';
import { StatusTag } from '../../../components/StatusTag';
import { setServerTime, SlaTimer, useNow } from '../sla';
import { refreshUnread } from '../unread';

type Failure = { message: string; detail?: string | undefined };
type State = { kind: 'loading' } | { kind: 'ok'; r: Referral } | { kind: 'notFound' } | { kind: 'error'; error: Failure };

export const MIN_REASON = 10;

/** A reason form (decline, revoke, close): a textarea with a minimum length and one submit. */
function ReasonForm(props: {
  idPrefix: string;
  legend: string;
  submitLabel: string;
  min: number;
  danger?: boolean;
  onSubmit: (reason: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const p = props.idPrefix;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if ([...reason.trim()].length < props.min) {
      setError(t('ref.err.reason', { min: props.min }));
      ref.current?.focus();
      return;
    }
    setError('');
    setBusy(true);
    try {
      await props.onSubmit(reason.trim());
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="usa-form usa-form--large nrm-card" onSubmit={submit} noValidate data-testid={`${p}-form`}>
      <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
        <label class="usa-label" for={`${p}-reason`}>
          {props.legend}
          {props.min > 0 && req(t)}
        </label>
        <span class="usa-hint" id={`${p}-reason-hint`}>
          {t('ref.reasonHint', { min: props.min, count: [...reason.trim()].length })}
        </span>
        {error && (
          <span class="usa-error-message" id={`${p}-reason-error`}>
            {error}
          </span>
        )}
        <textarea
          ref={ref}
          class={`usa-textarea${error ? ' usa-input--error' : ''}`}
          id={`${p}-reason`}
          rows={3}
          maxLength={2000}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={`${p}-reason-hint${error ? ` ${p}-reason-error` : ''}`}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </div>
      <div class="nrm-actions margin-top-2">
        <button type="submit" class={`usa-button${props.danger ? ' usa-button--secondary' : ''}`} disabled={busy}>
          {props.submitLabel}
        </button>
        <button type="button" class="usa-button usa-button--outline" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function ReferralDetail(props: { id: string; user: User }) {
  const i18n = useI18n();
  const { t, lang, codeName, formatDateTime } = i18n;
  const may = (c: Capability) => can(props.user, c);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState('');
  const [form, setForm] = useState<'' | 'decline' | 'revoke' | 'close'>('');
  const [busy, setBusy] = useState(false);
  const now = useNow();
  const agencyName = useAgencies().name;
  const { catalogue } = useCatalogue();

  const load = useCallback(() => {
    referralApi
      .get(props.id)
      .then((r) => {
        setServerTime(r.server_time);
        setState({ kind: 'ok', r });
      })
      .catch((e) => {
        if (e instanceof ApiError && e.status === 404) setState({ kind: 'notFound' });
        else setState({ kind: 'error', error: describeError(i18n, e) });
      });
  }, [props.id, i18n]);
  useEffect(load, []);

  const act = async (what: () => Promise<Referral>, done: (r: Referral) => string) => {
    setBusy(true);
    setFailure(null);
    setNotice('');
    try {
      const r = await what();
      setServerTime(r.server_time);
      setState({ kind: 'ok', r });
      setForm('');
      setNotice(done(r));
      refreshUnread();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setFailure({ message: t('err.conflict'), detail: e.problem.detail });
        load();
      } else setFailure(describeError(i18n, e));
    } finally {
      setBusy(false);
    }
  };

  const back = (
    <p>
      <Link href={may('referrals.receive') ? '/referrals/intake' : may('referrals.receive_onward') ? '/referrals/incoming' : '/referrals'}>
        {t('ref.detail.back')}
      </Link>
    </p>
  );

  if (state.kind === 'loading' || state.kind === 'error') {
    return (
      <Page title={t('ref.detail.titleLoading')}>
        {back}
        <LiveRegion>{state.kind === 'error' && <ErrorAlert error={state.error} onReload={load} />}</LiveRegion>
        {state.kind === 'loading' && <p role="status">{t('app.loading')}</p>}
      </Page>
    );
  }
  if (state.kind === 'notFound') {
    return (
      <Page title={t('ref.detail.notFoundTitle')}>
        {back}
        <p data-testid="referral-not-found">{t('ref.detail.notFoundText')}</p>
      </Page>
    );
  }

  const r = state.r;
  const alerts = (
    <LiveRegion>
      {failure && <ErrorAlert error={failure} />}
      {notice && (
        <Alert type="success" slim testId="referral-notice">
          {notice}
        </Alert>
      )}
    </LiveRegion>
  );
  const meta = (
    <dl class="nrm-dl" data-testid="referral-meta">
      <dt>{t('ref.col.reference')}</dt>
      <dd class="nrm-mono" data-testid="referral-reference">
        {r.reference}
      </dd>
      <dt>{t('ref.col.status')}</dt>
      <dd data-testid="referral-status">
        <StatusTag palette="nrm-ref-tag" prefix="refStatus." code={r.status} />
      </dd>
      <dt>{t('ref.col.kind')}</dt>
      <dd>{r.kind === 'onward' && r.service ? codeName('refService.', r.service) : t('ref.kind.spu')}</dd>
      {r.from_agency_id && (
        <>
          <dt>{t('ref.col.from')}</dt>
          <dd>{agencyName(r.from_agency_id)}</dd>
        </>
      )}
      {r.to_agency_id && (
        <>
          <dt>{t('ref.col.to')}</dt>
          <dd>{agencyName(r.to_agency_id)}</dd>
        </>
      )}
      <dt>{t('ref.col.sent')}</dt>
      <dd>{formatDateTime(r.created_at)}</dd>
      {r.decided_at && (
        <>
          <dt>{t('ref.col.decided')}</dt>
          <dd>{formatDateTime(r.decided_at)}</dd>
        </>
      )}
      {r.decline_reason && (
        <>
          <dt>{t('ref.col.declineReason')}</dt>
          <dd class="nrm-notes">{r.decline_reason}</dd>
        </>
      )}
      {r.end_reason && (
        <>
          <dt>{t('ref.col.endReason')}</dt>
          <dd class="nrm-notes">{r.end_reason}</dd>
        </>
      )}
    </dl>
  );
  const title = t('ref.detail.title', { reference: r.reference });

  if (r.view === 'status') {
    return (
      <Page title={title}>
        {back}
        <p class="usa-intro" data-testid="status-only">
          {t('ref.detail.statusOnly')}
        </p>
        {meta}
      </Page>
    );
  }

  const personLink = r.person_id && (
    <Link href={`/persons/${encodeURIComponent(r.person_id)}`} data-testid="person-link">
      {r.person_reference ? t('ref.detail.openPerson', { reference: r.person_reference }) : t('ref.detail.openPersonNoRef')}
    </Link>
  );
  const reasonForm = (kind: 'decline' | 'revoke' | 'close') => (
    <ReasonForm
      idPrefix={`rd-${kind}`}
      legend={t(`ref.${kind}.legend`)}
      submitLabel={t(`ref.${kind}.button`)}
      min={kind === 'close' ? 0 : MIN_REASON}
      danger={kind !== 'close'}
      onCancel={() => setForm('')}
      onSubmit={(reason) =>
        act(
          () =>
            kind === 'decline'
              ? referralApi.decline(r.id, r.version, reason)
              : kind === 'revoke'
                ? referralApi.revoke(r.id, r.version, reason)
                : referralApi.close(r.id, r.version, reason || undefined),
          (u) => t(`ref.${kind}.done`, { reference: u.reference }),
        )
      }
    />
  );

  // An onward referral as its recipient (or the SPU that made it) sees it.
  if (r.kind === 'onward') {
    const recipient = r.view === 'recipient';
    return (
      <Page title={title}>
        {back}
        {alerts}
        {meta}
        <h2>{t('ref.onward.packet')}</h2>
        <dl class="nrm-dl" data-testid="onward-packet">
          <dt>{t('ref.col.service')}</dt>
          <dd>{r.service ? codeName('refService.', r.service) : t('common.none')}</dd>
          <dt>{t('ref.onward.classes')}</dt>
          <dd data-testid="onward-classes">
            <ClassList classes={r.field_classes ?? []} />
          </dd>
          <dt>{t('ref.onward.purpose')}</dt>
          <dd class="nrm-notes">{r.purpose ?? t('common.none')}</dd>
          {!recipient && (
            <>
              <dt>{t('ref.onward.basis')}</dt>
              <dd data-testid="onward-basis">{r.consent_override ? t('ref.onward.basisOverride') : t('ref.onward.basisConsent')}</dd>
            </>
          )}
          {r.person_reference && (
            <>
              <dt>{t('class.reference')}</dt>
              <dd class="nrm-mono">{r.person_reference}</dd>
            </>
          )}
        </dl>
        {recipient && r.status === 'accepted' && personLink && <p>{personLink}</p>}
        {recipient && r.status === 'pending' && <p>{t('ref.onward.acceptHint')}</p>}
        {!form && (
          <div class="nrm-actions margin-top-2">
            {recipient && r.status === 'pending' && (
              <>
                <button
                  type="button"
                  class="usa-button"
                  disabled={busy}
                  data-action="accept"
                  onClick={() =>
                    act(
                      () => referralApi.accept(r.id, r.version),
                      (u) => t('ref.accept.doneOnward', { reference: u.reference }),
                    )
                  }
                >
                  {t('ref.accept.button')}
                </button>
                <button type="button" class="usa-button usa-button--outline" data-action="decline" onClick={() => setForm('decline')}>
                  {t('ref.decline.button')}
                </button>
              </>
            )}
            {r.status === 'accepted' && (recipient || may('placements.create')) && (
              <button type="button" class="usa-button usa-button--outline" data-action="close" onClick={() => setForm('close')}>
                {t('ref.close.button')}
              </button>
            )}
            {!recipient && may('placements.create') && (r.status === 'pending' || r.status === 'accepted') && (
              <button type="button" class="usa-button usa-button--secondary" data-action="revoke" onClick={() => setForm('revoke')}>
                {t('ref.revoke.button')}
              </button>
            )}
          </div>
        )}
        {form && reasonForm(form)}
      </Page>
    );
  }

  // A referral to the SPU, in the SPU's full view.
  const sc = r.screening;
  const setOf = (code: string) => catalogue?.sets.flatMap((s) => s.indicators).find((i) => i.code === code);
  const formLabel = (code: string) => label(catalogue?.forms_of_exploitation.find((f) => f.code === code)?.label, lang, code);
  const outcomeLabel = (code: string) => label(catalogue?.outcomes.find((o) => o.code === code)?.label, lang, code);
  return (
    <Page title={title}>
      {back}
      {alerts}
      <div class="nrm-ref-timers" data-testid="referral-timers">
        <p>
          <span class="text-bold">{t('ref.col.ackDue')}: </span>
          <SlaTimer due={r.ack_due_at} metAt={r.acknowledged_at} now={now} testId="ack-timer" />
        </p>
        <p>
          <span class="text-bold">{t('ref.col.decisionDue')}: </span>
          <SlaTimer due={r.decision_due_at} metAt={r.decided_at} now={now} testId="decision-timer" />
        </p>
      </div>
      {meta}
      {!form && may('referrals.receive') && (r.status === 'submitted' || r.status === 'acknowledged') && (
        <div class="nrm-actions margin-y-2">
          {r.status === 'submitted' && (
            <button
              type="button"
              class="usa-button"
              disabled={busy}
              data-action="acknowledge"
              onClick={() =>
                act(
                  () => referralApi.acknowledge(r.id, r.version),
                  (u) => t('ref.ack.done', { reference: u.reference }),
                )
              }
            >
              {t('ref.ack.button')}
            </button>
          )}
          {r.status === 'acknowledged' && (
            <>
              <button
                type="button"
                class="usa-button"
                disabled={busy}
                data-action="accept"
                onClick={() =>
                  act(
                    () => referralApi.accept(r.id, r.version),
                    (u) => t('ref.accept.done', { reference: u.reference, case: u.case_reference ?? '' }),
                  )
                }
              >
                {t('ref.accept.buttonSpu')}
              </button>
              <button type="button" class="usa-button usa-button--outline" data-action="decline" onClick={() => setForm('decline')}>
                {t('ref.decline.button')}
              </button>
            </>
          )}
        </div>
      )}
      {form && reasonForm(form)}
      {r.status === 'accepted' && (
        <section class="usa-summary-box margin-y-3" aria-labelledby="rd-next-heading">
          <div class="usa-summary-box__body">
            <h2 class="usa-summary-box__heading" id="rd-next-heading">
              {t('ref.detail.accepted')}
            </h2>
            <div class="usa-summary-box__text">
              {r.case_reference && <p data-testid="case-reference">{t('ref.detail.case', { case: r.case_reference })}</p>}
              <ul class="usa-list">
                {personLink && <li>{personLink}</li>}
                {r.person_id && may('placements.create') && (
                  <li>
                    <Link href={`/referrals/${encodeURIComponent(r.id)}/onward`} data-testid="onward-link">
                      {t('ref.onward.title')}
                    </Link>
                  </li>
                )}
              </ul>
            </div>
          </div>
        </section>
      )}
      {r.status !== 'accepted' && personLink && <p>{personLink}</p>}

      <h2>{t('ref.detail.screening')}</h2>
      {sc ? (
        <dl class="nrm-dl" data-testid="referral-screening">
          {sc.reference && (
            <>
              <dt>{t('ref.detail.screeningRef')}</dt>
              <dd class="nrm-mono">{sc.reference}</dd>
            </>
          )}
          <dt>{t('ref.new.outcome')}</dt>
          <dd>{sc.outcome ? outcomeLabel(sc.outcome) : t('common.none')}</dd>
          <dt>{t('ref.new.forms')}</dt>
          <dd>{(sc.forms_of_exploitation ?? []).length ? (sc.forms_of_exploitation ?? []).map(formLabel).join(', ') : t('common.none')}</dd>
          <dt>{t('ref.detail.indicators')}</dt>
          <dd>
            {(sc.indicators ?? []).length === 0 ? (
              t('common.none')
            ) : (
              <ul class="usa-list margin-0" data-testid="referral-indicators">
                {(sc.indicators ?? []).map((c) => {
                  const i = setOf(c);
                  return (
                    <li key={c}>
                      {label(i?.label, lang, c)}
                      {i && (
                        <span class={`usa-tag nrm-strength-tag nrm-strength-tag--${i.strength} margin-left-1`}>
                          {label(catalogue?.strengths[i.strength], lang, i.strength)}
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </dd>
        </dl>
      ) : (
        <p>{t('common.none')}</p>
      )}
      <h2>{t('ref.new.circumstances')}</h2>
      <p class="nrm-notes" data-testid="referral-circumstances">
        {r.circumstances ?? t('common.none')}
      </p>
      <h2>{t('ref.new.attachments')}</h2>
      {(r.attachments ?? []).length === 0 ? (
        <p>{t('ref.detail.noAttachments')}</p>
      ) : (
        <ul class="usa-list" data-testid="referral-attachments">
          {(r.attachments ?? []).map((a) => (
            <li key={a.id}>
              <a href={referralApi.attachmentUrl(r.id, a.id)} download={a.filename}>
                {a.filename}
              </a>{' '}
              <span class="text-base-dark">({formatBytes(a.size_bytes, lang)})</span>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
