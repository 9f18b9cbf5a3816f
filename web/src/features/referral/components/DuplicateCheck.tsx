// The duplicate check before a person is created: the names typed so far
// (any script) and the birth year go to the server in a POST body; the answer
// says only which agency holds a possible match, with an opaque token. The
// officer may ask that agency for information: an information request whose
// object is the token. Nothing else about the match is shown or known here.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, GROUP_CLASSES } from '../../../api';
import type { FieldClass, FieldGroup, GroupClass } from '../../../api';
import { Alert, LiveRegion } from '../../../components/Alert';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { describeError } from '../../../components/errors';
import { Link } from '../../../components/Link';
import { useI18n } from '../../../i18n';
import { duplicateCheck } from '../api';
import type { DuplicateMatch } from '../api';
import { req } from '../bits';

type Failure = { message: string; detail?: string | undefined };
const MIN_PURPOSE = 10;

/**
 * Asks the holder of a possible match for field classes, with a purpose. A
 * <div>, not a <form>: it sits inside the referral form, and a nested form's
 * submission would bubble up to it. Enter in the purpose does not submit.
 */
function MatchRequest(props: { idPrefix: string; token: string; agency: string }) {
  const i18n = useI18n();
  const { t, codeName } = i18n;
  const p = props.idPrefix;
  const [fields, setFields] = useState<GroupClass[]>(['identity', 'detail']);
  const [purpose, setPurpose] = useState('');
  const [errors, setErrors] = useState<{ fields?: string; purpose?: string }>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const purposeRef = useRef<HTMLTextAreaElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const send = async () => {
    if (busy) return;
    const errs: typeof errors = {};
    if (fields.length === 0) errs.fields = t('err.classes');
    if ([...purpose.trim()].length < MIN_PURPOSE) errs.purpose = t('ref.err.reason', { min: MIN_PURPOSE });
    setErrors(errs);
    setFailure(null);
    if (errs.fields) return firstRef.current?.focus();
    if (errs.purpose) return purposeRef.current?.focus();
    setBusy(true);
    try {
      const ordered = GROUP_CLASSES.filter((c) => fields.includes(c)) as FieldClass[];
      await api.askInformation({ object: props.token, fields: ordered, purpose: purpose.trim() });
      setSent(true);
    } catch (e) {
      setFailure(describeError(i18n, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="nrm-card margin-top-2" role="group" aria-labelledby={`${p}-heading`} data-testid="match-request">
      <h4 id={`${p}-heading`} ref={headingRef} tabIndex={-1} class="margin-top-0">
        {t('ref.dup.askHeading', { agency: props.agency })}
      </h4>
      <LiveRegion>
        {sent && (
          <Alert type="success" slim testId="match-request-sent">
            {t('ref.dup.sent', { agency: props.agency })} <Link href="/requests">{t('ref.dup.myRequests')}</Link>
          </Alert>
        )}
        {failure && <ErrorAlert error={failure} />}
      </LiveRegion>
      {!sent && (
        <>
          <fieldset
            class={`usa-fieldset usa-form-group${errors.fields ? ' usa-form-group--error' : ''}`}
            aria-describedby={errors.fields ? `${p}-fields-error` : undefined}
          >
            <legend class="usa-legend">
              {t('ref.dup.askFields')}
              {req(t)}
            </legend>
            {errors.fields && (
              <span class="usa-error-message" id={`${p}-fields-error`}>
                {errors.fields}
              </span>
            )}
            {GROUP_CLASSES.filter((c) => c !== 'investigation').map((c, i) => (
              <div class="usa-checkbox" key={c}>
                <input
                  ref={i === 0 ? firstRef : undefined}
                  class="usa-checkbox__input"
                  type="checkbox"
                  id={`${p}-class-${c}`}
                  checked={fields.includes(c)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setFields((cur) => (on ? [...cur, c] : cur.filter((x) => x !== c)));
                  }}
                />
                <label class="usa-checkbox__label" for={`${p}-class-${c}`}>
                  {codeName('class.', c)}
                </label>
              </div>
            ))}
          </fieldset>
          <div class={`usa-form-group${errors.purpose ? ' usa-form-group--error' : ''}`}>
            <label class="usa-label" for={`${p}-purpose`}>
              {t('ref.dup.askPurpose')}
              {req(t)}
            </label>
            <span class="usa-hint" id={`${p}-purpose-hint`}>
              {t('ref.reasonHint', { min: MIN_PURPOSE, count: [...purpose.trim()].length })}
            </span>
            {errors.purpose && (
              <span class="usa-error-message" id={`${p}-purpose-error`}>
                {errors.purpose}
              </span>
            )}
            <textarea
              ref={purposeRef}
              class={`usa-textarea${errors.purpose ? ' usa-input--error' : ''}`}
              id={`${p}-purpose`}
              rows={2}
              maxLength={2000}
              aria-invalid={errors.purpose ? 'true' : undefined}
              aria-describedby={`${p}-purpose-hint${errors.purpose ? ` ${p}-purpose-error` : ''}`}
              value={purpose}
              onInput={(e) => setPurpose(e.currentTarget.value)}
            />
          </div>
          <button type="button" class="usa-button margin-top-1" onClick={send} disabled={busy} data-testid="match-request-send">
            {t('ref.dup.send')}
          </button>
        </>
      )}
    </div>
  );
}

export function DuplicateCheck(props: { identity: FieldGroup; agencyName: (id: string) => string }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const [matches, setMatches] = useState<DuplicateMatch[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<number | null>(null);
  const [hint, setHint] = useState('');

  const id = props.identity;
  const hasName = ['given_names', 'family_name', 'patronymic', 'other_names'].some((k) => (id[k] ?? '').trim());
  const agencyOf = (m: DuplicateMatch) => (m.agency_name ? m.agency_name[lang] || m.agency_name.az : props.agencyName(m.agency_id));

  const check = async () => {
    if (busy) return;
    setFailure(null);
    setAsking(null);
    if (!hasName) {
      setHint(t('ref.dup.needName'));
      setMatches(null);
      return;
    }
    setHint('');
    setBusy(true);
    try {
      const r = await duplicateCheck(id);
      setMatches(r.matches);
    } catch (e) {
      setFailure(describeError(i18n, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="nrm-ref-dup margin-top-2" data-testid="duplicate-check">
      <button
        type="button"
        class="usa-button usa-button--outline"
        onClick={check}
        disabled={busy}
        aria-describedby="rn-dup-hint"
        data-testid="duplicate-check-button"
      >
        {busy ? t('ref.dup.checking') : t('ref.dup.check')}
      </button>
      <span class="usa-hint display-block" id="rn-dup-hint">
        {t('ref.dup.hint')}
      </span>
      <LiveRegion>
        {hint && <span class="usa-error-message">{hint}</span>}
        {failure && <ErrorAlert error={failure} />}
        {matches && matches.length === 0 && (
          <Alert type="success" slim testId="duplicate-none">
            {t('ref.dup.none')}
          </Alert>
        )}
        {matches && matches.length > 0 && (
          <Alert type="warning" heading={t('ref.dup.found')} testId="duplicate-found">
            <ul class="usa-list margin-0">
              {matches.map((m, i) => (
                <li key={m.match_token} data-agency={m.agency_code ?? m.agency_id}>
                  {t('ref.dup.heldBy', { agency: agencyOf(m) })}{' '}
                  <button
                    type="button"
                    class="usa-button usa-button--unstyled"
                    aria-expanded={asking === i}
                    onClick={() => setAsking(asking === i ? null : i)}
                    data-testid="duplicate-ask"
                  >
                    {t('ref.dup.ask')}
                  </button>
                </li>
              ))}
            </ul>
            <p class="margin-bottom-0">{t('ref.dup.goOn')}</p>
          </Alert>
        )}
      </LiveRegion>
      {asking !== null && matches?.[asking] && (
        <MatchRequest
          key={matches[asking]?.match_token}
          idPrefix="rdq"
          token={matches[asking]?.match_token ?? ''}
          agency={agencyOf(matches[asking] as DuplicateMatch)}
        />
      )}
    </div>
  );
}
