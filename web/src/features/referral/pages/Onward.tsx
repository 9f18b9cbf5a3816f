// The SPU refers a person it has taken over onward (a shelter, a service
// provider): the person's consents (record, withdraw), then the onward
// referral with the minimal packet of field classes. Without a live consent
// covering the recipient and the classes the server refuses (422), unless a
// supervisor (consent.override) gives a written reason, which is audited and
// alerts oversight.
import { useAgencies } from '../../../agencies';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../../api';
import type { Agency, User, Capability } from '../../../api';
import { can } from '../../../api';
import { Alert, LiveRegion } from '../../../components/Alert';
import { ClassList } from '../../../components/AccessBits';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { describeError } from '../../../components/errors';
import { Link } from '../../../components/Link';
import { Page } from '../../../components/Page';
import { useI18n } from '../../../i18n';
import { referralApi, SERVICES, SHAREABLE } from '../api';
import type { Consent, Referral, Service, Shareable } from '../api';
import { req } from '../bits';
import { StatusTag } from '../../../components/StatusTag';

type Failure = { message: string; detail?: string | undefined };

/** The packet each service needs at the least; the officer may add or remove. */
const DEFAULT_CLASSES: Record<Service, Shareable[]> = {
  shelter: ['detail', 'identity'],
  medical: ['detail', 'health'],
  psychological: ['detail'],
  legal: ['detail', 'identity'],
  interpreter: ['detail'],
  social: ['detail', 'identity', 'contact'],
  repatriation: ['detail', 'identity'],
};

/** Agencies that take onward referrals: shelters, NGOs, the hotline, ministries (health, labour). */
const RECIPIENT_KINDS = ['shelter', 'ngo', 'hotline', 'ministry', 'international'];

const MIN_PURPOSE = 10;
const MIN_OVERRIDE = 20;

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function covers(c: Consent, agencyId: string, classes: string[], now: number): boolean {
  return (
    c.status === 'active' &&
    c.recipient_agency_id === agencyId &&
    Date.parse(c.valid_until) > now &&
    classes.every((x) => c.field_classes.includes(x))
  );
}

function ClassBoxes(props: {
  idPrefix: string;
  value: Shareable[];
  onChange: (v: Shareable[]) => void;
  error?: string;
  firstRef?: { current: HTMLInputElement | null };
}) {
  const { t, codeName } = useI18n();
  const p = props.idPrefix;
  return (
    <fieldset
      class={`usa-fieldset usa-form-group${props.error ? ' usa-form-group--error' : ''}`}
      aria-describedby={`${p}-classes-hint${props.error ? ` ${p}-classes-error` : ''}`}
    >
      <legend class="usa-legend">
        {t('ref.onward.classes')}
        {req(t)}
      </legend>
      <span class="usa-hint" id={`${p}-classes-hint`}>
        {t('ref.onward.classesHint')}
      </span>
      {props.error && (
        <span class="usa-error-message" id={`${p}-classes-error`}>
          {props.error}
        </span>
      )}
      {SHAREABLE.map((c, i) => (
        <div class="usa-checkbox" key={c}>
          <input
            ref={i === 0 ? props.firstRef : undefined}
            class="usa-checkbox__input"
            type="checkbox"
            id={`${p}-class-${c}`}
            checked={props.value.includes(c)}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              props.onChange(on ? SHAREABLE.filter((x) => x === c || props.value.includes(x)) : props.value.filter((x) => x !== c));
            }}
          />
          <label class="usa-checkbox__label" for={`${p}-class-${c}`}>
            {codeName('class.', c)}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

function AgencySelect(props: {
  id: string;
  agencies: Agency[];
  value: string;
  onChange: (v: string) => void;
  error?: string;
  selRef?: { current: HTMLSelectElement | null };
}) {
  const { t, lang, collator, kindName } = useI18n();
  const list = useMemo(
    () =>
      props.agencies
        .filter((a) => a.active && RECIPIENT_KINDS.includes(a.kind))
        .sort((a, b) => collator.compare(a.name[lang] || a.name.az, b.name[lang] || b.name.az)),
    [props.agencies, lang, collator],
  );
  return (
    <div class={`usa-form-group${props.error ? ' usa-form-group--error' : ''}`}>
      <label class="usa-label" for={props.id}>
        {t('ref.onward.recipient')}
        {req(t)}
      </label>
      {props.error && (
        <span class="usa-error-message" id={`${props.id}-error`}>
          {props.error}
        </span>
      )}
      <select
        ref={props.selRef}
        class={`usa-select${props.error ? ' usa-input--error' : ''}`}
        id={props.id}
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <option value="">{t('pf.choose')}</option>
        {list.map((a) => (
          <option key={a.id} value={a.id} data-code={a.code}>
            {a.name[lang] || a.name.az} ({kindName(a.kind)})
          </option>
        ))}
      </select>
    </div>
  );
}

/** Records a consent: recipient, classes, purpose, until. */
function ConsentForm(props: {
  personId: string;
  agencies: Agency[];
  initial: { agency: string; classes: Shareable[] };
  onDone: (c: Consent) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [agency, setAgency] = useState(props.initial.agency);
  const [classes, setClasses] = useState<Shareable[]>(props.initial.classes);
  const [purpose, setPurpose] = useState('');
  const [until, setUntil] = useState(() => isoDay(new Date(Date.now() + 90 * 86400_000)));
  const [confirmed, setConfirmed] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const agencyRef = useRef<HTMLSelectElement>(null);
  const classRef = useRef<HTMLInputElement>(null);
  const purposeRef = useRef<HTMLTextAreaElement>(null);
  const untilRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const errs: Record<string, string> = {};
    if (!agency) errs.agency = t('ref.err.recipient');
    if (classes.length === 0) errs.classes = t('err.classes');
    if ([...purpose.trim()].length < MIN_PURPOSE) errs.purpose = t('ref.err.reason', { min: MIN_PURPOSE });
    const today = isoDay(new Date());
    const max = isoDay(new Date(Date.now() + 730 * 86400_000));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || until <= today || until > max) errs.until = t('ref.err.until');
    if (!confirmed) errs.confirmed = t('ref.err.confirm');
    setErrors(errs);
    setFailure(null);
    const order: [string, { current: HTMLElement | null }][] = [
      ['agency', agencyRef],
      ['classes', classRef],
      ['purpose', purposeRef],
      ['until', untilRef],
      ['confirmed', confirmRef],
    ];
    const first = order.find(([k]) => errs[k]);
    if (first) {
      first[1].current?.focus();
      return;
    }
    setBusy(true);
    try {
      const c = await referralApi.recordConsent({
        person_id: props.personId,
        recipient_agency_id: agency,
        field_classes: classes,
        purpose: purpose.trim(),
        valid_until: until,
      });
      setPurpose('');
      setConfirmed(false);
      props.onDone(c);
    } catch (err) {
      setFailure(describeError(i18n, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="usa-form usa-form--large" onSubmit={submit} noValidate data-testid="consent-form">
      <LiveRegion>{failure && <ErrorAlert error={failure} />}</LiveRegion>
      <AgencySelect id="oc-agency" agencies={props.agencies} value={agency} onChange={setAgency} error={errors.agency} selRef={agencyRef} />
      <ClassBoxes idPrefix="oc" value={classes} onChange={setClasses} error={errors.classes} firstRef={classRef} />
      <div class={`usa-form-group${errors.purpose ? ' usa-form-group--error' : ''}`}>
        <label class="usa-label" for="oc-purpose">
          {t('ref.consent.purpose')}
          {req(t)}
        </label>
        <span class="usa-hint" id="oc-purpose-hint">
          {t('ref.reasonHint', { min: MIN_PURPOSE, count: [...purpose.trim()].length })}
        </span>
        {errors.purpose && (
          <span class="usa-error-message" id="oc-purpose-error">
            {errors.purpose}
          </span>
        )}
        <textarea
          ref={purposeRef}
          class={`usa-textarea${errors.purpose ? ' usa-input--error' : ''}`}
          id="oc-purpose"
          rows={2}
          maxLength={2000}
          aria-invalid={errors.purpose ? 'true' : undefined}
          aria-describedby={`oc-purpose-hint${errors.purpose ? ' oc-purpose-error' : ''}`}
          value={purpose}
          onInput={(e) => setPurpose(e.currentTarget.value)}
        />
      </div>
      <div class={`usa-form-group${errors.until ? ' usa-form-group--error' : ''}`}>
        <label class="usa-label" for="oc-until">
          {t('ref.consent.until')}
          {req(t)}
        </label>
        <span class="usa-hint" id="oc-until-hint">
          {t('ref.consent.untilHint')}
        </span>
        {errors.until && (
          <span class="usa-error-message" id="oc-until-error">
            {errors.until}
          </span>
        )}
        <input
          ref={untilRef}
          class={`usa-input usa-input--md${errors.until ? ' usa-input--error' : ''}`}
          id="oc-until"
          type="date"
          value={until}
          aria-invalid={errors.until ? 'true' : undefined}
          aria-describedby={`oc-until-hint${errors.until ? ' oc-until-error' : ''}`}
          onInput={(e) => setUntil(e.currentTarget.value)}
        />
      </div>
      <div class={`usa-form-group${errors.confirmed ? ' usa-form-group--error' : ''}`}>
        {errors.confirmed && (
          <span class="usa-error-message" id="oc-confirm-error">
            {errors.confirmed}
          </span>
        )}
        <div class="usa-checkbox">
          <input
            ref={confirmRef}
            class="usa-checkbox__input"
            type="checkbox"
            id="oc-confirm"
            checked={confirmed}
            aria-describedby={errors.confirmed ? 'oc-confirm-error' : undefined}
            onChange={(e) => setConfirmed(e.currentTarget.checked)}
          />
          <label class="usa-checkbox__label" for="oc-confirm">
            {t('ref.consent.confirm')}
          </label>
        </div>
      </div>
      <button type="submit" class="usa-button" disabled={busy} data-testid="consent-submit">
        {t('ref.consent.record')}
      </button>
    </form>
  );
}

export function Onward(props: { id: string; user: User }) {
  const i18n = useI18n();
  const { t, formatDateTime, codeName } = i18n;
  const may = (c: Capability) => can(props.user, c);
  const agencyNames = useAgencies();
  const agencies = agencyNames.list;
  const agencyName = agencyNames.name;
  const [ref, setRef] = useState<Referral | null>(null);
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [consents, setConsents] = useState<Consent[] | null>(null);
  const [made, setMade] = useState<Referral[]>([]);
  const [notice, setNotice] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [showConsent, setShowConsent] = useState(false);

  const [agency, setAgency] = useState('');
  const [service, setService] = useState<Service | ''>('');
  const [classes, setClasses] = useState<Shareable[]>([]);
  const [purpose, setPurpose] = useState('');
  const [override, setOverride] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const agencyRef = useRef<HTMLSelectElement>(null);
  const serviceRef = useRef<HTMLSelectElement>(null);
  const classRef = useRef<HTMLInputElement>(null);
  const purposeRef = useRef<HTMLTextAreaElement>(null);
  const overrideRef = useRef<HTMLTextAreaElement>(null);
  const consentHeading = useRef<HTMLHeadingElement>(null);

  const personId = ref?.person_id ?? '';

  const loadConsents = useCallback(
    (pid: string) => {
      referralApi
        .consents(pid)
        .then((r) => setConsents(r.items))
        .catch((e) => setFailure(describeError(i18n, e)));
      referralApi
        .list('sent', 'all')
        .then((r) => setMade(r.items.filter((x) => x.kind === 'onward' && x.person_id === pid)))
        .catch(() => {
          // The list of earlier onward referrals is a courtesy.
        });
    },
    [i18n],
  );

  useEffect(() => {
    referralApi
      .get(props.id)
      .then((r) => {
        setRef(r);
        if (r.person_id) loadConsents(r.person_id);
      })
      .catch((e) => {
        if (e instanceof ApiError && e.status === 404) setNotFound(true);
        else setLoadFailure(describeError(i18n, e));
      });
  }, [props.id]);

  useEffect(() => {
    if (showConsent) consentHeading.current?.focus();
  }, [showConsent]);

  const now = Date.now();
  const covering = consents?.find((c) => agency && classes.length > 0 && covers(c, agency, classes, now));
  const mayOverride = may('consent.override');

  const chooseService = (s: Service | '') => {
    setService(s);
    if (s) setClasses(DEFAULT_CLASSES[s]);
  };

  const withdraw = async (c: Consent) => {
    setFailure(null);
    setNotice('');
    try {
      const w = await referralApi.withdrawConsent(c.id, c.version);
      setNotice(t('ref.consent.withdrawn', { count: w.revoked_referral_ids?.length ?? 0 }));
      loadConsents(personId);
    } catch (e) {
      setFailure(describeError(i18n, e));
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy || !ref) return;
    const errs: Record<string, string> = {};
    if (!agency) errs.agency = t('ref.err.recipient');
    if (!service) errs.service = t('ref.err.service');
    if (classes.length === 0) errs.classes = t('err.classes');
    if ([...purpose.trim()].length < MIN_PURPOSE) errs.purpose = t('ref.err.reason', { min: MIN_PURPOSE });
    if (!covering && mayOverride && [...override.trim()].length < MIN_OVERRIDE)
      errs.override = t('ref.err.override', { min: MIN_OVERRIDE });
    if (!covering && !mayOverride) errs.consent = t('ref.onward.needConsent');
    setErrors(errs);
    setFailure(null);
    setNotice('');
    const order: [string, { current: HTMLElement | null }][] = [
      ['agency', agencyRef],
      ['service', serviceRef],
      ['classes', classRef],
      ['purpose', purposeRef],
      ['override', overrideRef],
    ];
    const first = order.find(([k]) => errs[k]);
    if (first) {
      first[1].current?.focus();
      return;
    }
    if (errs.consent) return;
    setBusy(true);
    try {
      const r = await referralApi.referOnward({
        kind: 'onward',
        person_id: personId,
        recipient_agency_id: agency,
        service: service as Service,
        field_classes: classes,
        purpose: purpose.trim(),
        ...(covering ? { consent_id: covering.id } : { override_reason: override.trim() }),
      });
      setNotice(t('ref.onward.done', { reference: r.reference, agency: agencyName(r.to_agency_id) }));
      setPurpose('');
      setOverride('');
      loadConsents(personId);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) setFailure({ message: t('ref.onward.noConsent'), detail: err.problem.detail });
      else setFailure(describeError(i18n, err));
    } finally {
      setBusy(false);
    }
  };

  const back = (
    <p>
      <Link href={`/referrals/${encodeURIComponent(props.id)}`}>{t('ref.onward.back')}</Link>
    </p>
  );
  if (notFound || (ref && !ref.person_id)) {
    return (
      <Page title={t('ref.detail.notFoundTitle')}>
        {back}
        <p>{t('ref.detail.notFoundText')}</p>
      </Page>
    );
  }
  if (!ref) {
    return (
      <Page title={t('ref.onward.title')}>
        {back}
        <LiveRegion>{loadFailure && <ErrorAlert error={loadFailure} />}</LiveRegion>
        {!loadFailure && <p role="status">{t('app.loading')}</p>}
      </Page>
    );
  }

  const grp = (k: string) => `usa-form-group${errors[k] ? ' usa-form-group--error' : ''}`;
  return (
    <Page title={t('ref.onward.title')} lead={t('ref.onward.lead', { reference: ref.person_reference ?? '' })}>
      {back}
      <LiveRegion>
        {failure && <ErrorAlert error={failure} />}
        {notice && (
          <Alert type="success" testId="onward-notice">
            {notice}
          </Alert>
        )}
      </LiveRegion>

      <h2>{t('ref.consent.heading')}</h2>
      {consents === null ? (
        <p role="status">{t('app.loading')}</p>
      ) : consents.length === 0 ? (
        <p data-testid="consents-empty">{t('ref.consent.none')}</p>
      ) : (
        <ul class="usa-list usa-list--unstyled" data-testid="consents">
          {consents.map((c) => (
            <li key={c.id} class="nrm-card margin-bottom-2" data-consent={c.id} data-status={c.status}>
              <p class="margin-0">
                <span class="text-bold">{agencyName(c.recipient_agency_id)}</span> ·{' '}
                <span class="usa-tag nrm-ref-tag">{codeName('consentStatus.', c.status)}</span>
              </p>
              <p class="margin-y-05">
                {t('ref.onward.classes')}: <ClassList classes={c.field_classes} />
              </p>
              <p class="margin-y-05 nrm-notes">{c.purpose}</p>
              <p class="margin-y-05">{t('ref.consent.validUntil', { time: formatDateTime(c.valid_until) })}</p>
              {c.status === 'active' && (
                <button
                  type="button"
                  class="usa-button usa-button--outline usa-button--small nrm-button-small"
                  onClick={() => withdraw(c)}
                  data-action="withdraw"
                >
                  {t('ref.consent.withdraw')}
                  <span class="usa-sr-only">: {agencyName(c.recipient_agency_id)}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        class="usa-button usa-button--outline"
        aria-expanded={showConsent}
        aria-controls="onward-consent"
        onClick={() => setShowConsent(!showConsent)}
        data-testid="consent-toggle"
      >
        {t('ref.consent.add')}
      </button>
      <section id="onward-consent" hidden={!showConsent} aria-labelledby="onward-consent-heading">
        {showConsent && (
          <>
            <h3 id="onward-consent-heading" ref={consentHeading} tabIndex={-1}>
              {t('ref.consent.formHeading')}
            </h3>
            <p>{t('ref.consent.intro')}</p>
            <ConsentForm
              personId={personId}
              agencies={agencies}
              initial={{ agency, classes }}
              onDone={(c) => {
                setShowConsent(false);
                setNotice(t('ref.consent.recorded', { agency: agencyName(c.recipient_agency_id) }));
                loadConsents(personId);
              }}
            />
          </>
        )}
      </section>

      <h2 class="margin-top-4">{t('ref.onward.formHeading')}</h2>
      <form class="usa-form usa-form--large" onSubmit={submit} noValidate data-testid="onward-form">
        <p class="usa-hint">{t('form.requiredNote')}</p>
        <AgencySelect id="of-agency" agencies={agencies} value={agency} onChange={setAgency} error={errors.agency} selRef={agencyRef} />
        <div class={grp('service')}>
          <label class="usa-label" for="of-service">
            {t('ref.col.service')}
            {req(t)}
          </label>
          {errors.service && (
            <span class="usa-error-message" id="of-service-error">
              {errors.service}
            </span>
          )}
          <select
            ref={serviceRef}
            class={`usa-select${errors.service ? ' usa-input--error' : ''}`}
            id="of-service"
            value={service}
            aria-invalid={errors.service ? 'true' : undefined}
            aria-describedby={errors.service ? 'of-service-error' : undefined}
            onChange={(e) => chooseService(e.currentTarget.value as Service | '')}
          >
            <option value="">{t('pf.choose')}</option>
            {SERVICES.map((s) => (
              <option key={s} value={s}>
                {codeName('refService.', s)}
              </option>
            ))}
          </select>
        </div>
        <ClassBoxes idPrefix="of" value={classes} onChange={setClasses} error={errors.classes} firstRef={classRef} />
        <div class={grp('purpose')}>
          <label class="usa-label" for="of-purpose">
            {t('ref.onward.purpose')}
            {req(t)}
          </label>
          <span class="usa-hint" id="of-purpose-hint">
            {t('ref.reasonHint', { min: MIN_PURPOSE, count: [...purpose.trim()].length })}
          </span>
          {errors.purpose && (
            <span class="usa-error-message" id="of-purpose-error">
              {errors.purpose}
            </span>
          )}
          <textarea
            ref={purposeRef}
            class={`usa-textarea${errors.purpose ? ' usa-input--error' : ''}`}
            id="of-purpose"
            rows={2}
            maxLength={2000}
            aria-invalid={errors.purpose ? 'true' : undefined}
            aria-describedby={`of-purpose-hint${errors.purpose ? ' of-purpose-error' : ''}`}
            value={purpose}
            onInput={(e) => setPurpose(e.currentTarget.value)}
          />
        </div>

        <div class="margin-top-2" data-testid="consent-state" data-covered={covering ? 'true' : 'false'}>
          {agency && classes.length > 0 ? (
            covering ? (
              <Alert type="success" slim>
                {t('ref.onward.covered', { time: formatDateTime(covering.valid_until) })}
              </Alert>
            ) : (
              <Alert type="warning" slim>
                {mayOverride ? t('ref.onward.notCoveredOverride') : t('ref.onward.notCovered')}
              </Alert>
            )
          ) : null}
          {errors.consent && (
            <span class="usa-error-message" role="alert">
              {errors.consent}
            </span>
          )}
        </div>
        {!covering && mayOverride && agency && classes.length > 0 && (
          <div class={grp('override')}>
            <label class="usa-label" for="of-override">
              {t('ref.onward.override')}
              {req(t)}
            </label>
            <span class="usa-hint" id="of-override-hint">
              {t('ref.onward.overrideHint', { min: MIN_OVERRIDE, count: [...override.trim()].length })}
            </span>
            {errors.override && (
              <span class="usa-error-message" id="of-override-error">
                {errors.override}
              </span>
            )}
            <textarea
              ref={overrideRef}
              class={`usa-textarea${errors.override ? ' usa-input--error' : ''}`}
              id="of-override"
              rows={3}
              maxLength={2000}
              aria-invalid={errors.override ? 'true' : undefined}
              aria-describedby={`of-override-hint${errors.override ? ' of-override-error' : ''}`}
              value={override}
              onInput={(e) => setOverride(e.currentTarget.value)}
            />
          </div>
        )}
        <button type="submit" class="usa-button margin-top-2" disabled={busy} data-testid="onward-submit">
          {t('ref.onward.submit')}
        </button>
      </form>

      {made.length > 0 && (
        <>
          <h2 class="margin-top-4">{t('ref.onward.made')}</h2>
          <ul class="usa-list" data-testid="onward-made">
            {made.map((m) => (
              <li key={m.id} data-status={m.status}>
                <Link href={`/referrals/${encodeURIComponent(m.id)}`} class="nrm-mono">
                  {m.reference}
                </Link>{' '}
                {agencyName(m.to_agency_id)} · {m.service ? codeName('refService.', m.service) : ''}{' '}
                <StatusTag palette="nrm-ref-tag" prefix="refStatus." code={m.status} />
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}
