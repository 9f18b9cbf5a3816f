// One task: what it asks, who answers for it, its reports (with the
// Coordinator's review), the report form of the responsible agency, and the
// history of every change.
import { useMemo, useRef, useState } from 'preact/hooks';
import type { User } from '../../../api';
import { Alert, LiveRegion } from '../../../components/Alert';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Link } from '../../../components/Link';
import { Page } from '../../../components/Page';
import { useI18n } from '../../../i18n';
import { deskApi } from '../api';
import type { PlanTask, TaskReport } from '../api';
import { Flag, LoadState, pick, splitError, useLoad } from '../components/common';
import { useAgencies } from '../../../agencies';
import { StatusTag } from '../../../components/StatusTag';
import type { Failure } from '../components/common';
import { DeadlineText, DueFlag, ReportForm } from '../components/ReportForm';

export function TaskPage(props: { id: string; user: User }) {
  const i18n = useI18n();
  const { t } = i18n;
  const user = props.user;
  const agencies = useAgencies();
  const task = useLoad(() => deskApi.task(props.id), [props.id]);
  const reports = useLoad(() => deskApi.taskReports(props.id), [props.id]);
  const history = useLoad(() => deskApi.taskHistory(props.id), [props.id]);
  const [notice, setNotice] = useState('');

  const myCode = useMemo(() => agencies.list.find((a) => a.id === user.agency_id)?.code ?? null, [agencies.list, user.agency_id]);
  const tk = task.data;
  const mayReport = !!tk && user.capabilities.includes('plan.report') && !!myCode && tk.responsible.includes(myCode);
  const mayReview = user.capabilities.includes('plan.review');

  const refresh = (msg: string) => {
    setNotice(msg);
    task.reload();
    reports.reload();
    history.reload();
  };

  const title = tk ? t('desk.task.title', { number: tk.number }) : t('desk.task.titleLoading');
  const items = reports.data?.items ?? [];
  // The report of the current period, if one was sent and may still change.
  const current = tk ? (items.find((r) => r.period === tk.current_period && r.state !== 'accepted') ?? null) : null;
  const currentAccepted = tk ? items.some((r) => r.period === tk.current_period && r.state === 'accepted') : false;

  return (
    <Page title={title}>
      <LoadState error={task.error} loading={!tk} onReload={task.reload} />
      <LiveRegion>
        {notice && (
          <Alert type="success" testId="task-notice">
            {notice}
          </Alert>
        )}
      </LiveRegion>
      {tk && (
        <>
          <p class="usa-intro" data-testid="task-text">
            {pick(i18n, tk.text)}
          </p>
          <TaskFacts task={tk} agencyName={agencies.name} />
          <h2>{t('desk.task.reports')}</h2>
          <LoadState error={reports.error} loading={!reports.data && !reports.error} onReload={reports.reload} />
          {reports.data && items.length === 0 && <p>{t('desk.task.noReports')}</p>}
          {items.map((r) => (
            <ReportCard
              key={r.id}
              task={tk}
              report={r}
              agencyName={agencies.name}
              mayReview={mayReview && r.state === 'submitted'}
              onReviewed={(how) => refresh(how === 'accept' ? t('desk.review.accepted') : t('desk.review.returned'))}
            />
          ))}
          {mayReport && reports.data && !currentAccepted && (
            <section class="nrm-card margin-top-3 desk-report-form" aria-labelledby="report-form-heading">
              <h2 id="report-form-heading" class="margin-top-0">
                {current
                  ? t('desk.report.reviseHeading', { period: current.period })
                  : t('desk.report.heading', { period: tk.current_period ?? '' })}
              </h2>
              <ReportForm key={current?.id ?? 'new'} task={tk} existing={current} onSaved={() => refresh(t('desk.report.saved'))} />
            </section>
          )}
          {mayReport && currentAccepted && <p>{t('desk.report.periodAccepted')}</p>}
          <h2>{t('desk.history.heading')}</h2>
          <LoadState error={history.error} loading={!history.data && !history.error} onReload={history.reload} />
          {history.data && (
            <ol class="desk-history" data-testid="task-history">
              {history.data.items.map((h, i) => (
                <li key={i} data-action={h.action}>
                  <strong>{i18n.codeName('desk.history.', h.action)}</strong> · {i18n.formatDateTime(h.at)}
                  {h.actor_agency && <> · {agencies.name(h.actor_agency)}</>}
                  {h.period && (
                    <>
                      {' '}
                      · {t('desk.report.period')}: {h.period}
                    </>
                  )}
                  {h.status && (
                    <>
                      {' '}
                      <StatusTag palette="desk-status" prefix="desk.status." code={h.status} />
                    </>
                  )}
                  {h.comment && <p class="nrm-notes margin-y-05">{t('desk.history.comment', { comment: h.comment })}</p>}
                  {h.narrative && <p class="nrm-notes margin-y-05">{h.narrative}</p>}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </Page>
  );
}

export function TaskFacts(props: { task: PlanTask; agencyName: (c: string) => string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const tk = props.task;
  return (
    <dl class="nrm-dl" data-testid="task-facts">
      <dt>{t('desk.task.item')}</dt>
      <dd>{t('desk.task.itemNumber', { number: tk.item_number })}</dd>
      <dt>{t('desk.task.responsible')}</dt>
      <dd>{tk.responsible.map(props.agencyName).join(', ') || t('common.none')}</dd>
      <dt>{t('desk.task.deadline')}</dt>
      <dd>
        <DeadlineText deadline={tk.deadline} />
      </dd>
      <dt>{t('desk.task.status')}</dt>
      <dd>
        <StatusTag palette="desk-status" prefix="desk.status." code={tk.status} testId="task-status" /> <DueFlag state={tk.due_state} />
        {tk.internal && <Flag label="desk.flag.internalTask" kind="internal" />}
      </dd>
      {tk.current_period && (
        <>
          <dt>{t('desk.task.currentPeriod')}</dt>
          <dd>{tk.current_period}</dd>
        </>
      )}
      {tk.meeting_id && (
        <>
          <dt>{t('desk.task.meeting')}</dt>
          <dd>
            <Link href={`/meetings/${encodeURIComponent(tk.meeting_id)}`}>{t('desk.task.openMeeting')}</Link>
          </dd>
        </>
      )}
    </dl>
  );
}

function ReportCard(props: {
  task: PlanTask;
  report: TaskReport;
  agencyName: (c: string) => string;
  mayReview: boolean;
  onReviewed: (how: 'accept' | 'return') => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const r = props.report;
  const headingId = `report-${r.id}`;
  return (
    <section class="nrm-card margin-bottom-2" aria-labelledby={headingId} data-testid="report-card" data-state={r.state}>
      <h3 id={headingId} class="margin-top-0">
        {t('desk.report.cardHeading', { period: r.period, agency: props.agencyName(r.agency) })}
      </h3>
      <p>
        <StatusTag palette="desk-status" prefix="desk.status." code={r.status} />{' '}
        <StatusTag palette="desk-status" prefix="desk.state." code={r.state} testId="report-state" />
        {r.narrative_internal && <Flag label="desk.flag.internal" kind="internal" testId="internal-flag" />}
      </p>
      <dl class="nrm-dl">
        <dt>{t('desk.report.submittedAt')}</dt>
        <dd>{i18n.formatDateTime(r.submitted_at)}</dd>
        <dt>{t('desk.report.narrative')}</dt>
        <dd class="nrm-notes" data-testid="report-narrative">
          {r.narrative ?? <em>{t('desk.report.narrativeHidden')}</em>}
        </dd>
        {r.review_comment && (
          <>
            <dt>{t('desk.review.comment')}</dt>
            <dd class="nrm-notes">{r.review_comment}</dd>
          </>
        )}
      </dl>
      {r.indicators.length > 0 && (
        <table class="usa-table usa-table--borderless usa-table--compact nrm-table">
          <caption>{t('desk.report.indicators')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('desk.indicator.name')}</th>
              <th scope="col">{t('desk.indicator.target')}</th>
              <th scope="col">{t('desk.indicator.value')}</th>
              <th scope="col">{t('desk.indicator.unit')}</th>
            </tr>
          </thead>
          <tbody>
            {r.indicators.map((ind, i) => (
              <tr key={i}>
                <th scope="row">{ind.name}</th>
                <td>{ind.target ?? t('common.none')}</td>
                <td>{ind.value ?? t('common.none')}</td>
                <td>{ind.unit || t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {r.attachments.length > 0 && (
        <>
          <h4>{t('desk.report.evidence')}</h4>
          <ul>
            {r.attachments.map((a) => (
              <li key={a.id}>
                <a href={deskApi.attachmentUrl(props.task.id, r.id, a.id)} download={a.filename}>
                  {a.filename}
                </a>{' '}
                <span class="desk-muted">({Math.max(1, Math.round(a.size / 1024))} KB)</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {props.mayReview && <ReviewForm task={props.task} report={r} onReviewed={props.onReviewed} />}
    </section>
  );
}

function ReviewForm(props: { task: PlanTask; report: TaskReport; onReviewed: (how: 'accept' | 'return') => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [err, setErr] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  const fid = `review-${props.report.id}`;

  const decide = async (decision: 'accept' | 'return') => {
    if (busy) return;
    setFailure(null);
    // A returned report needs a reason the agency can act on.
    if (decision === 'return' && comment.trim().length === 0) {
      setErr(t('desk.review.commentRequired'));
      ref.current?.focus();
      return;
    }
    setErr('');
    setBusy(true);
    try {
      const body = { version: props.report.version, decision, ...(comment.trim() ? { comment: comment.trim() } : {}) };
      await deskApi.reviewReport(props.task.id, props.report.id, body);
      props.onReviewed(decision);
    } catch (e) {
      setFailure(splitError(i18n, e).failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="usa-form desk-wide margin-top-2" onSubmit={(e) => e.preventDefault()} noValidate data-testid="review-form">
      <LiveRegion>{failure && <ErrorAlert error={failure} />}</LiveRegion>
      <div class={`usa-form-group${err ? ' usa-form-group--error' : ''}`}>
        <label class="usa-label" for={`${fid}-comment`}>
          {t('desk.review.comment')}
        </label>
        <span class="usa-hint" id={`${fid}-hint`}>
          {t('desk.review.commentHint')}
        </span>
        {err && (
          <span class="usa-error-message" id={`${fid}-error`}>
            {err}
          </span>
        )}
        <textarea
          ref={ref}
          id={`${fid}-comment`}
          class={`usa-textarea${err ? ' usa-input--error' : ''}`}
          maxLength={4000}
          aria-invalid={err ? 'true' : undefined}
          aria-describedby={`${fid}-hint${err ? ` ${fid}-error` : ''}`}
          value={comment}
          onInput={(e) => setComment(e.currentTarget.value)}
          data-testid="review-comment"
        />
      </div>
      <div class="nrm-actions margin-top-2">
        <button type="button" class="usa-button" disabled={busy} onClick={() => decide('accept')} data-testid="review-accept">
          {t('desk.review.accept')}
        </button>
        <button
          type="button"
          class="usa-button usa-button--secondary"
          disabled={busy}
          onClick={() => decide('return')}
          data-testid="review-return"
        >
          {t('desk.review.return')}
        </button>
      </div>
    </form>
  );
}
