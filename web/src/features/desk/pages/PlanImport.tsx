// Import a plan from a JSON or CSV file (docs/plan-import.md). The server
// checks every row and refuses the whole file with each bad row's line
// number; nothing is written then. "Check only" runs the same checks and
// writes nothing either way.
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../../../api';
import { Alert, LiveRegion } from '../../../components/Alert';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Link } from '../../../components/Link';
import { Page } from '../../../components/Page';
import { useI18n } from '../../../i18n';
import { deskApi } from '../api';
import type { ImportError, ImportResult } from '../api';
import { pick, splitError } from '../components/common';
import type { Failure } from '../components/common';

const MAX_BYTES = 4 * 1024 * 1024;

export function PlanImport() {
  const i18n = useI18n();
  const { t } = i18n;
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [rowErrors, setRowErrors] = useState<ImportError[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const errorsRef = useRef<HTMLHeadingElement>(null);

  const run = async (dryRun: boolean) => {
    if (busy) return;
    setResult(null);
    setRowErrors(null);
    setFailure(null);
    if (!file) {
      setFileError(t('desk.import.fileRequired'));
      return fileRef.current?.focus();
    }
    if (file.size > MAX_BYTES) {
      setFileError(t('desk.import.fileTooLarge'));
      return fileRef.current?.focus();
    }
    const kind = /\.csv$/i.test(file.name) || file.type === 'text/csv' ? 'csv' : 'json';
    setFileError('');
    setBusy(true);
    try {
      const text = await file.text();
      setResult(await deskApi.importPlan(text, kind, dryRun));
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && Array.isArray(err.problem.errors) && err.problem.errors.length > 0) {
        // The import problem (PlanImportProblem) lists rows: {line, field, message}.
        setRowErrors(err.problem.errors as unknown as ImportError[]);
        window.setTimeout(() => errorsRef.current?.focus(), 0);
      } else setFailure(splitError(i18n, err).failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t('desk.import.title')} lead={t('desk.import.intro')}>
      <p>
        <Link href="/plan">{t('desk.import.back')}</Link>
      </p>
      <form class="usa-form desk-wide" onSubmit={(e) => (e.preventDefault(), run(false))} noValidate data-testid="import-form">
        <div class={`usa-form-group${fileError ? ' usa-form-group--error' : ''}`}>
          <label class="usa-label" for="plan-file">
            {t('desk.import.file')}
          </label>
          <span class="usa-hint" id="plan-file-hint">
            {t('desk.import.fileHint')}
          </span>
          {fileError && (
            <span class="usa-error-message" id="plan-file-error">
              {fileError}
            </span>
          )}
          <input
            ref={fileRef}
            id="plan-file"
            type="file"
            class="usa-file-input"
            accept=".json,.csv,application/json,text/csv"
            aria-invalid={fileError ? 'true' : undefined}
            aria-describedby={`plan-file-hint${fileError ? ' plan-file-error' : ''}`}
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            data-testid="import-file"
          />
        </div>
        <div class="nrm-actions margin-top-2">
          <button type="button" class="usa-button usa-button--outline" disabled={busy} onClick={() => run(true)} data-testid="import-check">
            {t('desk.import.check')}
          </button>
          <button type="submit" class="usa-button" disabled={busy} data-testid="import-submit">
            {t('desk.import.submit')}
          </button>
        </div>
      </form>
      <LiveRegion>
        {busy && <p role="status">{t('desk.import.working')}</p>}
        {failure && <ErrorAlert error={failure} />}
        {result && (
          <Alert type="success" heading={result.dry_run ? t('desk.import.checked') : t('desk.import.done')} testId="import-result">
            <p class="margin-0">{t('desk.import.counts', { items: result.items, tasks: result.tasks })}</p>
            {result.plan && (
              <p class="margin-bottom-0">
                {pick(i18n, result.plan.title)} · {t('desk.plan.revision', { n: result.plan.revision })}
              </p>
            )}
          </Alert>
        )}
      </LiveRegion>
      {rowErrors && (
        <div class="usa-alert usa-alert--error margin-y-2" role="alert" data-testid="import-errors">
          <div class="usa-alert__body">
            <h2 class="usa-alert__heading" tabIndex={-1} ref={errorsRef}>
              {t('desk.import.refused', { n: rowErrors.length })}
            </h2>
            <p>{t('desk.import.nothingWritten')}</p>
            <ul class="desk-errors">
              {rowErrors.map((er, i) => (
                <li key={i} data-line={er.line ?? ''}>
                  {er.line !== null && er.line !== undefined ? (
                    <strong>{t('desk.import.line', { line: er.line })}</strong>
                  ) : (
                    <strong>{t('desk.import.noLine')}</strong>
                  )}
                  {er.field && (
                    <>
                      {' '}
                      · <code>{er.field}</code>
                    </>
                  )}
                  : {er.message}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </Page>
  );
}
