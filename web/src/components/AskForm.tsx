import { useRef, useState } from 'preact/hooks';
import { api, ApiError, GROUP_CLASSES } from '../api';
import type { FieldClass, GroupClass, InformationRequest } from '../api';
import { useI18n } from '../i18n';
import { normalizeReference, REFERENCE_RE } from '../person';
import { Alert, LiveRegion } from './Alert';
import { ErrorAlert } from './ErrorAlert';
import { describeError } from './errors';
import { Link } from './Link';

export const MIN_PURPOSE = 10;

type Field = 'object' | 'fields' | 'purpose';
const FIELDS: Field[] = ['object', 'fields', 'purpose'];

/**
 * Asks for field classes of a record, with a purpose. The reference code is
 * typed (or given by the record's page); the classes are checkboxes; the
 * reference class is open to every reader and is not offered.
 */
export function AskForm(props: {
  idPrefix: string;
  reference?: string;
  initialFields?: readonly GroupClass[];
  onSent?: (r: InformationRequest) => void;
}) {
  const i18n = useI18n();
  const { t, codeName } = i18n;
  const p = props.idPrefix;
  const [object, setObject] = useState(props.reference ?? '');
  const [fields, setFields] = useState<GroupClass[]>([...(props.initialFields ?? [])]);
  const [purpose, setPurpose] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<{ message: string; detail?: string } | null>(null);
  const [sent, setSent] = useState<InformationRequest | null>(null);
  const [busy, setBusy] = useState(false);
  const refs: Record<Field, { current: HTMLElement | null }> = {
    object: useRef<HTMLInputElement>(null),
    fields: useRef<HTMLInputElement>(null),
    purpose: useRef<HTMLTextAreaElement>(null),
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const ref = normalizeReference(object);
    const errs: Partial<Record<Field, string>> = {};
    if (!REFERENCE_RE.test(ref)) errs.object = t('err.reference');
    if (fields.length === 0) errs.fields = t('err.classes');
    if ([...purpose.trim()].length < MIN_PURPOSE) errs.purpose = t('err.purposeShort');
    setErrors(errs);
    setFailure(null);
    setSent(null);
    const first = FIELDS.find((f) => errs[f]);
    if (first) {
      refs[first].current?.focus();
      return;
    }
    setBusy(true);
    try {
      const ordered = GROUP_CLASSES.filter((c) => fields.includes(c)) as FieldClass[];
      const r = await api.askInformation({ object: ref, fields: ordered, purpose: purpose.trim() });
      setSent({ ...r, object_reference: r.object_reference || ref });
      setPurpose('');
      if (!props.reference) {
        setObject('');
        setFields([]);
      }
      props.onSent?.(r);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        setErrors({ object: t('err.noSuchReference') });
        refs.object.current?.focus();
      } else {
        setFailure(describeError(i18n, err));
      }
    } finally {
      setBusy(false);
    }
  };

  const group = (f: Field) => `usa-form-group${errors[f] ? ' usa-form-group--error' : ''}`;
  const err = (f: Field) =>
    errors[f] ? (
      <span class="usa-error-message" id={`${p}-${f}-error`}>
        {errors[f]}
      </span>
    ) : null;
  const described = (f: Field) => [`${p}-${f}-hint`, errors[f] ? `${p}-${f}-error` : ''].filter(Boolean).join(' ');
  const req = (
    <abbr title={t('form.required')} class="usa-hint usa-hint--required">
      {' '}
      *
    </abbr>
  );
  const purposeLen = [...purpose.trim()].length;

  return (
    <>
      <LiveRegion>
        {sent && (
          <Alert type="success" testId="ask-sent">
            <p class="margin-0">{t('ask.sent', { reference: sent.object_reference })}</p>
            <p class="margin-bottom-0">
              <Link href="/requests">{t('requests.mine')}</Link>
            </p>
          </Alert>
        )}
        {failure && <ErrorAlert error={failure} />}
      </LiveRegion>
      <form class="usa-form usa-form--large" onSubmit={submit} noValidate data-testid="ask-form">
        <p class="usa-hint">{t('form.requiredNote')}</p>
        {props.reference ? (
          <p>
            <span class="text-bold">{t('ask.object')}: </span>
            <span class="nrm-mono" data-testid="ask-reference">
              {props.reference}
            </span>
          </p>
        ) : (
          <div class={group('object')}>
            <label class="usa-label" for={`${p}-object`}>
              {t('ask.object')}
              {req}
            </label>
            <span class="usa-hint" id={`${p}-object-hint`}>
              {t('ask.objectHint')}
            </span>
            {err('object')}
            <input
              ref={refs.object as { current: HTMLInputElement | null }}
              class={`usa-input usa-input--lg nrm-mono${errors.object ? ' usa-input--error' : ''}`}
              id={`${p}-object`}
              name="object"
              autocomplete="off"
              autocapitalize="characters"
              spellcheck={false}
              required
              maxLength={20}
              aria-invalid={errors.object ? 'true' : undefined}
              aria-describedby={described('object')}
              value={object}
              onInput={(e) => setObject(e.currentTarget.value)}
            />
          </div>
        )}
        <fieldset class={`usa-fieldset ${group('fields')}`} aria-describedby={described('fields')}>
          <legend class="usa-legend">
            {t('ask.fields')}
            {req}
          </legend>
          <span class="usa-hint" id={`${p}-fields-hint`}>
            {t('ask.fieldsHint')}
          </span>
          {err('fields')}
          {GROUP_CLASSES.map((c, i) => {
            const id = `${p}-class-${c}`;
            return (
              <div class="usa-checkbox" key={c}>
                <input
                  ref={i === 0 ? (refs.fields as { current: HTMLInputElement | null }) : undefined}
                  class="usa-checkbox__input"
                  id={id}
                  type="checkbox"
                  name="fields"
                  value={c}
                  checked={fields.includes(c)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setFields((cur) => (on ? [...cur, c] : cur.filter((x) => x !== c)));
                  }}
                />
                <label class="usa-checkbox__label" for={id}>
                  {codeName('class.', c)}
                </label>
              </div>
            );
          })}
        </fieldset>
        <div class={group('purpose')}>
          <label class="usa-label" for={`${p}-purpose`}>
            {t('ask.purpose')}
            {req}
          </label>
          <span class="usa-hint" id={`${p}-purpose-hint`}>
            {t('ask.purposeHint')} {t('bg.count', { count: purposeLen })}
          </span>
          {err('purpose')}
          <textarea
            ref={refs.purpose as { current: HTMLTextAreaElement | null }}
            class={`usa-textarea${errors.purpose ? ' usa-input--error' : ''}`}
            id={`${p}-purpose`}
            name="purpose"
            rows={3}
            maxLength={2000}
            required
            aria-invalid={errors.purpose ? 'true' : undefined}
            aria-describedby={described('purpose')}
            value={purpose}
            onInput={(e) => setPurpose(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="usa-button margin-top-3" disabled={busy}>
          {busy ? t('ask.submitting') : t('ask.submit')}
        </button>
      </form>
    </>
  );
}
