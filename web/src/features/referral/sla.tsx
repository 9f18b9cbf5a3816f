// Live SLA timers: a referral's acknowledgement and decision deadlines
// counting down, overdue ones highlighted. One shared one-second tick drives
// every timer on the page. The countdown is not a live region: a screen
// reader would hear it every second; the state (due, overdue) is in the text.
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../i18n';

const subscribers = new Set<(now: number) => void>();
let ticker: ReturnType<typeof setInterval> | null = null;
/** Server time minus local time, learnt from the server's answers (clock skew of a field laptop). */
let skewMs = 0;

export function setServerTime(iso: string | undefined | null): void {
  if (!iso) return;
  const t = Date.parse(iso);
  if (!Number.isNaN(t)) skewMs = t - Date.now();
}

export function serverNow(): number {
  return Date.now() + skewMs;
}

/** The current (server) time, updated every second while the caller is mounted. */
export function useNow(): number {
  const [now, setNow] = useState(serverNow());
  useEffect(() => {
    subscribers.add(setNow);
    if (!ticker) ticker = setInterval(() => subscribers.forEach((s) => s(serverNow())), 1000);
    return () => {
      subscribers.delete(setNow);
      if (subscribers.size === 0 && ticker) {
        clearInterval(ticker);
        ticker = null;
      }
    };
  }, []);
  return now;
}

/** "1:05:09", "4:09", "0:07": hours only when there are some. */
export function formatSpan(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${m}:${two(sec)}`;
}

/**
 * One deadline: "due in 0:59:12" or "overdue by 3:10" (highlighted), or the
 * time it was met. `metAt` set means the step is done: the timer stops.
 */
export function SlaTimer(props: { due: string | null | undefined; metAt?: string | null | undefined; now: number; testId?: string }) {
  const { t, formatDateTime } = useI18n();
  if (!props.due) return <span class="text-base-dark">{t('common.none')}</span>;
  const due = Date.parse(props.due);
  if (props.metAt) {
    const met = Date.parse(props.metAt);
    const late = met > due;
    return (
      <span class={`nrm-sla nrm-sla--met${late ? ' nrm-sla--late' : ''}`} data-testid={props.testId} data-sla="met">
        {late ? t('sla.metLate', { time: formatDateTime(props.metAt) }) : t('sla.met', { time: formatDateTime(props.metAt) })}
      </span>
    );
  }
  const left = due - props.now;
  if (left < 0) {
    return (
      <span class="nrm-sla nrm-sla--overdue" data-testid={props.testId} data-sla="overdue">
        <span class="usa-tag nrm-tag-overdue">{t('sla.overdueTag')}</span> {t('sla.overdueBy', { span: formatSpan(left) })}
      </span>
    );
  }
  const soon = left < 15 * 60 * 1000;
  return (
    <span class={`nrm-sla${soon ? ' nrm-sla--soon' : ''}`} data-testid={props.testId} data-sla="running">
      <time dateTime={props.due} title={formatDateTime(props.due)}>
        {t('sla.dueIn', { span: formatSpan(left) })}
      </time>
    </span>
  );
}
