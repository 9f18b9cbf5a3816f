// The person part of the referral form, with the fields the people module
// takes (src/app/openapi.json PersonInput): names in any script and other
// spellings, birth date or an age estimate, HTCDS gender, citizenship and
// languages as ISO codes, identity documents, a phone. No photo: the
// referral takes none, and its answer to the referrer names no person to
// attach one to. Values about a third person: the browser must not autofill
// or remember them.
import type { Ref } from 'preact';
import { useI18n } from '../../../i18n';
import type { Key } from '../../../i18n';
import { isIsoDate } from '../../../person';
import type { PersonGroups } from '../api';

export const GENDERS = ['Feminine', 'Masculine', 'TransgenderFeminine', 'TransgenderMasculine', 'NonConforming', 'NonSpecifiedUnknown'] as const;
export const DOC_TYPES = ['passport', 'national_id', 'residence_permit', 'birth_certificate', 'travel_document', 'seafarer_id', 'driving_licence', 'other'] as const;
export const MAX_DOCS = 5;

export interface Doc {
  key: number;
  type: string;
  number: string;
  issuing_country: string;
}

export interface PersonValues {
  given_names: string;
  family_name: string;
  patronymic: string;
  other_names: string;
  birth_date: string;
  age_estimate: string;
  gender: string;
  citizenship: string;
  languages: string;
  phone: string;
  documents: Doc[];
}

export const EMPTY_PERSON: PersonValues = {
  given_names: '',
  family_name: '',
  patronymic: '',
  other_names: '',
  birth_date: '',
  age_estimate: '',
  gender: '',
  citizenship: '',
  languages: '',
  phone: '',
  documents: [],
};

type Errs = Record<string, string>;

const CODES = /^[A-Za-z]{2,3}(\s*,\s*[A-Za-z]{2,3})*$/;

/** Field errors as message keys (and the field's id suffix), in the order of the form. */
export function personErrors(v: PersonValues): Record<string, Key> {
  const e: Record<string, Key> = {};
  if (v.birth_date.trim() && !isIsoDate(v.birth_date.trim())) e.birth_date = 'err.birthDate';
  const age = v.age_estimate.trim();
  if (age && (!/^\d{1,3}$/.test(age) || Number(age) > 120)) e.age_estimate = 'ref.err.age';
  if (v.citizenship.trim() && !CODES.test(v.citizenship.trim())) e.citizenship = 'ref.err.codes';
  if (v.languages.trim() && !CODES.test(v.languages.trim())) e.languages = 'ref.err.codes';
  v.documents.forEach((d, i) => {
    const any = d.type || d.number.trim() || d.issuing_country.trim();
    if (!any) return;
    if (!d.type) e[`doc-${i}-type`] = 'ref.err.docType';
    if (!d.number.trim()) e[`doc-${i}-number`] = 'ref.err.docNumber';
    if (d.issuing_country.trim() && !/^[A-Za-z]{2,3}$/.test(d.issuing_country.trim())) e[`doc-${i}-issuing_country`] = 'ref.err.country';
  });
  return e;
}

/** The groups to send with a referral: trimmed, empty fields and empty documents left out. */
export function personGroups(v: PersonValues): PersonGroups {
  const pick = (keys: (keyof PersonValues)[]) => {
    const g: Record<string, string> = {};
    for (const k of keys) {
      const s = String(v[k]).trim();
      if (s) g[k] = s;
    }
    return g;
  };
  const identity: Record<string, string> = pick(['given_names', 'family_name', 'patronymic', 'other_names', 'birth_date']);
  const docs = v.documents
    .filter((d) => d.type && d.number.trim())
    .map((d) => ({ type: d.type, number: d.number.trim(), ...(d.issuing_country.trim() ? { issuing_country: d.issuing_country.trim().toUpperCase() } : {}) }));
  // POST /api/v1/referrals takes the person's groups as text only (unlike
  // POST /api/v1/persons, which takes an array): the documents go as the
  // array's JSON text, the form in which the people module keeps them.
  if (docs.length) identity.documents = JSON.stringify(docs);
  const detail = pick(['gender', 'age_estimate', 'citizenship', 'languages']);
  const contact = pick(['phone']);
  const out: PersonGroups = {};
  if (Object.keys(identity).length) out.identity = identity;
  if (Object.keys(detail).length) out.detail = detail;
  if (Object.keys(contact).length) out.contact = contact;
  return out;
}

export function PersonInputs(props: {
  values: PersonValues;
  errors: Errs;
  onChange: (v: PersonValues) => void;
  firstRef?: Ref<HTMLInputElement>;
  nextDocKey: () => number;
}) {
  const { t, codeName } = useI18n();
  const v = props.values;
  const set = (k: keyof PersonValues, value: string) => props.onChange({ ...v, [k]: value });

  const text = (k: keyof PersonValues, label: string, opts: { hint?: string; type?: string; md?: boolean; max?: number; ref?: Ref<HTMLInputElement>; inputMode?: 'numeric' | 'tel' } = {}) => {
    const id = `rp-${k}`;
    const err = props.errors[k];
    const describedBy = [opts.hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
    return (
      <div class={`usa-form-group${err ? ' usa-form-group--error' : ''}`}>
        <label class="usa-label" for={id}>
          {label}
        </label>
        {opts.hint && (
          <span class="usa-hint" id={`${id}-hint`}>
            {opts.hint}
          </span>
        )}
        {err && (
          <span class="usa-error-message" id={`${id}-error`}>
            {err}
          </span>
        )}
        <input
          ref={opts.ref}
          id={id}
          class={`usa-input${opts.md ? ' usa-input--md' : ''}${err ? ' usa-input--error' : ''}`}
          type={opts.type ?? 'text'}
          inputMode={opts.inputMode}
          autocomplete="off"
          spellcheck={false}
          maxLength={opts.max ?? 200}
          aria-invalid={err ? 'true' : undefined}
          aria-describedby={describedBy}
          value={String(v[k])}
          onInput={(e) => set(k, e.currentTarget.value)}
        />
      </div>
    );
  };

  const setDoc = (i: number, patch: Partial<Doc>) => props.onChange({ ...v, documents: v.documents.map((d, j) => (j === i ? { ...d, ...patch } : d)) });

  return (
    <>
      <fieldset class="usa-fieldset margin-top-2" data-group="identity">
        <legend class="usa-legend usa-legend--large">{codeName('class.', 'identity')}</legend>
        {text('given_names', t('pf.identity.given_names'), { ref: props.firstRef })}
        {text('family_name', t('pf.identity.family_name'))}
        {text('patronymic', t('pf.identity.patronymic'))}
        {text('other_names', t('ref.p.otherNames'), { hint: t('ref.p.otherNamesHint'), max: 400 })}
        {text('birth_date', t('pf.identity.birth_date'), { hint: t('pf.birthDateHint'), md: true, max: 10 })}
        {text('age_estimate', t('pf.detail.age_estimate'), { hint: t('ref.p.ageHint'), md: true, max: 3, inputMode: 'numeric' })}
      </fieldset>

      <fieldset class="usa-fieldset margin-top-2" data-group="documents">
        <legend class="usa-legend">{t('ref.p.documents')}</legend>
        {v.documents.length === 0 && <p class="usa-hint margin-top-1">{t('ref.p.noDocuments')}</p>}
        {v.documents.map((d, i) => {
          const p = `rp-doc-${i}`;
          const e = (f: string) => props.errors[`doc-${i}-${f}`];
          return (
            <div class="nrm-card margin-top-1" key={d.key} role="group" aria-labelledby={`${p}-title`} data-doc={i}>
              <p class="text-bold margin-0" id={`${p}-title`}>
                {t('ref.p.document', { n: i + 1 })}
              </p>
              <div class={`usa-form-group${e('type') ? ' usa-form-group--error' : ''}`}>
                <label class="usa-label" for={`${p}-type`}>
                  {t('pf.identity.document_type')}
                </label>
                {e('type') && (
                  <span class="usa-error-message" id={`${p}-type-error`}>
                    {e('type')}
                  </span>
                )}
                <select
                  id={`${p}-type`}
                  class={`usa-select${e('type') ? ' usa-input--error' : ''}`}
                  value={d.type}
                  aria-invalid={e('type') ? 'true' : undefined}
                  aria-describedby={e('type') ? `${p}-type-error` : undefined}
                  onChange={(ev) => setDoc(i, { type: ev.currentTarget.value })}
                >
                  <option value="">{t('pf.choose')}</option>
                  {DOC_TYPES.map((c) => (
                    <option key={c} value={c}>
                      {codeName('ref.doc.', c)}
                    </option>
                  ))}
                </select>
              </div>
              <div class={`usa-form-group${e('number') ? ' usa-form-group--error' : ''}`}>
                <label class="usa-label" for={`${p}-number`}>
                  {t('pf.identity.document_number')}
                </label>
                {e('number') && (
                  <span class="usa-error-message" id={`${p}-number-error`}>
                    {e('number')}
                  </span>
                )}
                <input
                  id={`${p}-number`}
                  class={`usa-input${e('number') ? ' usa-input--error' : ''}`}
                  autocomplete="off"
                  spellcheck={false}
                  maxLength={64}
                  aria-invalid={e('number') ? 'true' : undefined}
                  aria-describedby={e('number') ? `${p}-number-error` : undefined}
                  value={d.number}
                  onInput={(ev) => setDoc(i, { number: ev.currentTarget.value })}
                />
              </div>
              <div class={`usa-form-group${e('issuing_country') ? ' usa-form-group--error' : ''}`}>
                <label class="usa-label" for={`${p}-country`}>
                  {t('ref.p.issuingCountry')}
                </label>
                <span class="usa-hint" id={`${p}-country-hint`}>
                  {t('ref.p.countryHint')}
                </span>
                {e('issuing_country') && (
                  <span class="usa-error-message" id={`${p}-country-error`}>
                    {e('issuing_country')}
                  </span>
                )}
                <input
                  id={`${p}-country`}
                  class={`usa-input usa-input--sm${e('issuing_country') ? ' usa-input--error' : ''}`}
                  autocomplete="off"
                  spellcheck={false}
                  maxLength={3}
                  aria-invalid={e('issuing_country') ? 'true' : undefined}
                  aria-describedby={`${p}-country-hint${e('issuing_country') ? ` ${p}-country-error` : ''}`}
                  value={d.issuing_country}
                  onInput={(ev) => setDoc(i, { issuing_country: ev.currentTarget.value })}
                />
              </div>
              <button
                type="button"
                class="usa-button usa-button--unstyled"
                onClick={() => props.onChange({ ...v, documents: v.documents.filter((_, j) => j !== i) })}
              >
                {t('ref.p.removeDocument', { n: i + 1 })}
              </button>
            </div>
          );
        })}
        {v.documents.length < MAX_DOCS && (
          <button
            type="button"
            class="usa-button usa-button--outline margin-top-1"
            data-testid="add-document"
            onClick={() => props.onChange({ ...v, documents: [...v.documents, { key: props.nextDocKey(), type: '', number: '', issuing_country: '' }] })}
          >
            {t('ref.p.addDocument')}
          </button>
        )}
      </fieldset>

      <fieldset class="usa-fieldset margin-top-2" data-group="detail">
        <legend class="usa-legend usa-legend--large">{codeName('class.', 'detail')}</legend>
        <div class="usa-form-group">
          <label class="usa-label" for="rp-gender">
            {t('pf.detail.gender')}
          </label>
          <select id="rp-gender" class="usa-select" value={v.gender} onChange={(e) => set('gender', e.currentTarget.value)}>
            <option value="">{t('pf.choose')}</option>
            {GENDERS.map((g) => (
              <option key={g} value={g}>
                {codeName('ref.gender.', g)}
              </option>
            ))}
          </select>
        </div>
        {text('citizenship', t('pf.detail.citizenship'), { hint: t('ref.p.citizenshipHint'), max: 40 })}
        {text('languages', t('pf.detail.languages'), { hint: t('ref.p.languagesHint'), max: 60 })}
      </fieldset>

      <fieldset class="usa-fieldset margin-top-2" data-group="contact">
        <legend class="usa-legend usa-legend--large">{codeName('class.', 'contact')}</legend>
        {text('phone', t('pf.contact.phone'), { hint: t('pf.phoneHint'), type: 'tel', max: 40 })}
      </fieldset>
    </>
  );
}
