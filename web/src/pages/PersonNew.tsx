import { useRef, useState } from 'preact/hooks';
import { api } from '../api';
import type { FieldGroup, GroupClass, PersonInput } from '../api';
import { LiveRegion } from '../components/Alert';
import { ErrorAlert } from '../components/ErrorAlert';
import { describeError } from '../components/errors';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { GroupInputs } from '../components/PersonFields';
import { setFlash } from '../flash';
import { useI18n } from '../i18n';
import { cleanGroup, groupErrors } from '../person';
import { navigate } from '../router';

/** The groups the "record a person" form asks for, in the order a first interview takes them. */
const FORM_GROUPS: GroupClass[] = ['identity', 'contact', 'location', 'detail'];

type Values = Record<GroupClass, FieldGroup>;
type Errors = Partial<Record<GroupClass, Record<string, string>>>;

export function PersonNew() {
  const i18n = useI18n();
  const { t } = i18n;
  const [values, setValues] = useState<Values>({ identity: {}, contact: {}, location: {}, detail: {}, health: {}, investigation: {} });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState('');
  const [failure, setFailure] = useState<{ message: string; detail?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const firstRef = useRef<HTMLElement>(null);

  const change = (cls: GroupClass) => (field: string, value: string) =>
    setValues((v) => ({ ...v, [cls]: { ...v[cls], [field]: value } }));

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    const errs: Errors = {};
    const input: PersonInput = {};
    for (const cls of FORM_GROUPS) {
      const ge = groupErrors(cls, values[cls]);
      if (Object.keys(ge).length) {
        errs[cls] = Object.fromEntries(Object.entries(ge).map(([f, k]) => [f, t(k)]));
      }
      const g = cleanGroup(values[cls]);
      if (Object.keys(g).length) input[cls] = g;
    }
    setErrors(errs);
    const firstBad = FORM_GROUPS.find((c) => errs[c]);
    if (firstBad) {
      const field = Object.keys(errs[firstBad] ?? {})[0];
      document.getElementById(`pn-${firstBad}-${field}`)?.focus();
      setFormError('');
      return;
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
        {FORM_GROUPS.map((cls, i) => (
          <fieldset class="usa-fieldset margin-top-3" key={cls} data-group={cls} aria-describedby={i === 0 && formError ? 'pn-form-error' : undefined}>
            <legend class="usa-legend usa-legend--large">{i18n.codeName('class.', cls)}</legend>
            <GroupInputs
              cls={cls}
              idPrefix="pn"
              values={values[cls]}
              errors={errors[cls] ?? {}}
              onChange={change(cls)}
              firstRef={i === 0 ? firstRef : undefined}
            />
          </fieldset>
        ))}
        <button type="submit" class="usa-button margin-top-4" disabled={busy}>
          {busy ? t('personNew.submitting') : t('personNew.submit')}
        </button>
      </form>
    </Page>
  );
}
