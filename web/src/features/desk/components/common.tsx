// Small pieces shared by the desk's pages: loading a resource, text in the
// reader's language, dates, flags, fields.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { LiveRegion } from '../../../components/Alert';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { describeError } from '../../../components/errors';
import { useI18n } from '../../../i18n';
import type { I18n, Key } from '../../../i18n';

export type Failure = { message: string; detail?: string | undefined };

/** Loads once (and again on reload()); `data` is null while loading or after a failure. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[] = []) {
  const i18n = useI18n();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    fn()
      .then((d) => {
        if (live) setData(d);
      })
      .catch((e) => {
        if (live) setError(describeError(i18n, e));
      });
    return () => {
      live = false;
    };
    // The caller lists what the load depends on (deps), plus tick for reload().
  }, [tick, ...deps]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, reload, setData };
}

/** A loading line, or the error with a reload button. */
export function LoadState(props: { error: Failure | null; loading: boolean; onReload?: () => void }) {
  const { t } = useI18n();
  return (
    <LiveRegion>
      {props.error ? (
        <ErrorAlert error={props.error} onReload={props.onReload} />
      ) : props.loading ? (
        <p role="status">{t('app.loading')}</p>
      ) : null}
    </LiveRegion>
  );
}

/** Text kept in several languages: the reader's, else Azerbaijani, else any. */
export function pick(i18n: I18n, v: { az?: string | null; en?: string | null; ru?: string | null } | string | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return v[i18n.lang] || v.az || v.en || v.ru || '';
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A calendar date (YYYY-MM-DD) as the reader writes it; az numeric (ICU data may lack az). */
export function formatDate(i18n: I18n, iso: string | null | undefined): string {
  if (!iso) return i18n.t('common.none');
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (i18n.lang === 'az') return `${pad(d.getDate())}.${pad(d.getMonth() + 1)}.${d.getFullYear()}`;
  return new Intl.DateTimeFormat(i18n.lang, { dateStyle: 'medium' }).format(d);
}

export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function Flag(props: { label: Key; kind?: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <span class={`usa-tag desk-flag${props.kind ? ` desk-flag--${props.kind}` : ''}`} data-testid={props.testId}>
      {t(props.label)}
    </span>
  );
}

/** A labelled form field with its hint and error, wired for screen readers. */
export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  children: (describedBy: string | undefined, invalid: boolean) => ComponentChildren;
}) {
  const ids = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`usa-form-group${props.error ? ' usa-form-group--error' : ''}`}>
      <label class="usa-label" for={props.id}>
        {props.label}
      </label>
      {props.hint && (
        <span class="usa-hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      )}
      {props.error && (
        <span class="usa-error-message" id={`${props.id}-error`}>
          {props.error}
        </span>
      )}
      {props.children(ids || undefined, !!props.error)}
    </div>
  );
}

/** Turns a failed call into form field errors (problem+json `errors`) plus a page-level failure. */
export function splitError(i18n: I18n, err: unknown): { fields: Record<string, string>; failure: Failure } {
  const fields =
    err && typeof err === 'object' && 'fieldErrors' in err && typeof (err as { fieldErrors: unknown }).fieldErrors === 'function'
      ? (err as { fieldErrors: () => Record<string, string> }).fieldErrors()
      : {};
  return { fields, failure: describeError(i18n, err) };
}

/** A scrollable, focusable table region with a caption, as the core pages do it. */
export function TableBox(props: { label: string; children: ComponentChildren; testId?: string; class?: string }) {
  return (
    <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-label={props.label}>
      <table class={`usa-table usa-table--borderless nrm-table nrm-table--wrap ${props.class ?? ''}`} data-testid={props.testId}>
        <caption class="usa-sr-only">{props.label}</caption>
        {props.children}
      </table>
    </div>
  );
}
