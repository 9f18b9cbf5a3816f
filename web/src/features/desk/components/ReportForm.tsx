// The progress report of one period: status, narrative (optionally internal:
// never shown to donors), indicators with target and value, and evidence
// files. Used for a new report and to revise a submitted or returned one.
import { useRef, useState } from 'preact/hooks';
import { Alert, LiveRegion } from '../../../components/Alert';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../i18n';
import { TASK_STATUSES, deskApi } from '../api';
import type { DueState, Indicator, PlanDeadline, PlanTask, TaskReport, TaskStatus } from '../api';
import { Flag, formatDate, pick, splitError } from './common';
import type { Failure } from './common';

const MAX_FILE = 5 * 1024 * 1024;

export function DeadlineText(props: { deadline: PlanDeadline }) {
  const i18n = useI18n();
  const { t } = i18n;
  const d = props.deadline;
  const text = d.text ? pick(i18n, d.text) : '';
  const cadence = d.reporting_cadence ? t('desk.deadline.cadence', { cadence: i18n.codeName('desk.cadence.', d.reporting_cadence) }) : '';
  const main = d.kind === 'ongoing' ? t('desk.deadline.ongoing') : formatDate(i18n, d.due ?? null);
  return (
    <span>
      {main}
      {text && text !== main && <span class="desk-muted"> ({text})</span>}
      {cadence && <span class="desk-muted"> · {cadence}</span>}
    </span>
  );
}

/** Overdue and due-soon tasks carry a flag; others none. */
export function DueFlag(props: { state: DueState }) {
  if (props.state === 'overdue') return <Flag label="desk.flag.overdue" testId="flag-overdue" />;
  if (props.state === 'due_soon') return <Flag label="desk.flag.dueSoon" />;
  if (props.state === 'due') return <Flag label="desk.flag.due" kind="internal" />;
  return null;
}

type Row = { name: string; unit: string; target: string; value: string };

const toRow = (i: Indicator): Row => ({
  name: i.name,
  unit: i.unit ?? '',
  target: i.target === null || i.target === undefined ? '' : String(i.target),
  value: i.value === null || i.value === undefined ? '' : String(i.value),
});

const num = (s: string): number | null | 'bad' => {
  const v = s.trim().replace(',', '.');
  if (!v) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : 'bad';
};

export function ReportForm(props: { task: PlanTask; existing: TaskReport | null; onSaved: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const ex = props.existing;
  const [status, setStatus] = useState<TaskStatus>(ex?.status ?? (props.task.status === 'not_started' ? 'in_progress' : props.task.status));
  const [narrative, setNarrative] = useState(ex?.narrative ?? '');
  const [internal, setInternal] = useState(ex?.narrative_internal ?? false);
  const [rows, setRows] = useState<Row[]>(ex ? ex.indicators.map(toRow) : []);
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [partial, setPartial] = useState('');
  const [busy, setBusy] = useState(false);
  const narrativeRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const setRow = (i: number, patch: Partial<Row>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    setPartial('');
    const errs: Record<string, string> = {};
    const indicators: Indicator[] = [];
    rows.forEach((r, i) => {
      if (!r.name.trim() && !r.target.trim() && !r.value.trim()) return;
      if (!r.name.trim()) errs[`ind-${i}-name`] = t('desk.indicator.nameRequired');
      const target = num(r.target);
      const value = num(r.value);
      if (target === 'bad') errs[`ind-${i}-target`] = t('desk.indicator.number');
      if (value === 'bad') errs[`ind-${i}-value`] = t('desk.indicator.number');
      if (target !== 'bad' && value !== 'bad') indicators.push({ name: r.name.trim(), unit: r.unit.trim() || null, target, value });
    });
    if (file && file.size > MAX_FILE) errs.file = t('desk.report.fileTooLarge');
    if (status !== 'not_started' && !narrative.trim()) errs.narrative = t('desk.report.narrativeRequired');
    setErrors(errs);
    if (Object.keys(errs).length) {
      if (errs.narrative) narrativeRef.current?.focus();
      else if (errs.file) fileRef.current?.focus();
      else document.getElementById(Object.keys(errs)[0] ?? '')?.focus();
      return;
    }
    setBusy(true);
    let saved: TaskReport;
    try {
      const body = { status, narrative: narrative.trim(), narrative_internal: internal, indicators };
      saved = ex
        ? await deskApi.reviseReport(props.task.id, ex.id, { ...body, version: ex.version })
        : await deskApi.submitReport(props.task.id, body);
    } catch (err) {
      const s = splitError(i18n, err);
      setErrors(s.fields);
      setFailure(s.failure);
      setBusy(false);
      return;
    }
    if (file) {
      try {
        await deskApi.attach(props.task.id, saved.id, file);
      } catch (err) {
        // The report stands; only the file failed. Say so, and keep the form.
        setPartial(splitError(i18n, err).failure.message);
        setBusy(false);
        return;
      }
    }
    setBusy(false);
    props.onSaved();
  };

  const err = (k: string) => errors[k];
  const described = (id: string, hint?: boolean) =>
    [hint ? `${id}-hint` : '', err(id) ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <form class="usa-form desk-wide" onSubmit={submit} noValidate data-testid="report-form">
      <LiveRegion>
        {failure && <ErrorAlert error={failure} />}
        {partial && (
          <Alert type="warning" heading={t('desk.report.savedNoFile')}>
            {partial}
          </Alert>
        )}
      </LiveRegion>
      {ex?.state === 'returned' && ex.review_comment && (
        <Alert type="warning" heading={t('desk.report.returnedHeading')}>
          <p class="nrm-notes margin-0">{ex.review_comment}</p>
        </Alert>
      )}
      <fieldset class="usa-fieldset">
        <legend class="usa-legend">{t('desk.report.status')}</legend>
        {TASK_STATUSES.map((s) => (
          <div class="usa-radio" key={s}>
            <input
              class="usa-radio__input"
              id={`report-status-${s}`}
              type="radio"
              name="report-status"
              value={s}
              checked={status === s}
              onChange={() => setStatus(s)}
            />
            <label class="usa-radio__label" for={`report-status-${s}`}>
              {i18n.codeName('desk.status.', s)}
            </label>
          </div>
        ))}
      </fieldset>
      <div class={`usa-form-group${err('narrative') ? ' usa-form-group--error' : ''}`}>
        <label class="usa-label" for="narrative">
          {t('desk.report.narrative')}
        </label>
        <span class="usa-hint" id="narrative-hint">
          {t('desk.report.narrativeHint')}
        </span>
        {err('narrative') && (
          <span class="usa-error-message" id="narrative-error">
            {err('narrative')}
          </span>
        )}
        <textarea
          ref={narrativeRef}
          id="narrative"
          class={`usa-textarea${err('narrative') ? ' usa-input--error' : ''}`}
          maxLength={20000}
          aria-invalid={err('narrative') ? 'true' : undefined}
          aria-describedby={described('narrative', true)}
          value={narrative}
          onInput={(e) => setNarrative(e.currentTarget.value)}
          data-testid="report-narrative-input"
        />
      </div>
      <div class="usa-checkbox margin-top-2">
        <input
          class="usa-checkbox__input"
          id="narrative-internal"
          type="checkbox"
          checked={internal}
          onChange={(e) => setInternal(e.currentTarget.checked)}
          aria-describedby="narrative-internal-hint"
          data-testid="report-internal"
        />
        <label class="usa-checkbox__label" for="narrative-internal">
          {t('desk.report.internal')}
          <span class="usa-checkbox__label-description" id="narrative-internal-hint">
            {t('desk.report.internalHint')}
          </span>
        </label>
      </div>
      {internal && <Flag label="desk.flag.internal" kind="internal" />}
      <fieldset class="usa-fieldset margin-top-3">
        <legend class="usa-legend">{t('desk.report.indicators')}</legend>
        <span class="usa-hint">{t('desk.report.indicatorsHint')}</span>
        {rows.map((r, i) => (
          <div class="desk-indicator margin-top-1" key={i} data-testid="indicator-row">
            {(['name', 'target', 'value', 'unit'] as const).map((f) => {
              const id = `ind-${i}-${f}`;
              return (
                <div key={f} class={err(id) ? 'usa-form-group--error' : ''}>
                  <label class="usa-label margin-top-0" for={id}>
                    {t(`desk.indicator.${f}`)}
                  </label>
                  {err(id) && (
                    <span class="usa-error-message" id={`${id}-error`}>
                      {err(id)}
                    </span>
                  )}
                  <input
                    id={id}
                    class={`usa-input${err(id) ? ' usa-input--error' : ''}`}
                    type="text"
                    inputMode={f === 'target' || f === 'value' ? 'decimal' : undefined}
                    maxLength={f === 'unit' ? 40 : 200}
                    aria-invalid={err(id) ? 'true' : undefined}
                    aria-describedby={described(id)}
                    value={r[f]}
                    onInput={(e) => setRow(i, { [f]: e.currentTarget.value })}
                  />
                </div>
              );
            })}
            <button type="button" class="usa-button usa-button--unstyled" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>
              {t('desk.indicator.remove')}
              <span class="usa-sr-only"> {i + 1}</span>
            </button>
          </div>
        ))}
        <button
          type="button"
          class="usa-button usa-button--outline margin-top-1"
          onClick={() => setRows((rs) => [...rs, { name: '', unit: '', target: '', value: '' }])}
          data-testid="indicator-add"
        >
          {t('desk.indicator.add')}
        </button>
      </fieldset>
      <div class={`usa-form-group${err('file') ? ' usa-form-group--error' : ''}`}>
        <label class="usa-label" for="evidence">
          {t('desk.report.evidence')}
        </label>
        <span class="usa-hint" id="evidence-hint">
          {t('desk.report.evidenceHint')}
        </span>
        {err('file') && (
          <span class="usa-error-message" id="evidence-error">
            {err('file')}
          </span>
        )}
        <input
          ref={fileRef}
          id="evidence"
          class="usa-file-input"
          type="file"
          accept=".pdf,.png,.jpg,.jpeg,.xlsx,.docx,application/pdf,image/png,image/jpeg"
          aria-describedby={`evidence-hint${err('file') ? ' evidence-error' : ''}`}
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          data-testid="report-evidence"
        />
      </div>
      <button type="submit" class="usa-button margin-top-3" disabled={busy} data-testid="report-submit">
        {ex ? t('desk.report.revise') : t('desk.report.submit')}
      </button>
    </form>
  );
}
