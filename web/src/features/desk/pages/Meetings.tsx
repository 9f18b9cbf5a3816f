// Meetings of the plan's participants: the list (newest first) and, for the
// Coordinator, the form that schedules one.
import { useRef, useState } from 'preact/hooks';
import type { User } from '../../../api';
import { LiveRegion } from '../../../components/Alert';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Link } from '../../../components/Link';
import { Page } from '../../../components/Page';
import { setFlash } from '../../../flash';
import { useI18n } from '../../../i18n';
import { navigate } from '../../../router';
import { deskApi } from '../api';
import { LoadState, TableBox, splitError, useLoad } from '../components/common';
import { useAgencies } from '../../../agencies';
import { StatusTag } from '../../../components/StatusTag';
import type { Failure } from '../components/common';
import { AgencyChecks } from '../components/AgencyPicker';

export function Meetings(props: { user: User }) {
  const i18n = useI18n();
  const { t } = i18n;
  const agencies = useAgencies();
  const meetings = useLoad(() => deskApi.meetings());
  const manage = props.user.capabilities.includes('meetings.manage');
  const items = meetings.data?.items ?? [];
  return (
    <Page title={t('desk.meetings.title')} lead={t('desk.meetings.intro')}>
      <LoadState error={meetings.error} loading={!meetings.data && !meetings.error} onReload={meetings.reload} />
      {meetings.data &&
        (items.length === 0 ? (
          <p>{t('desk.meetings.none')}</p>
        ) : (
          <TableBox label={t('desk.meetings.caption')} testId="meetings">
            <thead>
              <tr>
                <th scope="col">{t('desk.meeting.titleField')}</th>
                <th scope="col">{t('desk.meeting.when')}</th>
                <th scope="col">{t('desk.meeting.status')}</th>
                <th scope="col">{t('desk.meeting.invited')}</th>
                <th scope="col">{t('desk.meeting.decisions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id} data-meeting-id={m.id}>
                  <th scope="row">
                    <Link href={`/meetings/${m.id}`}>{m.title}</Link>
                  </th>
                  <td>{i18n.formatDateTime(m.scheduled_for)}</td>
                  <td>
                    <StatusTag palette="desk-status" prefix="desk.meetingStatus." code={m.status} />
                  </td>
                  <td>{m.invited.map((x) => agencies.name(x.agency)).join(', ')}</td>
                  <td>{m.decisions.length}</td>
                </tr>
              ))}
            </tbody>
          </TableBox>
        ))}
      {manage && <ScheduleForm />}
    </Page>
  );
}

function ScheduleForm() {
  const i18n = useI18n();
  const { t } = i18n;
  const agencies = useAgencies();
  const [title, setTitle] = useState('');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('10:00');
  const [location, setLocation] = useState('');
  const [agenda, setAgenda] = useState('');
  const [invited, setInvited] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const titleRef = useRef<HTMLInputElement>(null);
  const dateRef = useRef<HTMLInputElement>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    const errs: Record<string, string> = {};
    if (!title.trim()) errs.title = t('desk.meeting.titleRequired');
    const when = new Date(`${date}T${time || '00:00'}`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(when.getTime())) errs.date = t('desk.meeting.dateRequired');
    if (invited.length === 0) errs.invited = t('desk.meeting.invitedRequired');
    setErrors(errs);
    if (errs.title) return titleRef.current?.focus();
    if (errs.date) return dateRef.current?.focus();
    if (errs.invited) return (document.querySelector('[data-testid=schedule-agencies] input') as HTMLInputElement | null)?.focus();
    setBusy(true);
    try {
      const m = await deskApi.createMeeting({
        title: title.trim(),
        scheduled_for: when.toISOString(),
        ...(location.trim() ? { location: location.trim() } : {}),
        agenda: agenda
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean),
        invited,
      });
      setFlash(t('desk.meeting.scheduled'));
      navigate(`/meetings/${m.id}`);
    } catch (err) {
      const s = splitError(i18n, err);
      setErrors(s.fields);
      setFailure(s.failure);
      setBusy(false);
    }
  };

  const e = (k: string) => errors[k];
  return (
    <section class="nrm-card margin-top-4" aria-labelledby="schedule-heading">
      <h2 id="schedule-heading" class="margin-top-0">
        {t('desk.meetings.schedule')}
      </h2>
      <form class="usa-form desk-wide" onSubmit={submit} noValidate data-testid="schedule-form">
        <LiveRegion>{failure && <ErrorAlert error={failure} />}</LiveRegion>
        <div class={`usa-form-group${e('title') ? ' usa-form-group--error' : ''}`}>
          <label class="usa-label" for="meeting-title">
            {t('desk.meeting.titleField')}
          </label>
          {e('title') && (
            <span class="usa-error-message" id="meeting-title-error">
              {e('title')}
            </span>
          )}
          <input
            ref={titleRef}
            id="meeting-title"
            class={`usa-input${e('title') ? ' usa-input--error' : ''}`}
            maxLength={300}
            aria-invalid={e('title') ? 'true' : undefined}
            aria-describedby={e('title') ? 'meeting-title-error' : undefined}
            value={title}
            onInput={(ev) => setTitle(ev.currentTarget.value)}
          />
        </div>
        <div class="grid-row grid-gap-2">
          <div class={`usa-form-group tablet:grid-col-6${e('date') || e('scheduled_for') ? ' usa-form-group--error' : ''}`}>
            <label class="usa-label" for="meeting-date">
              {t('desk.meeting.date')}
            </label>
            {(e('date') || e('scheduled_for')) && (
              <span class="usa-error-message" id="meeting-date-error">
                {e('date') || e('scheduled_for')}
              </span>
            )}
            <input
              ref={dateRef}
              id="meeting-date"
              type="date"
              class="usa-input"
              aria-invalid={e('date') ? 'true' : undefined}
              aria-describedby={e('date') || e('scheduled_for') ? 'meeting-date-error' : undefined}
              value={date}
              onInput={(ev) => setDate(ev.currentTarget.value)}
            />
          </div>
          <div class="usa-form-group tablet:grid-col-6">
            <label class="usa-label" for="meeting-time">
              {t('desk.meeting.time')}
            </label>
            <input id="meeting-time" type="time" class="usa-input" value={time} onInput={(ev) => setTime(ev.currentTarget.value)} />
          </div>
        </div>
        <div class="usa-form-group">
          <label class="usa-label" for="meeting-location">
            {t('desk.meeting.location')}
          </label>
          <input
            id="meeting-location"
            class="usa-input"
            maxLength={300}
            value={location}
            onInput={(ev) => setLocation(ev.currentTarget.value)}
          />
        </div>
        <div class="usa-form-group">
          <label class="usa-label" for="meeting-agenda">
            {t('desk.meeting.agenda')}
          </label>
          <span class="usa-hint" id="meeting-agenda-hint">
            {t('desk.meeting.agendaHint')}
          </span>
          <textarea
            id="meeting-agenda"
            class="usa-textarea"
            aria-describedby="meeting-agenda-hint"
            value={agenda}
            onInput={(ev) => setAgenda(ev.currentTarget.value)}
          />
        </div>
        <AgencyChecks
          id="schedule"
          legend={t('desk.meeting.invited')}
          agencies={agencies.sorted}
          chosen={invited}
          onChange={setInvited}
          error={e('invited')}
        />
        <button type="submit" class="usa-button margin-top-2" disabled={busy} data-testid="schedule-submit">
          {t('desk.meetings.scheduleSubmit')}
        </button>
      </form>
    </section>
  );
}
