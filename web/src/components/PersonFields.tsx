// The inputs and shown values of a person's fields, shared by the core
// "record a person" form, the person page's group editing and the referral
// form (features/referral/components/PersonInputs.tsx wraps PersonInputs).
// Gender, document types, countries and languages come from the server's
// picklists (GET /api/v1/persons/picklists), so a form never offers a value
// the server refuses; they are labelled in the UI language and sorted with
// its collator. Values about a third person: the browser must not autofill
// or remember them, and nothing here touches browser storage.
import type { JSX, Ref } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, GROUP_FIELDS, PHOTO_MAX_BYTES, PHOTO_TYPES } from '../api';
import type { DocumentType, FieldGroup, GroupClass, IdentityDocument, IdentityGroup, Person, PicklistEntry, Picklists } from '../api';
import { ErrorAlert } from './ErrorAlert';
import { describeError } from './errors';
import { useI18n } from '../i18n';
import type { Key } from '../i18n';
import { isIsoDate } from '../person';

const HINTS: Partial<Record<string, Key>> = {
  birth_date: 'pf.birthDateHint',
  phone: 'pf.phoneHint',
};

/** A field's label: the class matters for "notes" (health or investigation). */
export function fieldLabelKey(cls: GroupClass, field: string): Key {
  return `pf.${cls}.${field}` as Key;
}

// The picklists are reference data, not personal data: fetched once per page
// load and kept in memory.
let picklists: Picklists | null = null;
let picklistsLoad: Promise<Picklists> | null = null;

/** The server's picklists, or null until they have arrived (or when they cannot be had: forms then take codes as text). */
export function usePicklists(): Picklists | null {
  const [value, setValue] = useState<Picklists | null>(picklists);
  useEffect(() => {
    if (picklists) return;
    let live = true;
    picklistsLoad ??= api.picklists().then((p) => (picklists = p));
    picklistsLoad.then(
      (p) => live && setValue(p),
      () => {
        picklistsLoad = null; // tried again by the next form
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return value;
}

/** A picklist's entries labelled in the UI language and sorted by that label. */
function useSorted(list: PicklistEntry[] | undefined): { code: string; name: string }[] {
  const { lang, collator } = useI18n();
  return (list ?? []).map((e) => ({ code: e.code, name: e.label[lang] || e.code })).sort((a, b) => collator.compare(a.name, b.name));
}

/** Shows stored values: gender, citizenship and language codes by their names in the UI language. */
export function useFieldValue() {
  const { lang, codeName } = useI18n();
  const pl = usePicklists();
  const name = (list: PicklistEntry[] | undefined, code: string) => list?.find((e) => e.code === code)?.label[lang] ?? code;
  return (field: string, value: string): string => {
    if (field === 'gender') {
      const legacy = pl?.legacy_genders[value];
      const g = pl?.genders.find((e) => e.code === (legacy ?? value));
      return g ? g.label[lang] : codeName('gender.', value);
    }
    if (field === 'citizenship' || field === 'languages') {
      const list = field === 'citizenship' ? pl?.countries : pl?.languages;
      return value
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean)
        .map((c) => name(list, field === 'citizenship' ? c.toUpperCase() : c.toLowerCase()))
        .join(', ');
    }
    return value;
  };
}

/** One document row being edited; `key` keeps the row's inputs stable when another is removed. */
export interface Doc {
  key: number;
  type: string;
  number: string;
  issuing_country: string;
  expiry: string;
}

export const MAX_DOCS = 10;

/** The identity and detail fields as a form holds them (codes lists as comma-separated text). */
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
  documents: [],
};

let docKeys = 0;
export function newDoc(d: Partial<IdentityDocument> = {}): Doc {
  return { key: ++docKeys, type: d.type ?? '', number: d.number ?? '', issuing_country: d.issuing_country ?? '', expiry: d.expiry ?? '' };
}

/** Form values from a stored record's groups (a legacy single document becomes the first row). */
export function personValues(identity: IdentityGroup | undefined, detail: FieldGroup | undefined, pl: Picklists | null): PersonValues {
  const id = identity ?? {};
  const d = detail ?? {};
  const docs = (id.documents ?? []).map((x) => newDoc(x));
  if (id.document_number) docs.unshift(newDoc({ type: (id.document_type ?? '') as DocumentType, number: id.document_number }));
  const gender = d.gender ?? '';
  return {
    given_names: id.given_names ?? '',
    family_name: id.family_name ?? '',
    patronymic: id.patronymic ?? '',
    other_names: id.other_names ?? '',
    birth_date: id.birth_date ?? '',
    age_estimate: d.age_estimate ?? '',
    gender: pl?.legacy_genders[gender] ?? gender,
    citizenship: d.citizenship ?? '',
    languages: d.languages ?? '',
    documents: docs,
  };
}

const CODES = /^[A-Za-z]{2,3}(\s*,\s*[A-Za-z]{2,3})*$/;
const codesOf = (s: string) =>
  s
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);

/**
 * Field errors as message keys, by the field's id suffix, in the order of the
 * form. `both`: the form holds the birth date and the age estimate together,
 * and only one of them may be given.
 */
export function personErrors(v: PersonValues, pl: Picklists | null = null, both = true): Record<string, Key> {
  const e: Record<string, Key> = {};
  const bd = v.birth_date.trim();
  if (bd && !isIsoDate(bd)) e.birth_date = 'err.birthDate';
  const age = v.age_estimate.trim();
  if (age && (!/^\d{1,3}$/.test(age) || Number(age) > 120)) e.age_estimate = 'ref.err.age';
  else if (both && age && bd) e.age_estimate = 'pf.err.dateOrAge';
  const known = (list: PicklistEntry[] | undefined, codes: string[], upper: boolean) =>
    !list || codes.every((c) => list.some((x) => x.code === (upper ? c.toUpperCase() : c.toLowerCase())));
  if (v.citizenship.trim() && (!CODES.test(v.citizenship.trim()) || !known(pl?.countries, codesOf(v.citizenship), true)))
    e.citizenship = 'ref.err.codes';
  if (v.languages.trim() && (!CODES.test(v.languages.trim()) || !known(pl?.languages, codesOf(v.languages), false)))
    e.languages = 'ref.err.codes';
  v.documents.forEach((d, i) => {
    const any = d.type || d.number.trim() || d.issuing_country.trim() || d.expiry.trim();
    if (!any) return;
    if (!d.type) e[`doc-${i}-type`] = 'ref.err.docType';
    if (!d.number.trim()) e[`doc-${i}-number`] = 'ref.err.docNumber';
    if (d.issuing_country.trim() && !/^[A-Za-z]{2,3}$/.test(d.issuing_country.trim())) e[`doc-${i}-country`] = 'ref.err.country';
    if (d.expiry.trim() && !isIsoDate(d.expiry.trim())) e[`doc-${i}-expiry`] = 'err.birthDate';
  });
  return e;
}

/** The documents to store: trimmed, empty rows left out. */
export function documentsOf(v: PersonValues): IdentityDocument[] {
  return v.documents
    .filter((d) => d.type && d.number.trim())
    .map((d) => ({
      // A value of the server's document_types picklist.
      type: d.type as DocumentType,
      number: d.number.trim(),
      ...(d.issuing_country.trim() ? { issuing_country: d.issuing_country.trim().toUpperCase() } : {}),
      ...(d.expiry.trim() ? { expiry: d.expiry.trim() } : {}),
    }));
}

function pick(v: PersonValues, keys: (keyof PersonValues)[]): FieldGroup {
  const g: FieldGroup = {};
  for (const k of keys) {
    const s = String(v[k]).trim();
    if (s) g[k] = s;
  }
  return g;
}

/** The identity group to send to the people API (documents as an array); empty fields left out. */
export function identityGroup(v: PersonValues): IdentityGroup {
  const g: IdentityGroup = pick(v, ['given_names', 'family_name', 'patronymic', 'other_names', 'birth_date']);
  const docs = documentsOf(v);
  if (docs.length) g.documents = docs;
  return g;
}

/** The detail group to send; empty fields left out. */
export function detailGroup(v: PersonValues): FieldGroup {
  return pick(v, ['gender', 'age_estimate', 'citizenship', 'languages']);
}

const DETAIL_FIELDS = new Set(GROUP_FIELDS.detail);

/** The ids of the core pages' person inputs: `<prefix>-identity-given_names`, `<prefix>-detail-gender`, `<prefix>-doc-0-type`. */
export function classIds(prefix: string): (field: string) => string {
  return (f) => (f.startsWith('doc-') ? `${prefix}-${f}` : `${prefix}-${DETAIL_FIELDS.has(f) ? 'detail' : 'identity'}-${f}`);
}

type Common = { id: string; 'aria-invalid': 'true' | undefined; 'aria-describedby': string | undefined };
type TextOpts = { hint?: string; type?: string; md?: boolean; max?: number; ref?: Ref<HTMLInputElement>; inputMode?: 'numeric' | 'tel' };

/**
 * The identity fields (names, other names, birth date, documents) and/or the
 * detail fields (age estimate, gender, citizenship, languages), each in its
 * fieldset. `idFor(field)` names each input (tests and error links use it);
 * errors are keyed as personErrors keys them.
 */
export function PersonInputs(props: {
  values: PersonValues;
  errors: Record<string, string>;
  onChange: (v: PersonValues) => void;
  idFor: (field: string) => string;
  groups: readonly ('identity' | 'detail')[];
  picklists: Picklists | null;
  firstRef?: Ref<HTMLInputElement>;
  /** Legends are visually hidden where the surrounding page already names the group. */
  quietLegends?: boolean;
}) {
  const { t, codeName, lang } = useI18n();
  const v = props.values;
  const pl = props.picklists;
  const genders = pl?.genders.map((g) => ({ code: g.code, name: g.label[lang] || g.code })) ?? [];
  const docTypes = pl?.document_types.map((g) => ({ code: g.code, name: g.label[lang] || g.code })) ?? [];
  const countries = useSorted(pl?.countries);
  const languages = useSorted(pl?.languages);
  const set = (k: keyof PersonValues, value: string) => props.onChange({ ...v, [k]: value });
  const legend = `usa-legend usa-legend--large${props.quietLegends ? ' usa-sr-only' : ''}`;

  const group = (field: string, label: string, hint: string | undefined, control: (common: Common, errClass: string) => JSX.Element) => {
    const id = props.idFor(field);
    const err = props.errors[field];
    const describedBy = [hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
    return (
      <div class={`usa-form-group${err ? ' usa-form-group--error' : ''}`} key={field}>
        <label class="usa-label" for={id}>
          {label}
        </label>
        {hint && (
          <span class="usa-hint" id={`${id}-hint`}>
            {hint}
          </span>
        )}
        {err && (
          <span class="usa-error-message" id={`${id}-error`}>
            {err}
          </span>
        )}
        {control({ id, 'aria-invalid': err ? 'true' : undefined, 'aria-describedby': describedBy }, err ? ' usa-input--error' : '')}
      </div>
    );
  };

  const text = (k: keyof PersonValues, label: string, opts: TextOpts = {}) =>
    group(k, label, opts.hint, (common, errClass) => (
      <input
        {...common}
        ref={opts.ref}
        class={`usa-input${opts.md ? ' usa-input--md' : ''}${errClass}`}
        type={opts.type ?? 'text'}
        inputMode={opts.inputMode}
        autocomplete="off"
        spellcheck={false}
        maxLength={opts.max ?? 200}
        value={String(v[k])}
        onInput={(e) => set(k, e.currentTarget.value)}
      />
    ));

  /** Citizenship and languages: a multiple choice from the picklist; codes as text while the list is not there. */
  const codes = (k: 'citizenship' | 'languages', label: string, list: { code: string; name: string }[]) => {
    if (!list.length) return text(k, label, { hint: t(k === 'citizenship' ? 'ref.p.citizenshipHint' : 'ref.p.languagesHint'), max: 60 });
    const chosen = new Set(codesOf(v[k]).map((c) => (k === 'citizenship' ? c.toUpperCase() : c.toLowerCase())));
    return group(k, label, t('pf.multiHint'), (common, errClass) => (
      <select
        {...common}
        multiple
        size={6}
        class={`usa-select${errClass}`}
        onChange={(e) => set(k, Array.from(e.currentTarget.selectedOptions, (o) => o.value).join(','))}
      >
        {list.map((c) => (
          <option key={c.code} value={c.code} selected={chosen.has(c.code)}>
            {c.name === c.code ? c.code : `${c.name} (${c.code})`}
          </option>
        ))}
      </select>
    ));
  };

  const setDoc = (i: number, patch: Partial<Doc>) =>
    props.onChange({ ...v, documents: v.documents.map((d, j) => (j === i ? { ...d, ...patch } : d)) });

  const docs = (
    <fieldset class="usa-fieldset margin-top-2" data-group="documents" key="documents">
      <legend class="usa-legend">{t('ref.p.documents')}</legend>
      {v.documents.length === 0 && <p class="usa-hint margin-top-1">{t('ref.p.noDocuments')}</p>}
      {v.documents.map((d, i) => {
        const p = props.idFor(`doc-${i}`);
        const e = (f: string) => props.errors[`doc-${i}-${f}`];
        const field = (f: string, label: string, hint: string | undefined, input: (common: Common, cls: string) => JSX.Element) => {
          const id = `${p}-${f}`;
          const describedBy = [hint ? `${id}-hint` : '', e(f) ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
          return (
            <div class={`usa-form-group${e(f) ? ' usa-form-group--error' : ''}`}>
              <label class="usa-label" for={id}>
                {label}
              </label>
              {hint && (
                <span class="usa-hint" id={`${id}-hint`}>
                  {hint}
                </span>
              )}
              {e(f) && (
                <span class="usa-error-message" id={`${id}-error`}>
                  {e(f)}
                </span>
              )}
              {input({ id, 'aria-invalid': e(f) ? 'true' : undefined, 'aria-describedby': describedBy }, e(f) ? ' usa-input--error' : '')}
            </div>
          );
        };
        return (
          <div class="nrm-card margin-top-1" key={d.key} role="group" aria-labelledby={`${p}-title`} data-doc={i}>
            <p class="text-bold margin-0" id={`${p}-title`}>
              {t('ref.p.document', { n: i + 1 })}
            </p>
            {field('type', t('pf.identity.document_type'), undefined, (common, ec) => (
              <select {...common} class={`usa-select${ec}`} value={d.type} onChange={(ev) => setDoc(i, { type: ev.currentTarget.value })}>
                <option value="">{t('pf.choose')}</option>
                {(docTypes.length ? docTypes : [{ code: d.type, name: d.type }].filter((x) => x.code)).map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name || codeName('ref.doc.', c.code)}
                  </option>
                ))}
              </select>
            ))}
            {field('number', t('pf.identity.document_number'), undefined, (common, ec) => (
              <input
                {...common}
                class={`usa-input${ec}`}
                autocomplete="off"
                spellcheck={false}
                maxLength={64}
                value={d.number}
                onInput={(ev) => setDoc(i, { number: ev.currentTarget.value })}
              />
            ))}
            {countries.length
              ? field('country', t('ref.p.issuingCountry'), undefined, (common, ec) => (
                  <select
                    {...common}
                    class={`usa-select${ec}`}
                    value={d.issuing_country.toUpperCase()}
                    onChange={(ev) => setDoc(i, { issuing_country: ev.currentTarget.value })}
                  >
                    <option value="">{t('pf.choose')}</option>
                    {countries.map((c) => (
                      <option key={c.code} value={c.code}>
                        {c.name === c.code ? c.code : `${c.name} (${c.code})`}
                      </option>
                    ))}
                  </select>
                ))
              : field('country', t('ref.p.issuingCountry'), t('ref.p.countryHint'), (common, ec) => (
                  <input
                    {...common}
                    class={`usa-input usa-input--sm${ec}`}
                    autocomplete="off"
                    spellcheck={false}
                    maxLength={3}
                    value={d.issuing_country}
                    onInput={(ev) => setDoc(i, { issuing_country: ev.currentTarget.value })}
                  />
                ))}
            {field('expiry', t('pf.doc.expiry'), t('pf.birthDateHint'), (common, ec) => (
              <input
                {...common}
                class={`usa-input usa-input--md${ec}`}
                autocomplete="off"
                spellcheck={false}
                maxLength={10}
                value={d.expiry}
                onInput={(ev) => setDoc(i, { expiry: ev.currentTarget.value })}
              />
            ))}
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
          onClick={() => props.onChange({ ...v, documents: [...v.documents, newDoc()] })}
        >
          {t('ref.p.addDocument')}
        </button>
      )}
    </fieldset>
  );

  const withIdentity = props.groups.includes('identity');
  const withDetail = props.groups.includes('detail');
  // Birth date or age estimate: side by side when the form holds both groups.
  const ageHint = withIdentity ? t('pf.ageOrDateHint') : t('ref.p.ageHint');
  const age = text('age_estimate', t('pf.detail.age_estimate'), { hint: ageHint, md: true, max: 3, inputMode: 'numeric' });

  return (
    <>
      {withIdentity && (
        <>
          <fieldset class="usa-fieldset margin-top-2" data-group="identity">
            <legend class={legend}>{codeName('class.', 'identity')}</legend>
            {text('given_names', t('pf.identity.given_names'), { ref: props.firstRef })}
            {text('family_name', t('pf.identity.family_name'))}
            {text('patronymic', t('pf.identity.patronymic'))}
            {text('other_names', t('pf.identity.other_names'), { hint: t('ref.p.otherNamesHint'), max: 400 })}
            {text('birth_date', t('pf.identity.birth_date'), { hint: t('pf.birthDateHint'), md: true, max: 10 })}
            {withDetail && age}
          </fieldset>
          {docs}
        </>
      )}
      {withDetail && (
        <fieldset class="usa-fieldset margin-top-2" data-group="detail">
          <legend class={legend}>{codeName('class.', 'detail')}</legend>
          {!withIdentity && age}
          {group('gender', t('pf.detail.gender'), undefined, (common, errClass) => (
            <select {...common} class={`usa-select${errClass}`} value={v.gender} onChange={(e) => set('gender', e.currentTarget.value)}>
              <option value="">{t('pf.choose')}</option>
              {(genders.length ? genders : [{ code: v.gender, name: v.gender }].filter((x) => x.code)).map((g) => (
                <option key={g.code} value={g.code}>
                  {g.name}
                </option>
              ))}
            </select>
          ))}
          {codes('citizenship', t('pf.detail.citizenship'), countries)}
          {codes('languages', t('pf.detail.languages'), languages)}
        </fieldset>
      )}
    </>
  );
}

/**
 * The inputs of one of the other field groups (contact, location, health,
 * investigation), each labelled, with its hint and its error next to it.
 */
export function GroupInputs(props: {
  cls: GroupClass;
  idPrefix: string;
  values: FieldGroup;
  errors: Record<string, string>;
  onChange: (field: string, value: string) => void;
  firstRef?: { current: HTMLElement | null };
}) {
  const { t } = useI18n();
  const { cls, idPrefix, values, errors } = props;
  return (
    <>
      {GROUP_FIELDS[cls].map((f, i) => {
        const id = `${idPrefix}-${cls}-${f}`;
        const err = errors[f];
        const hint = HINTS[f];
        const describedBy = [hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
        const value = values[f] ?? '';
        const common = {
          id,
          name: `${cls}.${f}`,
          'aria-invalid': err ? ('true' as const) : undefined,
          'aria-describedby': describedBy,
        };
        const ref = i === 0 ? props.firstRef : undefined;
        const control =
          f === 'notes' ? (
            <textarea
              {...common}
              ref={ref as { current: HTMLTextAreaElement | null } | undefined}
              class={`usa-textarea${err ? ' usa-input--error' : ''}`}
              rows={5}
              maxLength={20000}
              value={value}
              onInput={(e) => props.onChange(f, e.currentTarget.value)}
            />
          ) : (
            <input
              {...common}
              ref={ref as { current: HTMLInputElement | null } | undefined}
              class={`usa-input${err ? ' usa-input--error' : ''}`}
              type={f === 'email' ? 'email' : f === 'phone' ? 'tel' : 'text'}
              autocomplete="off"
              spellcheck={false}
              maxLength={400}
              value={value}
              onInput={(e) => props.onChange(f, e.currentTarget.value)}
            />
          );
        return (
          <div class={`usa-form-group${err ? ' usa-form-group--error' : ''}`} key={f}>
            <label class="usa-label" for={id}>
              {t(fieldLabelKey(cls, f))}
            </label>
            {hint && (
              <span class="usa-hint" id={`${id}-hint`}>
                {t(hint)}
              </span>
            )}
            {err && (
              <span class="usa-error-message" id={`${id}-error`}>
                {err}
              </span>
            )}
            {control}
          </div>
        );
      })}
    </>
  );
}

/** A chosen photo file's problem, as a message key, or null: type and size are checked before anything is sent. */
export function photoProblem(file: File): Key | null {
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return 'person.photoType';
  if (file.size > PHOTO_MAX_BYTES) return 'person.photoSize';
  return null;
}

/**
 * An image's bytes as a URL the page may show. The server's CSP allows
 * `data:` images but not `blob:` ones, so the bytes become a data: URL held
 * in component state only: nothing reaches the HTTP cache (the server answers
 * no-store) or any browser storage, and it is dropped on unmount.
 */
function readAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });
}

/**
 * The photo of a person whose identity the caller may read (GET
 * /api/v1/persons/{id}/photo, an audited read), and the upload of a new one
 * (PUT, which needs edit on the identity class: a refusal says so).
 */
export function PersonPhoto(props: { person: Person; onSaved: (p: Person) => void; onConflict: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const p = props.person;
  const [url, setUrl] = useState<string | null>(null);
  const [loadError, setLoadError] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState('');
  const [failure, setFailure] = useState<{ message: string; detail?: string | undefined } | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  // Read again when the record's version changes (a new photo was saved).
  useEffect(() => {
    setUrl(null);
    setLoadError(false);
    if (!p.photo) return;
    let live = true;
    api
      .personPhoto(p.id)
      .then(readAsDataUrl)
      .then((u) => live && setUrl(u))
      .catch(() => live && setLoadError(true));
    return () => {
      live = false;
      setUrl(null);
    };
  }, [p.id, p.version, p.photo]);

  const choose = (e: Event) => {
    const f = (e.currentTarget as HTMLInputElement).files?.[0] ?? null;
    setFailure(null);
    const problem = f ? photoProblem(f) : null;
    setFileError(problem ? t(problem) : '');
    setFile(problem ? null : f);
  };

  const upload = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (!file) {
      setFileError(fileError || t('person.photoType'));
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const updated = await api.setPersonPhoto(p.id, p.version, file);
      setFile(null);
      if (inputRef.current) inputRef.current.value = '';
      props.onSaved(updated);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setFailure({ message: t('person.conflict') });
        props.onConflict();
      } else if (err instanceof ApiError && (err.status === 403 || err.status === 404)) {
        setFailure({ message: t('person.editDenied') });
      } else {
        setFailure(describeError(i18n, err));
      }
    } finally {
      setBusy(false);
    }
  };

  const id = 'person-photo-file';
  return (
    <div class="margin-top-3" data-testid="person-photo">
      <h4 class="margin-bottom-1">{t('person.photo')}</h4>
      {!p.photo && <p class="text-base-dark margin-top-0">{t('person.photoNone')}</p>}
      {p.photo && !url && !loadError && <p role="status">{t('person.photoLoading')}</p>}
      {loadError && <p class="usa-error-message">{t('person.photoFailed')}</p>}
      {url && (
        <img
          class="maxw-card-lg height-auto display-block"
          src={url}
          alt={t('person.photoAlt', { reference: p.reference })}
          data-testid="photo-image"
        />
      )}
      <form class="usa-form margin-top-1" onSubmit={upload} noValidate data-testid="photo-form">
        <div class={`usa-form-group${fileError ? ' usa-form-group--error' : ''}`}>
          <label class="usa-label" for={id}>
            {t('person.photoFile')}
          </label>
          <span class="usa-hint" id={`${id}-hint`}>
            {t('person.photoHint')}
          </span>
          {fileError && (
            <span class="usa-error-message" id={`${id}-error`} role="alert">
              {fileError}
            </span>
          )}
          <input
            ref={inputRef}
            id={id}
            class="usa-input"
            type="file"
            accept={PHOTO_TYPES.join(',')}
            aria-invalid={fileError ? 'true' : undefined}
            aria-describedby={`${id}-hint${fileError ? ` ${id}-error` : ''}`}
            onChange={choose}
          />
        </div>
        {failure && (
          <div data-testid="photo-error">
            <ErrorAlert error={failure} />
          </div>
        )}
        <button type="submit" class="usa-button usa-button--outline margin-top-1" disabled={busy}>
          {busy ? t('person.photoSaving') : t('person.photoSubmit')}
        </button>
      </form>
    </div>
  );
}
