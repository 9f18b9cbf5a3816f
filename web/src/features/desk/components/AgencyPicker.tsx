// Agencies as checkboxes (invitations) or a select (owner of a decision), in
// the reader's alphabetical order (Azerbaijani collation for az).
import { useI18n } from '../../../i18n';
import type { Agency } from '../../../api';

export function AgencyChecks(props: {
  id: string;
  legend: string;
  agencies: Agency[];
  chosen: string[];
  onChange: (codes: string[]) => void;
  error?: string | undefined;
}) {
  const { lang } = useI18n();
  return (
    <fieldset
      class={`usa-fieldset usa-form-group${props.error ? ' usa-form-group--error' : ''}`}
      aria-describedby={props.error ? `${props.id}-error` : undefined}
      data-testid={`${props.id}-agencies`}
    >
      <legend class="usa-legend">{props.legend}</legend>
      {props.error && (
        <span class="usa-error-message" id={`${props.id}-error`}>
          {props.error}
        </span>
      )}
      <div class="grid-row grid-gap-2">
        {props.agencies.map((a, i) => {
          const id = `${props.id}-${a.code}`;
          return (
            <div class="usa-checkbox tablet:grid-col-6" key={a.id}>
              <input
                class="usa-checkbox__input"
                id={id}
                type="checkbox"
                value={a.code}
                data-first={i === 0 ? 'true' : undefined}
                checked={props.chosen.includes(a.code)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  props.onChange(on ? [...props.chosen, a.code] : props.chosen.filter((c) => c !== a.code));
                }}
              />
              <label class="usa-checkbox__label" for={id}>
                {a.name[lang] || a.name.az || a.code}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

export function AgencySelect(props: {
  id: string;
  label: string;
  agencies: Agency[];
  value: string;
  onChange: (v: string) => void;
  by?: 'code' | 'id';
  error?: string | undefined;
  optional?: boolean;
}) {
  const { t, lang } = useI18n();
  const by = props.by ?? 'code';
  return (
    <div class={`usa-form-group${props.error ? ' usa-form-group--error' : ''}`}>
      <label class="usa-label" for={props.id}>
        {props.label}
      </label>
      {props.error && (
        <span class="usa-error-message" id={`${props.id}-error`}>
          {props.error}
        </span>
      )}
      <select
        class={`usa-select${props.error ? ' usa-input--error' : ''}`}
        id={props.id}
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <option value="">{props.optional ? t('desk.common.noneChosen') : t('desk.common.choose')}</option>
        {props.agencies.map((a) => (
          <option key={a.id} value={by === 'code' ? a.code : a.id}>
            {a.name[lang] || a.name.az || a.code}
          </option>
        ))}
      </select>
    </div>
  );
}
