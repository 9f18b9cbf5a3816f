// The Coordinator's dashboard: task figures by status, item, agency and
// deadline as charts (each with a text alternative and a table), overdue
// tasks, silent agencies, open findings by body and age, and the annual
// report button with its progress.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { User } from '../../../api';
import { Alert, LiveRegion } from '../../../components/Alert';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Link } from '../../../components/Link';
import { Page } from '../../../components/Page';
import { useI18n } from '../../../i18n';
import { TASK_STATUSES, deskApi } from '../api';
import type { Dashboard as Board, ReportJob, TaskCounts } from '../api';
import { StackedBars } from '../components/Charts';
import type { Row, Series } from '../components/Charts';
import { Flag, LoadState, TableBox, pick, splitError, useLoad } from '../components/common';
import { useAgencies } from '../../../agencies';
import { StatusTag } from '../../../components/StatusTag';
import type { Failure } from '../components/common';

export function Dashboard(props: { user: User }) {
  const i18n = useI18n();
  const { t } = i18n;
  // Reviewers and analysts (monitoring) see the figures; only producers get the report button.
  const review = props.user.capabilities.some((c) => c === 'plan.review' || c === 'statistics.view');
  const produce = props.user.capabilities.includes('reports.produce');
  return (
    <Page title={t('desk.dashboard.title')} lead={t('desk.dashboard.intro')}>
      {produce && <AnnualReport />}
      {review && <Figures />}
    </Page>
  );
}

function statusSeries(
  t: (k: 'desk.status.not_started' | 'desk.status.in_progress' | 'desk.status.done' | 'desk.status.blocked') => string,
): Series[] {
  return TASK_STATUSES.map((s) => ({ key: s, label: t(`desk.status.${s}`), cls: s }));
}

const countsRow = (label: string, c: TaskCounts): Row => ({
  label,
  values: { not_started: c.not_started, in_progress: c.in_progress, done: c.done, blocked: c.blocked },
});

function Figures() {
  const i18n = useI18n();
  const { t } = i18n;
  const agencies = useAgencies();
  const board = useLoad<Board>(() => deskApi.dashboard());
  const d = board.data;
  if (!d) return <LoadState error={board.error} loading={!board.error} onReload={board.reload} />;
  const series = statusSeries(t);
  const byAgency = [...d.by_agency].sort((a, b) => i18n.collator.compare(agencies.name(a.agency), agencies.name(b.agency)));
  const byDeadline = [...d.by_deadline].sort((a, b) =>
    a.month === 'ongoing' ? 1 : b.month === 'ongoing' ? -1 : a.month.localeCompare(b.month),
  );
  return (
    <>
      <h2>{t('desk.dashboard.totals', { date: d.as_of })}</h2>
      <ul class="desk-stats" data-testid="dashboard-totals">
        <li>
          <span class="desk-stat__value">{d.totals.total}</span>
          {t('desk.dashboard.tasks')}
        </li>
        {TASK_STATUSES.map((s) => (
          <li key={s} data-status={s}>
            <span class="desk-stat__value">{d.totals[s]}</span>
            {i18n.codeName('desk.status.', s)}
          </li>
        ))}
        <li data-status="overdue">
          <span class="desk-stat__value">{d.totals.overdue}</span>
          {t('desk.flag.overdue')}
        </li>
      </ul>
      <StackedBars
        id="chart-status"
        testId="chart-status"
        title={t('desk.chart.byStatus')}
        series={[{ key: 'n', label: t('desk.dashboard.tasks'), cls: 'value' }]}
        rows={TASK_STATUSES.map((s) => ({ label: i18n.codeName('desk.status.', s), values: { n: d.totals[s] } }))}
      />
      <StackedBars
        id="chart-item"
        testId="chart-item"
        title={t('desk.chart.byItem')}
        series={series}
        rows={d.by_item.map((x) => countsRow(`${x.item_number}. ${pick(i18n, x.measure)}`, x.counts))}
      />
      <StackedBars
        id="chart-agency"
        testId="chart-agency"
        title={t('desk.chart.byAgency')}
        series={series}
        rows={byAgency.map((x) => countsRow(agencies.name(x.agency), x.counts))}
      />
      <StackedBars
        id="chart-deadline"
        testId="chart-deadline"
        title={t('desk.chart.byDeadline')}
        series={series}
        rows={byDeadline.map((x) => countsRow(x.month === 'ongoing' ? t('desk.deadline.ongoing') : x.month, x.counts))}
      />
      <h2>{t('desk.dashboard.overdue')}</h2>
      {d.overdue.length === 0 ? (
        <p>{t('desk.dashboard.noOverdue')}</p>
      ) : (
        <TableBox label={t('desk.dashboard.overdue')} testId="overdue">
          <thead>
            <tr>
              <th scope="col">{t('desk.col.task')}</th>
              <th scope="col">{t('desk.col.responsible')}</th>
              <th scope="col">{t('desk.col.deadline')}</th>
              <th scope="col">{t('desk.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {d.overdue.map((x) => (
              <tr key={x.id}>
                <th scope="row">
                  <Link href={`/plan/tasks/${x.id}`}>{t('desk.task.title', { number: x.number })}</Link>
                  {x.text && <span class="nrm-username">{pick(i18n, x.text)}</span>}
                </th>
                <td>{x.responsible.map(agencies.name).join(', ')}</td>
                <td>{x.due ?? x.current_period ?? t('common.none')}</td>
                <td>
                  <StatusTag palette="desk-status" prefix="desk.status." code={x.status} /> <Flag label="desk.flag.overdue" />
                </td>
              </tr>
            ))}
          </tbody>
        </TableBox>
      )}
      <h2>{t('desk.dashboard.silent', { days: d.silent_after_days })}</h2>
      {d.silent_agencies.length === 0 ? (
        <p>{t('desk.dashboard.noSilent')}</p>
      ) : (
        <TableBox label={t('desk.dashboard.silent', { days: d.silent_after_days })} testId="silent">
          <thead>
            <tr>
              <th scope="col">{t('desk.col.agency')}</th>
              <th scope="col">{t('desk.col.openTasks')}</th>
              <th scope="col">{t('desk.col.lastReport')}</th>
            </tr>
          </thead>
          <tbody>
            {[...d.silent_agencies]
              .sort((a, b) => i18n.collator.compare(agencies.name(a.agency), agencies.name(b.agency)))
              .map((x) => (
                <tr key={x.agency}>
                  <th scope="row">
                    {agencies.name(x.agency)} <Flag label="desk.flag.silent" />
                  </th>
                  <td>{x.open_tasks}</td>
                  <td>{x.last_report_at ? i18n.formatDateTime(x.last_report_at) : t('desk.myTasks.never')}</td>
                </tr>
              ))}
          </tbody>
        </TableBox>
      )}
      <h2>{t('desk.findings.byBody')}</h2>
      <FindingAges rows={d.open_findings} agencyName={agencies.name} />
    </>
  );
}

export function FindingAges(props: { rows: Board['open_findings']; agencyName: (c: string) => string }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (props.rows.length === 0) return <p>{t('desk.findings.noneOpen')}</p>;
  const series: Series[] = [
    { key: 'a', label: t('desk.age.0_30'), cls: 'in_progress' },
    { key: 'b', label: t('desk.age.31_90'), cls: 'not_started' },
    { key: 'c', label: t('desk.age.91_180'), cls: 'accent' },
    { key: 'd', label: t('desk.age.over_180'), cls: 'blocked' },
  ];
  const rows = [...props.rows]
    .sort((a, b) => b.oldest_days - a.oldest_days)
    .map((r) => ({
      label: props.agencyName(r.agency),
      values: { a: r.days_0_30, b: r.days_31_90, c: r.days_91_180, d: r.days_over_180 },
    }));
  return <StackedBars id="chart-findings" testId="chart-findings" title={t('desk.findings.byBody')} series={series} rows={rows} />;
}

const POLL_MS = 1000;

/** The annual report: year, language and format; then its progress by polling; then the download. */
function AnnualReport() {
  const i18n = useI18n();
  const { t } = i18n;
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(String(thisYear));
  const [lang, setLang] = useState<'az' | 'en'>(i18n.lang === 'en' ? 'en' : 'az');
  const [format, setFormat] = useState<'pdf' | 'xlsx'>('pdf');
  const [job, setJob] = useState<ReportJob | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [yearError, setYearError] = useState('');
  const [busy, setBusy] = useState(false);
  const timer = useRef<number | null>(null);
  const yearRef = useRef<HTMLInputElement>(null);

  useEffect(
    () => () => {
      if (timer.current) window.clearTimeout(timer.current);
    },
    [],
  );

  const poll = (id: string) => {
    timer.current = window.setTimeout(async () => {
      try {
        const j = await deskApi.reportJob(id);
        setJob(j);
        if (j.status === 'queued' || j.status === 'running') poll(id);
        else setBusy(false);
      } catch (e) {
        setFailure(splitError(i18n, e).failure);
        setBusy(false);
      }
    }, POLL_MS);
  };

  const start = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    const y = Number(year);
    if (!/^\d{4}$/.test(year.trim()) || y < 2004 || y > 2100) {
      setYearError(t('desk.annual.yearInvalid'));
      yearRef.current?.focus();
      return;
    }
    setYearError('');
    setBusy(true);
    setJob(null);
    try {
      const j = await deskApi.startAnnualReport({ year: y, lang, format });
      setJob(j);
      if (j.status === 'queued' || j.status === 'running') poll(j.id);
      else setBusy(false);
    } catch (err) {
      setFailure(splitError(i18n, err).failure);
      setBusy(false);
    }
  };

  return (
    <section class="usa-summary-box margin-y-3" aria-labelledby="annual-heading" data-testid="annual-report">
      <div class="usa-summary-box__body">
        <h2 id="annual-heading" class="usa-summary-box__heading">
          {t('desk.annual.heading')}
        </h2>
        <p>{t('desk.annual.intro')}</p>
        <form class="usa-form desk-wide" onSubmit={start} noValidate>
          <div class="grid-row grid-gap-2">
            <div class={`usa-form-group tablet:grid-col-4${yearError ? ' usa-form-group--error' : ''}`}>
              <label class="usa-label" for="annual-year">
                {t('desk.annual.year')}
              </label>
              {yearError && (
                <span class="usa-error-message" id="annual-year-error">
                  {yearError}
                </span>
              )}
              <input
                ref={yearRef}
                id="annual-year"
                class="usa-input"
                inputMode="numeric"
                maxLength={4}
                aria-invalid={yearError ? 'true' : undefined}
                aria-describedby={yearError ? 'annual-year-error' : undefined}
                value={year}
                onInput={(e) => setYear(e.currentTarget.value)}
                data-testid="annual-year"
              />
            </div>
            <div class="usa-form-group tablet:grid-col-4">
              <label class="usa-label" for="annual-lang">
                {t('desk.annual.lang')}
              </label>
              <select
                id="annual-lang"
                class="usa-select"
                value={lang}
                onChange={(e) => setLang(e.currentTarget.value as 'az' | 'en')}
                data-testid="annual-lang"
              >
                <option value="az">Azərbaycanca</option>
                <option value="en">English</option>
              </select>
            </div>
            <div class="usa-form-group tablet:grid-col-4">
              <label class="usa-label" for="annual-format">
                {t('desk.annual.format')}
              </label>
              <select
                id="annual-format"
                class="usa-select"
                value={format}
                onChange={(e) => setFormat(e.currentTarget.value as 'pdf' | 'xlsx')}
                data-testid="annual-format"
              >
                <option value="pdf">PDF</option>
                <option value="xlsx">XLSX</option>
              </select>
            </div>
          </div>
          <button type="submit" class="usa-button margin-top-2" disabled={busy} data-testid="annual-start">
            {t('desk.annual.start')}
          </button>
        </form>
        <LiveRegion>
          {failure && <ErrorAlert error={failure} />}
          {job && (job.status === 'queued' || job.status === 'running') && (
            <div class="margin-top-2" data-testid="annual-progress">
              <label for="annual-progress-bar">
                {t('desk.annual.progress', { percent: job.percent, stage: i18n.codeName('desk.stage.', job.stage) })}
              </label>
              <progress id="annual-progress-bar" class="desk-progress" max={100} value={job.percent} />
            </div>
          )}
          {job && job.status === 'failed' && (
            <Alert type="error" heading={t('desk.annual.failed')}>
              {job.error ?? ''}
            </Alert>
          )}
          {job && job.status === 'done' && (
            <Alert type="success" heading={t('desk.annual.done')} testId="annual-done">
              <a
                class="usa-button margin-top-1"
                href={deskApi.reportFileUrl(job.id)}
                download={job.file_name ?? undefined}
                data-testid="annual-download"
              >
                {t('desk.annual.download', { name: job.file_name ?? job.format.toUpperCase() })}
              </a>
              {job.size_bytes !== null && (
                <span class="margin-left-1">{t('desk.annual.size', { kb: Math.max(1, Math.round(job.size_bytes / 1024)) })}</span>
              )}
            </Alert>
          )}
        </LiveRegion>
      </div>
    </section>
  );
}
