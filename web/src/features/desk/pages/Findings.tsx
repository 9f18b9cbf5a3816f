// Monitoring and evaluation findings: a participant records a problem and
// addresses it to the competent body; that body answers; the Coordinator
// sees open findings by body and age, and closes them.
import { useMemo, useState } from 'preact/hooks';
import type { User } from '../../../api';
import { Alert, LiveRegion } from '../../../components/Alert';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Page } from '../../../components/Page';
import { useI18n } from '../../../i18n';
import { deskApi } from '../api';
import type { Finding, FindingAge } from '../api';
import { LoadState, splitError, useLoad } from '../components/common';
import { useAgencies } from '../../../agencies';
import { StatusTag } from '../../../components/StatusTag';
import type { Failure } from '../components/common';
import { AgencySelect } from '../components/AgencyPicker';
import { FindingAges } from './Dashboard';

/** Open findings per body in the dashboard's age bands. */
export function agesByBody(items: Finding[]): FindingAge[] {
  const out = new Map<string, FindingAge>();
  for (const f of items) {
    if (f.status !== 'open') continue;
    const r = out.get(f.addressed_to) ?? {
      agency: f.addressed_to,
      open: 0,
      days_0_30: 0,
      days_31_90: 0,
      days_91_180: 0,
      days_over_180: 0,
      oldest_days: 0,
    };
    r.open += 1;
    if (f.age_days <= 30) r.days_0_30 += 1;
    else if (f.age_days <= 90) r.days_31_90 += 1;
    else if (f.age_days <= 180) r.days_91_180 += 1;
    else r.days_over_180 += 1;
    r.oldest_days = Math.max(r.oldest_days, f.age_days);
    out.set(f.addressed_to, r);
  }
  return [...out.values()];
}

export function Findings(props: { user: User }) {
  const i18n = useI18n();
  const { t } = i18n;
  const agencies = useAgencies();
  const findings = useLoad(() => deskApi.findings());
  const [notice, setNotice] = useState('');
  const [status, setStatus] = useState('');
  const caps = props.user.capabilities;
  const viewAll = caps.includes('findings.view');
  const mayRecord = caps.includes('findings.create') || caps.includes('plan.report');
  const myCode = agencies.list.find((a) => a.id === props.user.agency_id)?.code ?? null;
  const items = findings.data?.items ?? [];
  const shown = items.filter((f) => !status || f.status === status);
  const ages = useMemo(() => agesByBody(items), [items]);

  const changed = (msg: string) => {
    setNotice(msg);
    findings.reload();
  };

  return (
    <Page title={t('desk.findings.title')} lead={t('desk.findings.intro')}>
      <LiveRegion>
        {notice && (
          <Alert type="success" testId="findings-notice">
            {notice}
          </Alert>
        )}
      </LiveRegion>
      <LoadState error={findings.error} loading={!findings.data && !findings.error} onReload={findings.reload} />
      {viewAll && findings.data && (
        <>
          <h2>{t('desk.findings.byBody')}</h2>
          <FindingAges rows={ages} agencyName={agencies.name} />
        </>
      )}
      {findings.data && (
        <>
          <h2>{t('desk.findings.list')}</h2>
          <form class="usa-form" onSubmit={(e) => e.preventDefault()}>
            <label class="usa-label" for="finding-filter">
              {t('desk.findings.filter')}
            </label>
            <select id="finding-filter" class="usa-select" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
              <option value="">{t('desk.plan.allStatuses')}</option>
              {(['open', 'answered', 'closed'] as const).map((s) => (
                <option key={s} value={s}>
                  {i18n.codeName('desk.findingStatus.', s)}
                </option>
              ))}
            </select>
          </form>
          {shown.length === 0 ? (
            <p>{t('desk.findings.none')}</p>
          ) : (
            shown.map((f) => (
              <FindingCard
                key={f.id}
                finding={f}
                agencyName={agencies.name}
                mayAnswer={f.status === 'open' && !!myCode && f.addressed_to === myCode}
                mayClose={viewAll && f.status !== 'closed'}
                onChanged={changed}
              />
            ))
          )}
        </>
      )}
      {mayRecord && <RecordFinding onRecorded={() => changed(t('desk.findings.recorded'))} />}
    </Page>
  );
}

function FindingCard(props: {
  finding: Finding;
  agencyName: (c: string) => string;
  mayAnswer: boolean;
  mayClose: boolean;
  onChanged: (msg: string) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const f = props.finding;
  const [text, setText] = useState('');
  const [err, setErr] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const hid = `finding-${f.id}`;

  const act = async (kind: 'answer' | 'close') => {
    if (busy) return;
    setFailure(null);
    if (kind === 'answer' && !text.trim()) {
      setErr(t('desk.findings.answerRequired'));
      document.getElementById(`${hid}-text`)?.focus();
      return;
    }
    setErr('');
    setBusy(true);
    try {
      if (kind === 'answer') await deskApi.answerFinding(f.id, { version: f.version, answer: text.trim() });
      else await deskApi.closeFinding(f.id, { version: f.version, ...(text.trim() ? { note: text.trim() } : {}) });
      props.onChanged(kind === 'answer' ? t('desk.findings.answered') : t('desk.findings.closed'));
    } catch (e) {
      setFailure(splitError(i18n, e).failure);
      setBusy(false);
    }
  };

  return (
    <section class="nrm-card margin-bottom-2" aria-labelledby={hid} data-testid="finding-card" data-status={f.status}>
      <h3 id={hid} class="margin-top-0">
        {f.title}
      </h3>
      <p>
        <StatusTag palette="desk-status" prefix="desk.findingStatus." code={f.status} />{' '}
        <span class="desk-muted">{t('desk.findings.age', { days: f.age_days })}</span>
      </p>
      <dl class="nrm-dl">
        <dt>{t('desk.findings.addressedTo')}</dt>
        <dd>{props.agencyName(f.addressed_to)}</dd>
        <dt>{t('desk.findings.reporter')}</dt>
        <dd>{props.agencyName(f.reporter_agency)}</dd>
        <dt>{t('desk.findings.recordedAt')}</dt>
        <dd>{i18n.formatDateTime(f.created_at)}</dd>
        <dt>{t('desk.findings.description')}</dt>
        <dd class="nrm-notes">{f.description}</dd>
        {f.answer && (
          <>
            <dt>{t('desk.findings.answer')}</dt>
            <dd class="nrm-notes">{f.answer}</dd>
          </>
        )}
        {f.close_note && (
          <>
            <dt>{t('desk.findings.closeNote')}</dt>
            <dd class="nrm-notes">{f.close_note}</dd>
          </>
        )}
      </dl>
      {(props.mayAnswer || props.mayClose) && (
        <form class="usa-form desk-wide" onSubmit={(e) => e.preventDefault()} noValidate>
          <LiveRegion>{failure && <ErrorAlert error={failure} />}</LiveRegion>
          <div class={`usa-form-group${err ? ' usa-form-group--error' : ''}`}>
            <label class="usa-label" for={`${hid}-text`}>
              {props.mayAnswer ? t('desk.findings.answer') : t('desk.findings.closeNote')}
            </label>
            {err && (
              <span class="usa-error-message" id={`${hid}-error`}>
                {err}
              </span>
            )}
            <textarea
              id={`${hid}-text`}
              class="usa-textarea"
              maxLength={props.mayAnswer ? 20000 : 4000}
              aria-invalid={err ? 'true' : undefined}
              aria-describedby={err ? `${hid}-error` : undefined}
              value={text}
              onInput={(e) => setText(e.currentTarget.value)}
            />
          </div>
          <div class="nrm-actions margin-top-2">
            {props.mayAnswer && (
              <button type="button" class="usa-button" disabled={busy} onClick={() => act('answer')}>
                {t('desk.findings.sendAnswer')}
              </button>
            )}
            {props.mayClose && (
              <button type="button" class="usa-button usa-button--outline" disabled={busy} onClick={() => act('close')}>
                {t('desk.findings.close')}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

function RecordFinding(props: { onRecorded: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const agencies = useAgencies();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [to, setTo] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    const errs: Record<string, string> = {};
    if (!title.trim()) errs.title = t('desk.findings.titleRequired');
    if (!description.trim()) errs.description = t('desk.findings.descriptionRequired');
    if (!to) errs.addressed_to = t('desk.findings.toRequired');
    setErrors(errs);
    const first = Object.keys(errs)[0];
    if (first) return document.getElementById(first === 'addressed_to' ? 'finding-to' : `finding-${first}`)?.focus();
    setBusy(true);
    try {
      await deskApi.createFinding({ title: title.trim(), description: description.trim(), addressed_to: to });
      setTitle('');
      setDescription('');
      setTo('');
      props.onRecorded();
    } catch (err) {
      const s = splitError(i18n, err);
      setErrors(s.fields);
      setFailure(s.failure);
    } finally {
      setBusy(false);
    }
  };
  const e = (k: string) => errors[k];
  return (
    <section class="nrm-card margin-top-4" aria-labelledby="record-finding-heading">
      <h2 id="record-finding-heading" class="margin-top-0">
        {t('desk.findings.record')}
      </h2>
      <form class="usa-form desk-wide" onSubmit={submit} noValidate data-testid="finding-form">
        <LiveRegion>{failure && <ErrorAlert error={failure} />}</LiveRegion>
        {(['title', 'description'] as const).map((k) => (
          <div key={k} class={`usa-form-group${e(k) ? ' usa-form-group--error' : ''}`}>
            <label class="usa-label" for={`finding-${k}`}>
              {t(`desk.findings.field.${k}`)}
            </label>
            {e(k) && (
              <span class="usa-error-message" id={`finding-${k}-error`}>
                {e(k)}
              </span>
            )}
            {k === 'title' ? (
              <input
                id="finding-title"
                class="usa-input"
                maxLength={300}
                aria-invalid={e(k) ? 'true' : undefined}
                aria-describedby={e(k) ? 'finding-title-error' : undefined}
                value={title}
                onInput={(ev) => setTitle(ev.currentTarget.value)}
              />
            ) : (
              <textarea
                id="finding-description"
                class="usa-textarea"
                maxLength={20000}
                aria-invalid={e(k) ? 'true' : undefined}
                aria-describedby={e(k) ? 'finding-description-error' : undefined}
                value={description}
                onInput={(ev) => setDescription(ev.currentTarget.value)}
              />
            )}
          </div>
        ))}
        <AgencySelect
          id="finding-to"
          label={t('desk.findings.addressedTo')}
          agencies={agencies.sorted}
          value={to}
          onChange={setTo}
          error={e('addressed_to')}
        />
        <button type="submit" class="usa-button margin-top-2" disabled={busy}>
          {t('desk.findings.submit')}
        </button>
      </form>
    </section>
  );
}
