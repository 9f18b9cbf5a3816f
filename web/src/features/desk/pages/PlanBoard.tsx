// The plan board: every task of a plan, grouped by item, by responsible agency
// or by deadline month, with status colours and overdue / silent flags.
import { useMemo, useState } from 'preact/hooks';
import type { User } from '../../../api';
import { Link } from '../../../components/Link';
import { Page } from '../../../components/Page';
import { useI18n } from '../../../i18n';
import { TASK_STATUSES, deskApi } from '../api';
import type { Plan, PlanTask } from '../api';
import { Flag, LoadState, TableBox, pick, useLoad } from '../components/common';
import { useAgencies } from '../../../agencies';
import { StatusTag } from '../../../components/StatusTag';
import { DeadlineText, DueFlag } from '../components/ReportForm';

type View = 'item' | 'agency' | 'deadline';
const VIEWS: View[] = ['item', 'agency', 'deadline'];

/** The plan to open first: the newest active action plan, else the newest. */
export function defaultPlan(plans: Plan[]): Plan | undefined {
  return plans.find((p) => p.kind === 'action_plan' && p.status === 'active') ?? plans[0];
}

function deadlineMonth(tk: PlanTask): string {
  if (tk.deadline.kind === 'ongoing' || !tk.deadline.due) return 'ongoing';
  return tk.deadline.due.slice(0, 7);
}

export function PlanBoard(props: { user: User }) {
  const i18n = useI18n();
  const { t } = i18n;
  const agencies = useAgencies();
  const plans = useLoad(() => deskApi.plans());
  const [chosen, setChosen] = useState('');
  const [view, setView] = useState<View>('item');
  const [status, setStatus] = useState('');
  const planId = chosen || (plans.data ? (defaultPlan(plans.data.items)?.id ?? '') : '');
  const plan = useLoad(() => (planId ? deskApi.plan(planId) : Promise.resolve(null)), [planId]);
  const review = props.user.capabilities.includes('plan.review');
  const dash = useLoad(() => (review && planId ? deskApi.dashboard(planId) : Promise.resolve(null)), [planId, review]);
  const silent = useMemo(() => new Set((dash.data?.silent_agencies ?? []).map((s) => s.agency)), [dash.data]);

  const groups = useMemo(() => {
    const p = plan.data;
    if (!p) return [];
    const keep = (tk: PlanTask) => !status || tk.status === status || (status === 'overdue' && tk.due_state === 'overdue');
    if (view === 'item')
      return p.items.map((it) => ({
        key: `i${it.number}`,
        label: `${it.number}. ${pick(i18n, it.measure)}`,
        agency: null as string | null,
        tasks: it.tasks.filter(keep),
      }));
    const all = p.items.flatMap((it) => it.tasks).filter(keep);
    if (view === 'agency') {
      const codes = [...new Set(all.flatMap((tk) => tk.responsible))].sort((a, b) =>
        i18n.collator.compare(agencies.name(a), agencies.name(b)),
      );
      return codes.map((c) => ({
        key: `a${c}`,
        label: agencies.name(c),
        agency: c,
        tasks: all.filter((tk) => tk.responsible.includes(c)),
      }));
    }
    const months = [...new Set(all.map(deadlineMonth))].sort((a, b) => (a === 'ongoing' ? 1 : b === 'ongoing' ? -1 : a.localeCompare(b)));
    return months.map((m) => ({
      key: `m${m}`,
      label: m === 'ongoing' ? t('desk.deadline.ongoing') : m,
      agency: null,
      tasks: all.filter((tk) => deadlineMonth(tk) === m),
    }));
  }, [plan.data, view, status, agencies, i18n, t]);

  const p = plan.data;
  const list = plans.data?.items ?? [];
  return (
    <Page title={t('desk.plan.title')} lead={t('desk.plan.intro')}>
      <LoadState error={plans.error} loading={!plans.data && !plans.error} onReload={plans.reload} />
      {props.user.capabilities.includes('plan.manage') && (
        <p>
          <Link href="/plan/import" class="usa-button usa-button--outline" data-testid="plan-import-link">
            {t('desk.import.title')}
          </Link>
        </p>
      )}
      {plans.data && list.length === 0 && <p>{t('desk.plan.none')}</p>}
      {list.length > 0 && (
        <form class="usa-form desk-wide grid-row grid-gap-2" onSubmit={(e) => e.preventDefault()}>
          <div class="usa-form-group tablet:grid-col-8">
            <label class="usa-label" for="plan-choice">
              {t('desk.plan.choose')}
            </label>
            <select
              id="plan-choice"
              class="usa-select"
              value={planId}
              onChange={(e) => setChosen(e.currentTarget.value)}
              data-testid="plan-choice"
            >
              {list.map((x) => (
                <option key={x.id} value={x.id}>
                  {pick(i18n, x.title)} · {t('desk.plan.revision', { n: x.revision })} · {i18n.codeName('desk.planStatus.', x.status)}
                </option>
              ))}
            </select>
          </div>
          <div class="usa-form-group tablet:grid-col-4">
            <label class="usa-label" for="plan-status">
              {t('desk.plan.filterStatus')}
            </label>
            <select id="plan-status" class="usa-select" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
              <option value="">{t('desk.plan.allStatuses')}</option>
              {TASK_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {i18n.codeName('desk.status.', s)}
                </option>
              ))}
              <option value="overdue">{t('desk.flag.overdue')}</option>
            </select>
          </div>
        </form>
      )}
      {planId && <LoadState error={plan.error} loading={!p && !plan.error} onReload={plan.reload} />}
      {p && (
        <>
          <p class="desk-muted">
            {t('desk.plan.facts', { items: p.item_count, tasks: p.task_count, start: p.period_start })}
            {p.approved_by && <> · {pick(i18n, p.approved_by)}</>}
          </p>
          <ul class="desk-tabs" aria-label={t('desk.plan.viewLabel')}>
            {VIEWS.map((v) => (
              <li key={v}>
                <button
                  type="button"
                  class={`usa-button${v === view ? '' : ' usa-button--outline'}`}
                  aria-pressed={v === view ? 'true' : 'false'}
                  onClick={() => setView(v)}
                  data-view={v}
                >
                  {t(`desk.plan.view.${v}`)}
                </button>
              </li>
            ))}
          </ul>
          <ul class="desk-legend" aria-label={t('desk.plan.legend')}>
            {TASK_STATUSES.map((s) => (
              <li key={s}>
                <span class={`desk-swatch desk-swatch--${s}`} aria-hidden="true" />
                {i18n.codeName('desk.status.', s)}
              </li>
            ))}
            <li>
              <span class="desk-swatch desk-swatch--accent" aria-hidden="true" />
              {t('desk.plan.legendFlags')}
            </li>
          </ul>
          <TableBox label={t(`desk.plan.caption.${view}`)} testId="plan-board" class="desk-board">
            <thead>
              <tr>
                <th scope="col">{t('desk.col.task')}</th>
                <th scope="col">{t('desk.col.responsible')}</th>
                <th scope="col">{t('desk.col.deadline')}</th>
                <th scope="col">{t('desk.col.status')}</th>
              </tr>
            </thead>
            {groups.map((g) => (
              <tbody key={g.key} data-group={g.key}>
                <tr class="desk-group">
                  <th scope="colgroup" colSpan={4}>
                    {g.label} <span class="desk-muted">({g.tasks.length})</span>
                    {g.agency && silent.has(g.agency) && <Flag label="desk.flag.silent" testId="flag-silent" />}
                  </th>
                </tr>
                {g.tasks.map((tk) => (
                  <tr key={`${g.key}-${tk.id}`} class={`desk-row--${tk.status}`} data-task-id={tk.id} data-number={tk.number}>
                    <th scope="row">
                      <Link href={`/plan/tasks/${tk.id}`}>{t('desk.task.title', { number: tk.number })}</Link>
                      <span class="nrm-username">{pick(i18n, tk.text)}</span>
                    </th>
                    <td>
                      {tk.responsible.map((c, i) => (
                        <span key={c}>
                          {agencies.name(c)}
                          {silent.has(c) && <Flag label="desk.flag.silent" />}
                          {i < tk.responsible.length - 1 ? ', ' : ''}
                        </span>
                      ))}
                    </td>
                    <td>
                      <DeadlineText deadline={tk.deadline} />
                    </td>
                    <td>
                      <StatusTag palette="desk-status" prefix="desk.status." code={tk.status} /> <DueFlag state={tk.due_state} />
                      {tk.internal && <Flag label="desk.flag.internalTask" kind="internal" />}
                    </td>
                  </tr>
                ))}
              </tbody>
            ))}
          </TableBox>
        </>
      )}
    </Page>
  );
}
