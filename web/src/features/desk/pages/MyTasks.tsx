// "My tasks": the tasks of the caller's agency, overdue and due first; each
// opens the task's page, where the report form is.
import type { User } from '../../../api';
import { Link } from '../../../components/Link';
import { Page } from '../../../components/Page';
import { useI18n } from '../../../i18n';
import { deskApi } from '../api';
import type { PlanTask } from '../api';
import { LoadState, TableBox, pick, useLoad } from '../components/common';
import { StatusTag } from '../../../components/StatusTag';
import { DeadlineText, DueFlag } from '../components/ReportForm';

const URGENCY: Record<string, number> = { overdue: 0, due: 1, due_soon: 2, on_track: 3, reported: 4, done: 5 };

export function byUrgency(a: PlanTask, b: PlanTask): number {
  const u = (URGENCY[a.due_state] ?? 9) - (URGENCY[b.due_state] ?? 9);
  if (u) return u;
  return a.number.localeCompare(b.number, 'en', { numeric: true });
}

export function MyTasks(_props: { user: User }) {
  const i18n = useI18n();
  const { t } = i18n;
  const tasks = useLoad(() => deskApi.tasks({ agency: 'mine' }));
  const items = [...(tasks.data?.items ?? [])].sort(byUrgency);
  const overdue = items.filter((x) => x.due_state === 'overdue').length;
  return (
    <Page title={t('desk.myTasks.title')} lead={t('desk.myTasks.intro')}>
      <LoadState error={tasks.error} loading={!tasks.data && !tasks.error} onReload={tasks.reload} />
      {tasks.data && (
        <>
          <p data-testid="my-tasks-count">{t('desk.myTasks.count', { total: items.length, overdue })}</p>
          {items.length === 0 ? (
            <p>{t('desk.myTasks.none')}</p>
          ) : (
            <TableBox label={t('desk.myTasks.caption')} testId="my-tasks" class="desk-board">
              <thead>
                <tr>
                  <th scope="col">{t('desk.col.task')}</th>
                  <th scope="col">{t('desk.col.deadline')}</th>
                  <th scope="col">{t('desk.col.status')}</th>
                  <th scope="col">{t('desk.col.lastReport')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((x) => (
                  <tr key={x.id} class={`desk-row--${x.status}`} data-task-id={x.id} data-number={x.number}>
                    <th scope="row">
                      <Link href={`/plan/tasks/${x.id}`}>{t('desk.task.title', { number: x.number })}</Link>
                      <span class="nrm-username">{pick(i18n, x.text)}</span>
                    </th>
                    <td>
                      <DeadlineText deadline={x.deadline} />
                    </td>
                    <td>
                      <StatusTag palette="desk-status" prefix="desk.status." code={x.status} /> <DueFlag state={x.due_state} />
                    </td>
                    <td>{x.last_report_at ? i18n.formatDateTime(x.last_report_at) : t('desk.myTasks.never')}</td>
                  </tr>
                ))}
              </tbody>
            </TableBox>
          )}
        </>
      )}
    </Page>
  );
}
