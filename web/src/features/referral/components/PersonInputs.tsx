// The person part of the referral form: the core person inputs
// (components/PersonFields.tsx: names in any script and other spellings,
// birth date or an age estimate, documents, HTCDS gender, citizenship and
// languages from the server's picklists) plus a phone. The values live in
// the form's memory only, like the rest of the referral.
import type { Ref } from 'preact';
import {
  detailGroup,
  documentsOf,
  EMPTY_PERSON as EMPTY_CORE,
  PersonInputs as CoreInputs,
  personErrors as coreErrors,
  usePicklists,
} from '../../../components/PersonFields';
import type { PersonValues as CoreValues } from '../../../components/PersonFields';
import type { Picklists } from '../../../api';
import { useI18n } from '../../../i18n';
import type { Key } from '../../../i18n';
import type { PersonGroups } from '../api';

export interface PersonValues extends CoreValues {
  phone: string;
}

export const EMPTY_PERSON: PersonValues = { ...EMPTY_CORE, phone: '' };

const idFor = (f: string) => `rp-${f}`;

/** Field errors as message keys, keyed as the inputs' ids after "rp-", in the order of the form. */
export function personErrors(v: PersonValues, pl: Picklists | null = null): Record<string, Key> {
  return coreErrors(v, pl);
}

/** The groups to send with a referral: trimmed, empty fields and empty documents left out. */
export function personGroups(v: PersonValues): PersonGroups {
  const identity: Record<string, string> = {};
  for (const k of ['given_names', 'family_name', 'patronymic', 'other_names', 'birth_date'] as const) {
    const s = v[k].trim();
    if (s) identity[k] = s;
  }
  const docs = documentsOf(v);
  // POST /api/v1/referrals takes the person's groups as text only (unlike
  // POST /api/v1/persons, which takes an array): the documents go as the
  // array's JSON text, the form in which the people module keeps them.
  if (docs.length) identity.documents = JSON.stringify(docs);
  const detail = detailGroup(v);
  const phone = v.phone.trim();
  const out: PersonGroups = {};
  if (Object.keys(identity).length) out.identity = identity;
  if (Object.keys(detail).length) out.detail = detail;
  if (phone) out.contact = { phone };
  return out;
}

export function PersonInputs(props: {
  values: PersonValues;
  errors: Record<string, string>;
  onChange: (v: PersonValues) => void;
  picklists: Picklists | null;
  firstRef?: Ref<HTMLInputElement>;
}) {
  const { t, codeName } = useI18n();
  const v = props.values;
  const id = idFor('phone');
  return (
    <>
      <CoreInputs
        values={v}
        errors={props.errors}
        onChange={(c) => props.onChange({ ...c, phone: v.phone })}
        idFor={idFor}
        groups={['identity', 'detail']}
        picklists={props.picklists}
        firstRef={props.firstRef}
      />
      <fieldset class="usa-fieldset margin-top-2" data-group="contact">
        <legend class="usa-legend usa-legend--large">{codeName('class.', 'contact')}</legend>
        <div class="usa-form-group">
          <label class="usa-label" for={id}>
            {t('pf.contact.phone')}
          </label>
          <span class="usa-hint" id={`${id}-hint`}>
            {t('pf.phoneHint')}
          </span>
          <input
            id={id}
            class="usa-input"
            type="tel"
            autocomplete="off"
            spellcheck={false}
            maxLength={40}
            aria-describedby={`${id}-hint`}
            value={v.phone}
            onInput={(e) => props.onChange({ ...v, phone: e.currentTarget.value })}
          />
        </div>
      </fieldset>
    </>
  );
}

export { usePicklists };
