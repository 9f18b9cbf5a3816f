import { GROUP_FIELDS } from '../api';
import type { FieldGroup, GroupClass } from '../api';
import { useI18n } from '../i18n';
import type { Key } from '../i18n';

const GENDERS = ['female', 'male', 'other', 'unknown'];

const HINTS: Partial<Record<string, Key>> = {
  birth_date: 'pf.birthDateHint',
  phone: 'pf.phoneHint',
};

/** A field's label: the class matters for "notes" (health or investigation). */
export function fieldLabelKey(cls: GroupClass, field: string): Key {
  return `pf.${cls}.${field}` as Key;
}

/** The shown value of a field (gender codes are translated). */
export function useFieldValue() {
  const { codeName } = useI18n();
  return (field: string, value: string) => (field === 'gender' ? codeName('gender.', value) : value);
}

/**
 * The inputs of one field group, each labelled, with its hint and its error
 * next to it. Values about a third person: the browser must not autofill them.
 */
export function GroupInputs(props: {
  cls: GroupClass;
  idPrefix: string;
  values: FieldGroup;
  errors: Record<string, string>;
  onChange: (field: string, value: string) => void;
  firstRef?: { current: HTMLElement | null };
}) {
  const { t, codeName } = useI18n();
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
        let control;
        if (f === 'gender') {
          const options = GENDERS.includes(value) || !value ? GENDERS : [...GENDERS, value];
          control = (
            <select
              {...common}
              ref={ref as { current: HTMLSelectElement | null } | undefined}
              class={`usa-select${err ? ' usa-input--error' : ''}`}
              value={value}
              onChange={(e) => props.onChange(f, e.currentTarget.value)}
            >
              <option value="">{t('pf.choose')}</option>
              {options.map((g) => (
                <option key={g} value={g}>
                  {codeName('gender.', g)}
                </option>
              ))}
            </select>
          );
        } else if (f === 'notes') {
          control = (
            <textarea
              {...common}
              ref={ref as { current: HTMLTextAreaElement | null } | undefined}
              class={`usa-textarea${err ? ' usa-input--error' : ''}`}
              rows={5}
              maxLength={20000}
              value={value}
              onInput={(e) => props.onChange(f, e.currentTarget.value)}
            />
          );
        } else {
          control = (
            <input
              {...common}
              ref={ref as { current: HTMLInputElement | null } | undefined}
              class={`usa-input${err ? ' usa-input--error' : ''}${f === 'birth_date' ? ' usa-input--md' : ''}`}
              type={f === 'email' ? 'email' : f === 'phone' ? 'tel' : 'text'}
              autocomplete="off"
              spellcheck={false}
              maxLength={f === 'birth_date' ? 10 : 400}
              value={value}
              onInput={(e) => props.onChange(f, e.currentTarget.value)}
            />
          );
        }
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
