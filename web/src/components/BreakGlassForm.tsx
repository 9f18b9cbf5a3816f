import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import type { Grant } from '../api';
import { useI18n } from '../i18n';
import { Alert, LiveRegion } from './Alert';
import { ErrorAlert } from './ErrorAlert';
import { describeError } from './errors';

export const MIN_REASON = 20;

/**
 * Emergency access to a record ("break glass"): a written reason of at least
 * 20 characters, a plain warning that it is logged and alerts oversight, and
 * a second, deliberate step before it is sent.
 */
export function BreakGlassForm(props: { personId: string; onDone: (g: Grant) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [failure, setFailure] = useState<{ message: string; detail?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (open) reasonRef.current?.focus();
  }, [open]);

  const len = [...reason.trim()].length;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    if (len < MIN_REASON) {
      setError(t('err.reasonShort'));
      reasonRef.current?.focus();
      return;
    }
    setError('');
    setBusy(true);
    try {
      const g = await api.breakGlass(props.personId, reason.trim());
      setReason('');
      setOpen(false);
      props.onDone(g);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        setError(t('err.reasonShort'));
        reasonRef.current?.focus();
      } else {
        setFailure(describeError(i18n, err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="nrm-break-glass margin-top-4" aria-labelledby="bg-heading" data-testid="break-glass">
      <h2 id="bg-heading">{t('bg.heading')}</h2>
      <Alert type="warning" heading={t('bg.warningHeading')}>
        <p class="margin-0">{t('bg.warning')}</p>
      </Alert>
      {!open ? (
        <button
          type="button"
          class="usa-button usa-button--secondary"
          ref={openRef}
          aria-expanded="false"
          aria-controls="bg-form"
          onClick={() => setOpen(true)}
          data-testid="break-glass-open"
        >
          {t('bg.open')}
        </button>
      ) : (
        <form id="bg-form" class="usa-form usa-form--large" onSubmit={submit} noValidate>
          <LiveRegion>{failure && <ErrorAlert error={failure} />}</LiveRegion>
          <div class={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
            <label class="usa-label" for="bg-reason">
              {t('bg.reason')}
              <abbr title={t('form.required')} class="usa-hint usa-hint--required">
                {' '}
                *
              </abbr>
            </label>
            <span class="usa-hint" id="bg-reason-hint">
              {t('bg.reasonHint')} {t('bg.count', { count: len })}
            </span>
            {error && (
              <span class="usa-error-message" id="bg-reason-error" data-testid="break-glass-error">
                {error}
              </span>
            )}
            <textarea
              ref={reasonRef}
              class={`usa-textarea${error ? ' usa-input--error' : ''}`}
              id="bg-reason"
              name="reason"
              rows={4}
              maxLength={2000}
              required
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={['bg-reason-hint', error ? 'bg-reason-error' : ''].filter(Boolean).join(' ')}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </div>
          <div class="nrm-actions margin-top-2">
            <button type="submit" class="usa-button usa-button--secondary" disabled={busy} data-testid="break-glass-submit">
              {busy ? t('bg.submitting') : t('bg.submit')}
            </button>
            <button
              type="button"
              class="usa-button usa-button--outline"
              onClick={() => {
                setOpen(false);
                setError('');
                setTimeout(() => openRef.current?.focus(), 0);
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
