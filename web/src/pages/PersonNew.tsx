import { useRef, useState } from 'preact/hooks';
import { api } from '../api';
import type { FieldGroup, PersonInput } from '../api';
import { LiveRegion } from '../components/Alert';
import { ErrorAlert } from '../components/ErrorAlert';
import { describeError } from '../components/errors';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import {
  classIds,
  detailGroup,
  EMPTY_PERSON,
  GroupInputs,
  identityGroup,
  PersonInputs,
  personErrors,
  usePicklists,
} from '../components/PersonFields';
import type { PersonValues } from '../components/PersonFields';
import { setFlash } from '../flash';
import { useI18n } from '../i18n';
import { cleanGroup } from '../person';
import { navigate } from '../router';

/** The text groups the form asks for after the identity and detail fields, in the order a first interview takes them. */
const TEXT_GROUPS = ['contact', 'location'] as const;
type TextGroup = (typeof TEXT_GROUPS)[number];

type Values = Record<TextGroup, FieldGroup>;
const idFor = classIds('pn');

export function PersonNew() {
  const i18n = useI18n();
  const { t } = i18n;
  const picklists = usePicklists();
  const [person, setPerson] = useState<PersonValues>(EMPTY_PERSON);
  const [values, setValues] = useState<Values>({ contact: {}, location: {} });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [failure, setFailure] = useState<{ message: string; detail?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const firstRef = useRef<HTMLInputElement>(null);

  const change = (cls: TextGroup) => (field: string, value: string) => setValues((v) => ({ ...v, [cls]: { ...v[cls], [field]: value } }));

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    const errs = Object.fromEntries(Object.entries(personErrors(person, picklists)).map(([f, k]) => [f, t(k)]));
    setErrors(errs);
    const firstBad = Object.keys(errs)[0];
    if (firstBad) {
      document.getElementById(idFor(firstBad))?.focus();
      setFormError('');
      return;
    }
    const input: PersonInput = {};
    const identity = identityGroup(person);
    if (Object.keys(identity).length) input.identity = identity;
    const detail = detailGroup(person);
    if (Object.keys(detail).length) input.detail = detail;
    for (const cls of TEXT_GROUPS) {
      const g = cleanGroup(values[cls]);
      if (Object.keys(g).length) input[cls] = g;
    }
    if (Object.keys(input).length === 0) {
      setFormError(t('err.personEmpty'));
      firstRef.current?.focus();
      return;
    }
    setFormError('');
    setBusy(true);
    try {
      const p = await api.createPerson(input);
      setFlash(t('personNew.created', { reference: p.reference }));
      navigate(`/persons/${encodeURIComponent(p.id)}`);
    } catch (err) {
      setFailure(describeError(i18n, err));
      setBusy(false);
    }
  };

  return (
    <Page title={t('personNew.title')} lead={t('personNew.intro')}>
      <p>
        <Link href="/persons">{t('persons.back')}</Link>
      </p>
      <LiveRegion>{failure && <ErrorAlert error={failure} />}</LiveRegion>
      <form class="usa-form usa-form--large" onSubmit={submit} noValidate data-testid="person-form">
        {formError && (
          <span class="usa-error-message" id="pn-form-error" role="alert">
            {formError}
          </span>
        )}
        <PersonInputs
          values={person}
          errors={errors}
          onChange={setPerson}
          idFor={idFor}
          groups={['identity', 'detail']}
          picklists={picklists}
          firstRef={firstRef}
        />
        {TEXT_GROUPS.map((cls) => (
          <fieldset class="usa-fieldset margin-top-3" key={cls} data-group={cls}>
            <legend class="usa-legend usa-legend--large">{i18n.codeName('class.', cls)}</legend>
            <GroupInputs cls={cls} idPrefix="pn" values={values[cls]} errors={{}} onChange={change(cls)} />
          </fieldset>
        ))}
        <button type="submit" class="usa-button margin-top-4" disabled={busy}>
          {busy ? t('personNew.submitting') : t('personNew.submit')}
        </button>
      </form>
    </Page>
  );
}
