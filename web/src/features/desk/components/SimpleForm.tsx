// A small declarative form for the desk's record-keeping forms (needs,
// pledges, deliveries, donors, training, awareness): labelled inputs, errors
// next to the fields (from the client check or the server's problem+json),
// the first bad field focused.
import { useState } from 'preact/hooks';
import { LiveRegion } from '../../../components/Alert';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../i18n';
import { splitError } from './common';
import type { Failure } from './common';

export type FieldSpec =
  | {
      name: string;
      label: string;
      kind: 'text' | 'textarea' | 'date' | 'number';
      hint?: string;
      required?: boolean;
      max?: number;
      lang?: string;
    }
  | {
      name: string;
      label: string;
      kind: 'select';
      options: { value: string; label: string }[];
      hint?: string;
      required?: boolean;
      empty?: string;
    }
  | { name: string; label: string; kind: 'multi'; options: { value: string; label: string }[]; hint?: string; required?: boolean };

export type Values = Record<string, string | string[]>;

export function SimpleForm(props: {
  id: string;
  heading: string;
  fields: FieldSpec[];
  initial?: Values;
  submitLabel: string;
  /** Extra checks beyond "required"; returns errors by field name. */
  check?: (v: Values) => Record<string, string | undefined>;
  onSubmit: (v: Values) => Promise<void>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const blank = () =>
    Object.fromEntries(props.fields.map((f) => [f.name, props.initial?.[f.name] ?? (f.kind === 'multi' ? [] : '')])) as Values;
  const [v, setV] = useState<Values>(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const fid = (n: string) => `${props.id}-${n}`;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    const errs: Record<string, string> = {};
    for (const f of props.fields) {
      const x = v[f.name];
      const empty = Array.isArray(x) ? x.length === 0 : !String(x ?? '').trim();
      if (f.required && empty) errs[f.name] = t('desk.form.required');
      if (f.kind === 'number' && !empty && !/^\d+([.,]\d+)?$/.test(String(x).trim())) errs[f.name] = t('desk.form.number');
    }
    for (const [name, msg] of Object.entries(props.check?.(v) ?? {})) if (msg && !errs[name]) errs[name] = msg;
    setErrors(errs);
    const first = props.fields.find((f) => errs[f.name]);
    if (first) {
      document.getElementById(first.kind === 'multi' ? `${fid(first.name)}-0` : fid(first.name))?.focus();
      return;
    }
    setBusy(true);
    try {
      await props.onSubmit(v);
      setV(blank());
    } catch (err) {
      const s = splitError(i18n, err);
      setErrors(s.fields);
      setFailure(s.failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="nrm-card margin-top-3" aria-labelledby={`${props.id}-heading`}>
      <h3 id={`${props.id}-heading`} class="margin-top-0">
        {props.heading}
      </h3>
      <form class="usa-form desk-wide" onSubmit={submit} noValidate data-testid={props.id}>
        <LiveRegion>{failure && <ErrorAlert error={failure} />}</LiveRegion>
        {props.fields.map((f) => {
          const id = fid(f.name);
          const err = errors[f.name];
          const describedBy = [f.hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
          const common = {
            id,
            'aria-invalid': err ? ('true' as const) : undefined,
            'aria-describedby': describedBy,
          };
          const set = (x: string | string[]) => setV((cur) => ({ ...cur, [f.name]: x }));
          const labelAndHints = (
            <>
              {f.hint && (
                <span class="usa-hint" id={`${id}-hint`}>
                  {f.hint}
                </span>
              )}
              {err && (
                <span class="usa-error-message" id={`${id}-error`}>
                  {err}
                </span>
              )}
            </>
          );
          if (f.kind === 'multi') {
            const chosen = (v[f.name] as string[]) ?? [];
            return (
              <fieldset
                key={f.name}
                class={`usa-fieldset usa-form-group${err ? ' usa-form-group--error' : ''}`}
                aria-describedby={describedBy}
              >
                <legend class="usa-legend">{f.label}</legend>
                {labelAndHints}
                <div class="grid-row grid-gap-2">
                  {f.options.map((o, i) => (
                    <div class="usa-checkbox tablet:grid-col-6" key={o.value}>
                      <input
                        class="usa-checkbox__input"
                        id={`${id}-${i}`}
                        type="checkbox"
                        value={o.value}
                        checked={chosen.includes(o.value)}
                        onChange={(e) => set(e.currentTarget.checked ? [...chosen, o.value] : chosen.filter((c) => c !== o.value))}
                      />
                      <label class="usa-checkbox__label" for={`${id}-${i}`}>
                        {o.label}
                      </label>
                    </div>
                  ))}
                </div>
              </fieldset>
            );
          }
          const value = String(v[f.name] ?? '');
          return (
            <div key={f.name} class={`usa-form-group${err ? ' usa-form-group--error' : ''}`}>
              <label class="usa-label" for={id}>
                {f.label}
              </label>
              {labelAndHints}
              {f.kind === 'select' ? (
                <select
                  {...common}
                  class={`usa-select${err ? ' usa-input--error' : ''}`}
                  value={value}
                  onChange={(e) => set(e.currentTarget.value)}
                >
                  <option value="">{f.empty ?? t('desk.common.choose')}</option>
                  {f.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ) : f.kind === 'textarea' ? (
                <textarea
                  {...common}
                  lang={f.lang}
                  class={`usa-textarea${err ? ' usa-input--error' : ''}`}
                  maxLength={f.max ?? 4000}
                  value={value}
                  onInput={(e) => set(e.currentTarget.value)}
                />
              ) : (
                <input
                  {...common}
                  lang={f.lang}
                  class={`usa-input${err ? ' usa-input--error' : ''}`}
                  type={f.kind === 'date' ? 'date' : 'text'}
                  inputMode={f.kind === 'number' ? 'decimal' : undefined}
                  maxLength={f.max ?? 300}
                  value={value}
                  onInput={(e) => set(e.currentTarget.value)}
                />
              )}
            </div>
          );
        })}
        <button type="submit" class="usa-button margin-top-2" disabled={busy} data-testid={`${props.id}-submit`}>
          {props.submitLabel}
        </button>
      </form>
    </section>
  );
}

/** "12.50" in major units to minor units (2 decimals); NaN when not a number. */
export function toMinor(s: string): number {
  const n = Number(s.trim().replace(',', '.'));
  return Number.isFinite(n) ? Math.round(n * 100) : NaN;
}
