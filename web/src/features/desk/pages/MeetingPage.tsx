// One meeting: agenda, invited agencies and their attendance, minutes, status,
// and its decisions; each decision becomes a follow-up task of its owner
// agency with a deadline, tracked like a plan task.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { User } from '../../../api';
import { ApiError } from '../../../api';
import { Alert, LiveRegion } from '../../../components/Alert';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Link } from '../../../components/Link';
import { Page } from '../../../components/Page';
import { takeFlash } from '../../../flash';
import { useI18n } from '../../../i18n';
import { ATTENDANCE, deskApi } from '../api';
import type { Attendance, Meeting } from '../api';
import { LoadState, TableBox, formatDate, pick, splitError, useLoad } from '../components/common';
import { useAgencies } from '../../../agencies';
import { StatusTag } from '../../../components/StatusTag';
import type { Failure } from '../components/common';
import { AgencySelect } from '../components/AgencyPicker';

export function MeetingPage(props: { id: string; user: User }) {
  const i18n = useI18n();
  const { t } = i18n;
  const agencies = useAgencies();
  const meeting = useLoad(() => deskApi.meeting(props.id), [props.id]);
  const [notice, setNotice] = useState(() => takeFlash());
  const manage = props.user.capabilities.includes('meetings.manage');
  const m = meeting.data;

  const updated = (next: Meeting, msg: string) => {
    meeting.setData(next);
    setNotice(msg);
  };

  return (
    <Page title={m ? m.title : t('desk.meeting.loading')}>
      <LiveRegion>
        {notice && (
          <Alert type="success" testId="meeting-notice">
            {notice}
          </Alert>
        )}
      </LiveRegion>
      <LoadState error={meeting.error} loading={!m} onReload={meeting.reload} />
      {m && (
        <>
          <dl class="nrm-dl">
            <dt>{t('desk.meeting.when')}</dt>
            <dd>{i18n.formatDateTime(m.scheduled_for)}</dd>
            <dt>{t('desk.meeting.location')}</dt>
            <dd>{m.location || t('common.none')}</dd>
            <dt>{t('desk.meeting.status')}</dt>
            <dd>
              <StatusTag palette="desk-status" prefix="desk.meetingStatus." code={m.status} testId="meeting-status" />
            </dd>
          </dl>
          <h2>{t('desk.meeting.agenda')}</h2>
          {m.agenda.length === 0 ? (
            <p>{t('desk.meeting.noAgenda')}</p>
          ) : (
            <ol data-testid="meeting-agenda">
              {m.agenda.map((a, i) => (
                <li key={i}>{a}</li>
              ))}
            </ol>
          )}
          {manage ? (
            <RecordForm
              key={m.version}
              meeting={m}
              agencyName={agencies.name}
              onSaved={(x) => updated(x, t('desk.meeting.saved'))}
              onConflict={meeting.reload}
            />
          ) : (
            <>
              <h2>{t('desk.meeting.attendance')}</h2>
              <ul>
                {m.invited.map((x) => (
                  <li key={x.agency}>
                    {agencies.name(x.agency)}: {i18n.codeName('desk.attendance.', x.attendance)}
                  </li>
                ))}
              </ul>
              <h2>{t('desk.meeting.minutes')}</h2>
              <p class="nrm-notes">{m.minutes || t('desk.meeting.noMinutes')}</p>
            </>
          )}
          <h2>{t('desk.meeting.decisions')}</h2>
          {m.decisions.length === 0 ? (
            <p>{t('desk.meeting.noDecisions')}</p>
          ) : (
            <TableBox label={t('desk.meeting.decisions')} testId="decisions">
              <thead>
                <tr>
                  <th scope="col">{t('desk.decision.number')}</th>
                  <th scope="col">{t('desk.decision.text')}</th>
                  <th scope="col">{t('desk.decision.owner')}</th>
                  <th scope="col">{t('desk.decision.due')}</th>
                  <th scope="col">{t('desk.decision.task')}</th>
                </tr>
              </thead>
              <tbody>
                {m.decisions.map((d) => (
                  <tr key={d.id} data-decision-id={d.id}>
                    <th scope="row">{d.number}</th>
                    <td>{pick(i18n, d.text)}</td>
                    <td>{agencies.name(d.owner_agency)}</td>
                    <td>{formatDate(i18n, d.due)}</td>
                    <td>
                      <Link href={`/plan/tasks/${d.task_id}`} data-testid="decision-task-link">
                        {t('desk.decision.openTask', { number: d.number })}
                      </Link>{' '}
                      {d.task_status && <StatusTag palette="desk-status" prefix="desk.status." code={d.task_status} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </TableBox>
          )}
          {manage && m.status !== 'cancelled' && (
            <DecisionForm
              meeting={m}
              onAdded={() => {
                setNotice(t('desk.decision.added'));
                meeting.reload();
              }}
            />
          )}
        </>
      )}
    </Page>
  );
}

/** Attendance, minutes and status, saved together with the meeting's version. */
function RecordForm(props: { meeting: Meeting; agencyName: (c: string) => string; onSaved: (m: Meeting) => void; onConflict: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const m = props.meeting;
  const [att, setAtt] = useState<Record<string, Attendance>>(() => Object.fromEntries(m.invited.map((x) => [x.agency, x.attendance])));
  const [minutes, setMinutes] = useState(m.minutes ?? '');
  const [status, setStatus] = useState<Meeting['status']>(m.status);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    setBusy(true);
    try {
      const next = await deskApi.updateMeeting(m.id, {
        version: m.version,
        status,
        minutes,
        attendance: Object.entries(att).map(([agency, attendance]) => ({ agency, attendance })),
      });
      props.onSaved(next);
    } catch (err) {
      setConflict(err instanceof ApiError && err.status === 409);
      setFailure(splitError(i18n, err).failure);
      setBusy(false);
    }
  };

  return (
    <form class="usa-form desk-wide" onSubmit={submit} noValidate data-testid="meeting-record-form">
      <h2>{t('desk.meeting.attendance')}</h2>
      <LiveRegion>{failure && <ErrorAlert error={failure} onReload={conflict ? props.onConflict : undefined} />}</LiveRegion>
      <TableBox label={t('desk.meeting.attendance')} testId="attendance">
        <thead>
          <tr>
            <th scope="col">{t('desk.meeting.agency')}</th>
            <th scope="col">{t('desk.meeting.attendanceCol')}</th>
          </tr>
        </thead>
        <tbody>
          {m.invited.map((x) => {
            const id = `att-${x.agency}`;
            return (
              <tr key={x.agency}>
                <th scope="row">
                  <label for={id}>{props.agencyName(x.agency)}</label>
                </th>
                <td>
                  <select
                    class="usa-select margin-top-0"
                    id={id}
                    value={att[x.agency]}
                    onChange={(e) => setAtt({ ...att, [x.agency]: e.currentTarget.value as Attendance })}
                  >
                    {ATTENDANCE.map((a) => (
                      <option key={a} value={a}>
                        {i18n.codeName('desk.attendance.', a)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </TableBox>
      <div class="usa-form-group">
        <label class="usa-label" for="meeting-minutes">
          {t('desk.meeting.minutes')}
        </label>
        <textarea
          id="meeting-minutes"
          class="usa-textarea"
          maxLength={100000}
          value={minutes}
          onInput={(e) => setMinutes(e.currentTarget.value)}
        />
      </div>
      <div class="usa-form-group">
        <label class="usa-label" for="meeting-status">
          {t('desk.meeting.status')}
        </label>
        <select
          id="meeting-status"
          class="usa-select"
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as Meeting['status'])}
        >
          {(['scheduled', 'held', 'cancelled'] as const).map((s) => (
            <option key={s} value={s}>
              {i18n.codeName('desk.meetingStatus.', s)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="usa-button margin-top-2" disabled={busy} data-testid="meeting-save">
        {t('desk.meeting.save')}
      </button>
    </form>
  );
}

function DecisionForm(props: { meeting: Meeting; onAdded: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const agencies = useAgencies();
  const [az, setAz] = useState('');
  const [en, setEn] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [internal, setInternal] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const azRef = useRef<HTMLTextAreaElement>(null);
  // The invited agencies first: a decision usually falls to one of them.
  const invited = new Set(props.meeting.invited.map((x) => x.agency));
  const choices = [...agencies.sorted.filter((a) => invited.has(a.code)), ...agencies.sorted.filter((a) => !invited.has(a.code))];
  useEffect(() => setErrors({}), [props.meeting.id]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    const errs: Record<string, string> = {};
    if (!az.trim() && !en.trim()) errs.text = t('desk.decision.textRequired');
    if (!owner) errs.owner_agency = t('desk.decision.ownerRequired');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(due)) errs.due = t('desk.decision.dueRequired');
    setErrors(errs);
    if (errs.text) return azRef.current?.focus();
    if (errs.owner_agency) return document.getElementById('decision-owner')?.focus();
    if (errs.due) return document.getElementById('decision-due')?.focus();
    setBusy(true);
    try {
      await deskApi.addDecision(props.meeting.id, {
        text: { az: az.trim() || null, en: en.trim() || null },
        owner_agency: owner,
        due,
        ...(internal ? { internal } : {}),
      });
      setAz('');
      setEn('');
      setOwner('');
      setDue('');
      setInternal(false);
      props.onAdded();
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
    <section class="nrm-card margin-top-3" aria-labelledby="decision-heading">
      <h3 id="decision-heading" class="margin-top-0">
        {t('desk.decision.add')}
      </h3>
      <p class="desk-muted">{t('desk.decision.hint')}</p>
      <form class="usa-form desk-wide" onSubmit={submit} noValidate data-testid="decision-form">
        <LiveRegion>{failure && <ErrorAlert error={failure} />}</LiveRegion>
        <div class={`usa-form-group${e('text') ? ' usa-form-group--error' : ''}`}>
          <label class="usa-label" for="decision-az">
            {t('desk.decision.textAz')}
          </label>
          {e('text') && (
            <span class="usa-error-message" id="decision-text-error">
              {e('text')}
            </span>
          )}
          <textarea
            ref={azRef}
            id="decision-az"
            lang="az"
            class="usa-textarea"
            maxLength={8000}
            aria-invalid={e('text') ? 'true' : undefined}
            aria-describedby={e('text') ? 'decision-text-error' : undefined}
            value={az}
            onInput={(ev) => setAz(ev.currentTarget.value)}
          />
        </div>
        <div class="usa-form-group">
          <label class="usa-label" for="decision-en">
            {t('desk.decision.textEn')}
          </label>
          <textarea
            id="decision-en"
            lang="en"
            class="usa-textarea"
            maxLength={8000}
            value={en}
            onInput={(ev) => setEn(ev.currentTarget.value)}
          />
        </div>
        <AgencySelect
          id="decision-owner"
          label={t('desk.decision.owner')}
          agencies={choices}
          value={owner}
          onChange={setOwner}
          error={e('owner_agency')}
        />
        <div class={`usa-form-group${e('due') ? ' usa-form-group--error' : ''}`}>
          <label class="usa-label" for="decision-due">
            {t('desk.decision.due')}
          </label>
          {e('due') && (
            <span class="usa-error-message" id="decision-due-error">
              {e('due')}
            </span>
          )}
          <input
            id="decision-due"
            type="date"
            class="usa-input"
            aria-invalid={e('due') ? 'true' : undefined}
            aria-describedby={e('due') ? 'decision-due-error' : undefined}
            value={due}
            onInput={(ev) => setDue(ev.currentTarget.value)}
          />
        </div>
        <div class="usa-checkbox margin-top-2">
          <input
            class="usa-checkbox__input"
            id="decision-internal"
            type="checkbox"
            checked={internal}
            onChange={(ev) => setInternal(ev.currentTarget.checked)}
          />
          <label class="usa-checkbox__label" for="decision-internal">
            {t('desk.decision.internal')}
          </label>
        </div>
        <button type="submit" class="usa-button margin-top-2" disabled={busy} data-testid="decision-submit">
          {t('desk.decision.submit')}
        </button>
      </form>
    </section>
  );
}
