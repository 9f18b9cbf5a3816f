import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, GROUP_CLASSES } from '../api';
import type { Agency, FieldClass, InformationRequest, User, Capability } from '../api';
import { can } from '../api';
import { Alert, LiveRegion } from '../components/Alert';
import { ClassList, Mono } from '../components/AccessBits';
import { StatusTag } from '../components/StatusTag';
import { ErrorAlert } from '../components/ErrorAlert';
import { describeError } from '../components/errors';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { useI18n } from '../i18n';
import { canCreatePersons } from './Persons';

type Failure = { message: string; detail?: string | undefined };

export const MIN_REFUSAL = 5;
export const MAX_DAYS = 90;

/** One pending request with its two decisions: approve (a subset, for 1–90 days) or refuse (with a reason). */
function DecisionCard(props: {
  req: InformationRequest;
  agencyName: (id: string) => string;
  onDecided: (r: InformationRequest, how: 'approved' | 'refused') => void;
  onConflict: () => void;
}) {
  const i18n = useI18n();
  const { t, codeName, formatDateTime } = i18n;
  const r = props.req;
  const asked = GROUP_CLASSES.filter((c) => r.fields.includes(c));
  const p = `d-${r.id}`;
  const [chosen, setChosen] = useState<string[]>(asked);
  const [days, setDays] = useState('30');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ fields?: string; days?: string; reason?: string }>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const firstClass = useRef<HTMLInputElement>(null);
  const daysRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const reference = r.object_reference || r.object_id;

  const fail = (err: unknown) => {
    if (err instanceof ApiError && err.status === 409) {
      setConflict(true);
      setFailure({ message: t('err.conflict'), detail: err.problem.detail });
    } else setFailure(describeError(i18n, err));
  };

  const approve = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const n = Number(days);
    const errs: typeof errors = {};
    if (chosen.length === 0) errs.fields = t('err.classes');
    if (!/^\d+$/.test(days.trim()) || n < 1 || n > MAX_DAYS) errs.days = t('err.days');
    setErrors(errs);
    setFailure(null);
    if (errs.fields) return firstClass.current?.focus();
    if (errs.days) return daysRef.current?.focus();
    setBusy(true);
    try {
      const fields = asked.filter((c) => chosen.includes(c)) as FieldClass[];
      const out = await api.approveRequest(r.id, { version: r.version, fields, valid_for_days: n });
      props.onDecided(out, 'approved');
    } catch (err) {
      fail(err);
      setBusy(false);
    }
  };

  const refuse = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    if ([...reason.trim()].length < MIN_REFUSAL) {
      setErrors({ reason: t('err.refuseReason') });
      return reasonRef.current?.focus();
    }
    setErrors({});
    setBusy(true);
    try {
      const out = await api.refuseRequest(r.id, { version: r.version, reason: reason.trim() });
      props.onDecided(out, 'refused');
    } catch (err) {
      fail(err);
      setBusy(false);
    }
  };

  const headingId = `${p}-heading`;
  return (
    <section
      class="nrm-card margin-bottom-3"
      aria-labelledby={headingId}
      data-request-id={r.id}
      data-reference={reference}
      data-testid="decide-card"
    >
      <h3 id={headingId} class="margin-top-0">
        {t('requests.decideHeading', { reference })}
      </h3>
      <dl class="nrm-dl">
        <dt>{t('requests.col.object')}</dt>
        <dd>
          <Link href={`/persons/${encodeURIComponent(r.object_id)}`} class="nrm-mono">
            {reference}
          </Link>
        </dd>
        <dt>{t('requests.col.agency')}</dt>
        <dd>{props.agencyName(r.requester_agency_id)}</dd>
        <dt>{t('requests.col.requester')}</dt>
        <dd>
          <Mono value={r.requester_user_id} />
        </dd>
        <dt>{t('requests.col.asked')}</dt>
        <dd>{formatDateTime(r.created_at)}</dd>
        <dt>{t('requests.col.fields')}</dt>
        <dd>
          <ClassList classes={r.fields} />
        </dd>
        <dt>{t('requests.col.purpose')}</dt>
        <dd class="nrm-notes">{r.purpose}</dd>
      </dl>
      <LiveRegion>{failure && <ErrorAlert error={failure} onReload={conflict ? props.onConflict : undefined} />}</LiveRegion>
      <div class="grid-row grid-gap-4">
        <form class="usa-form tablet:grid-col-6" onSubmit={approve} noValidate data-testid="approve-form">
          <fieldset
            class={`usa-fieldset usa-form-group${errors.fields ? ' usa-form-group--error' : ''}`}
            aria-describedby={`${p}-fields-hint${errors.fields ? ` ${p}-fields-error` : ''}`}
          >
            <legend class="usa-legend">{t('requests.approveFields')}</legend>
            <span class="usa-hint" id={`${p}-fields-hint`}>
              {t('requests.approveFieldsHint')}
            </span>
            {errors.fields && (
              <span class="usa-error-message" id={`${p}-fields-error`}>
                {errors.fields}
              </span>
            )}
            {asked.map((c, i) => {
              const id = `${p}-class-${c}`;
              return (
                <div class="usa-checkbox" key={c}>
                  <input
                    ref={i === 0 ? firstClass : undefined}
                    class="usa-checkbox__input"
                    id={id}
                    type="checkbox"
                    value={c}
                    checked={chosen.includes(c)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setChosen((cur) => (on ? [...cur, c] : cur.filter((x) => x !== c)));
                    }}
                  />
                  <label class="usa-checkbox__label" for={id}>
                    {codeName('class.', c)}
                  </label>
                </div>
              );
            })}
          </fieldset>
          <div class={`usa-form-group${errors.days ? ' usa-form-group--error' : ''}`}>
            <label class="usa-label" for={`${p}-days`}>
              {t('requests.days')}
            </label>
            <span class="usa-hint" id={`${p}-days-hint`}>
              {t('requests.daysHint')}
            </span>
            {errors.days && (
              <span class="usa-error-message" id={`${p}-days-error`}>
                {errors.days}
              </span>
            )}
            <input
              ref={daysRef}
              class={`usa-input usa-input--xs${errors.days ? ' usa-input--error' : ''}`}
              id={`${p}-days`}
              type="text"
              inputMode="numeric"
              pattern="[0-9]*"
              maxLength={2}
              autocomplete="off"
              aria-invalid={errors.days ? 'true' : undefined}
              aria-describedby={`${p}-days-hint${errors.days ? ` ${p}-days-error` : ''}`}
              value={days}
              onInput={(e) => setDays(e.currentTarget.value)}
              data-testid="approve-days"
            />
          </div>
          <button type="submit" class="usa-button margin-top-2" disabled={busy} data-testid="approve">
            {t('requests.approve')}
            <span class="usa-sr-only">: {reference}</span>
          </button>
        </form>
        <form class="usa-form tablet:grid-col-6" onSubmit={refuse} noValidate data-testid="refuse-form">
          <div class={`usa-form-group${errors.reason ? ' usa-form-group--error' : ''}`}>
            <label class="usa-label" for={`${p}-reason`}>
              {t('requests.refuseReason')}
            </label>
            {errors.reason && (
              <span class="usa-error-message" id={`${p}-reason-error`}>
                {errors.reason}
              </span>
            )}
            <textarea
              ref={reasonRef}
              class={`usa-textarea${errors.reason ? ' usa-input--error' : ''}`}
              id={`${p}-reason`}
              rows={3}
              maxLength={2000}
              aria-invalid={errors.reason ? 'true' : undefined}
              aria-describedby={errors.reason ? `${p}-reason-error` : undefined}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="usa-button usa-button--secondary margin-top-2" disabled={busy} data-testid="refuse">
            {t('requests.refuse')}
            <span class="usa-sr-only">: {reference}</span>
          </button>
        </form>
      </div>
    </section>
  );
}

export function Requests(props: { user: User }) {
  const i18n = useI18n();
  const { t, lang, formatDateTime } = i18n;
  const may = (c: Capability) => can(props.user, c);
  const canAsk = may('info_requests.create');
  const mayDecide = may('info_requests.approve') || canCreatePersons(props.user);
  const [mine, setMine] = useState<InformationRequest[] | null>(null);
  const [toDecide, setToDecide] = useState<InformationRequest[] | null>(null);
  const [liveGrants, setLiveGrants] = useState<Set<string>>(new Set());
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [error, setError] = useState<Failure | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const load = () => {
    setError(null);
    Promise.all([
      canAsk ? api.infoRequests('mine') : Promise.resolve({ items: [] as InformationRequest[] }),
      api.infoRequests('to_decide'),
      canAsk ? api.grants() : Promise.resolve({ items: [] }),
    ])
      .then(([m, d, g]) => {
        setMine(m.items);
        setToDecide(d.items.filter((r) => r.status === 'pending'));
        setLiveGrants(new Set(g.items.map((x) => x.id)));
      })
      .catch((e) => setError(describeError(i18n, e)));
  };

  useEffect(() => {
    load();
    api
      .agencies()
      .then((r) => setAgencies(r.items))
      .catch(() => {});
  }, []);

  const agencyName = useMemo(() => {
    const m = new Map(agencies.map((a) => [a.id, a]));
    return (id: string) => {
      const a = m.get(id);
      return a ? a.name[lang] || a.code : id;
    };
  }, [agencies, lang]);

  const say = (msg: string) => {
    setNotice(msg);
    setTimeout(() => noticeRef.current?.focus(), 0);
  };

  const decided = (r: InformationRequest, how: 'approved' | 'refused', reference: string) => {
    setToDecide((cur) => (cur ? cur.filter((x) => x.id !== r.id) : cur));
    say(t(how === 'approved' ? 'requests.approved' : 'requests.refused', { reference }));
  };

  const withdraw = async (r: InformationRequest) => {
    setBusy(r.id);
    setError(null);
    setNotice('');
    try {
      const out = await api.withdrawRequest(r.id, r.version);
      setMine((cur) =>
        cur ? cur.map((x) => (x.id === r.id ? { ...out, object_reference: out.object_reference || r.object_reference } : x)) : cur,
      );
      say(t('requests.withdrawn', { reference: r.object_reference }));
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 409 ? { message: t('err.conflict'), detail: e.problem.detail } : describeError(i18n, e),
      );
    } finally {
      setBusy(null);
    }
  };

  const showDecide = mayDecide || (toDecide?.length ?? 0) > 0;
  const showMine = canAsk || (mine?.length ?? 0) > 0;

  return (
    <Page title={t('requests.title')} lead={t('requests.intro')}>
      {canAsk && (
        <p>
          <Link href="/requests/new" class="usa-button" data-testid="ask-link">
            {t('requests.ask')}
          </Link>
        </p>
      )}
      <LiveRegion>
        {notice && (
          <div ref={noticeRef} tabIndex={-1}>
            <Alert type="success" slim testId="requests-notice">
              {notice}
            </Alert>
          </div>
        )}
        {error && <ErrorAlert error={error} onReload={load} />}
      </LiveRegion>
      {mine === null || toDecide === null ? (
        !error && <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          {showDecide && (
            <section aria-labelledby="decide-heading" class="margin-top-4" data-testid="to-decide">
              <h2 id="decide-heading">{t('requests.toDecide')}</h2>
              <p class="nrm-notice">{t('requests.toDecideIntro')}</p>
              {toDecide.length === 0 ? (
                <p data-testid="to-decide-empty">{t('requests.toDecideEmpty')}</p>
              ) : (
                toDecide.map((r) => (
                  <DecisionCard
                    key={r.id}
                    req={r}
                    agencyName={agencyName}
                    onDecided={(out, how) => decided(out, how, r.object_reference || r.object_id)}
                    onConflict={load}
                  />
                ))
              )}
            </section>
          )}
          {showMine && (
            <section aria-labelledby="mine-heading" class="margin-top-4">
              <h2 id="mine-heading">{t('requests.mine')}</h2>
              {mine.length === 0 ? (
                <p data-testid="mine-empty">{t('requests.mineEmpty')}</p>
              ) : (
                <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-label={t('requests.mineCaption')}>
                  <table class="usa-table usa-table--borderless nrm-table nrm-table--wrap" data-testid="mine-table">
                    <caption class="usa-sr-only">{t('requests.mineCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('requests.col.object')}</th>
                        <th scope="col">{t('requests.col.fields')}</th>
                        <th scope="col">{t('requests.col.purpose')}</th>
                        <th scope="col">{t('requests.col.status')}</th>
                        <th scope="col">{t('requests.col.grant')}</th>
                        <th scope="col">{t('requests.col.actions')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {mine.map((r) => {
                        const live = !!r.grant_id && liveGrants.has(r.grant_id);
                        const withdrawable = r.status === 'pending' || (r.status === 'approved' && live);
                        return (
                          <tr key={r.id} data-request-id={r.id} data-reference={r.object_reference} data-status={r.status}>
                            <th scope="row">
                              <span class="nrm-mono nrm-nowrap">{r.object_reference || r.object_id}</span>
                              <div class="nrm-detail text-base-dark">{formatDateTime(r.created_at)}</div>
                            </th>
                            <td>
                              <ClassList classes={r.fields} />
                            </td>
                            <td class="nrm-notes">{r.purpose}</td>
                            <td>
                              <StatusTag palette="nrm-req-tag" prefix="reqStatus." code={r.status} />
                              {r.decision_reason && (
                                <div class="nrm-detail margin-top-05">{t('requests.reason', { reason: r.decision_reason })}</div>
                              )}
                            </td>
                            <td data-testid="grant-cell">
                              {r.status === 'approved' && r.grant_id
                                ? live && r.grant_expires_at
                                  ? t('requests.grantUntil', { time: formatDateTime(r.grant_expires_at) })
                                  : live
                                    ? t('grants.noExpiry')
                                    : t('requests.grantEnded')
                                : t('common.none')}
                            </td>
                            <td>
                              {withdrawable && (
                                <button
                                  type="button"
                                  class="usa-button usa-button--secondary usa-button--small nrm-button-small"
                                  disabled={busy === r.id}
                                  onClick={() => withdraw(r)}
                                  data-action="withdraw"
                                >
                                  {t('requests.withdraw')}
                                  <span class="usa-sr-only">: {r.object_reference}</span>
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
            </section>
          )}
        </>
      )}
    </Page>
  );
}
