// Training: needs per agency and role (the topics of §5 and more), events with
// organiser, funding partner and participants counted per agency (never
// named), and their evaluations.
import { useMemo, useState } from 'preact/hooks';
import type { User } from '../../../api';
import { Alert, LiveRegion } from '../../../components/Alert';
import { Link } from '../../../components/Link';
import { Page } from '../../../components/Page';
import { useI18n } from '../../../i18n';
import { deskApi } from '../api';
import type { TrainingEvent } from '../api';
import { LoadState, TableBox, formatDate, pick, useLoad } from '../components/common';
import { useAgencies } from '../../../agencies';
import { StatusTag } from '../../../components/StatusTag';
import { SimpleForm } from '../components/SimpleForm';
import type { Values } from '../components/SimpleForm';

const SLOTS = [1, 2, 3];

export function Training(props: { user: User }) {
  const i18n = useI18n();
  const { t } = i18n;
  const agencies = useAgencies();
  const caps = props.user.capabilities;
  const manage = caps.includes('needs.manage');
  const report = caps.includes('plan.report');
  const [notice, setNotice] = useState('');
  const topics = useLoad(() => deskApi.trainingTopics());
  const needs = useLoad(() => (manage || report || caps.includes('needs.view') ? deskApi.trainingNeeds() : Promise.resolve({ items: [] })));
  const events = useLoad(() => deskApi.trainingEvents());
  const donors = useLoad(() => (manage ? deskApi.donors() : Promise.resolve({ items: [] })));
  const topicName = useMemo(() => {
    const m = new Map((topics.data?.items ?? []).map((x) => [x.code, x.label]));
    return (c: string) => {
      const l = m.get(c);
      return l ? l[i18n.lang] || l.az : c;
    };
  }, [topics.data, i18n.lang]);
  const topicOptions = (topics.data?.items ?? []).map((x) => ({ value: x.code, label: x.label[i18n.lang] || x.label.az }));
  const agencyOptions = agencies.sorted.map((a) => ({ value: a.id, label: a.name[i18n.lang] || a.name.az }));
  const donorName = (id: string | null) => {
    const d = (donors.data?.items ?? []).find((x) => x.id === id);
    return d ? pick(i18n, d.name) : id ? t('desk.training.partner') : t('common.none');
  };
  const changed = (msg: string) => {
    setNotice(msg);
    needs.reload();
    events.reload();
  };

  return (
    <Page title={t('desk.training.title')} lead={t('desk.training.intro')}>
      <p>
        <Link href="/awareness">{t('desk.awareness.title')}</Link>
      </p>
      <LiveRegion>
        {notice && (
          <Alert type="success" testId="training-notice">
            {notice}
          </Alert>
        )}
      </LiveRegion>
      <h2>{t('desk.training.needs')}</h2>
      <LoadState error={needs.error} loading={!needs.data && !needs.error} onReload={needs.reload} />
      {needs.data &&
        (needs.data.items.length === 0 ? (
          <p>{t('desk.training.noNeeds')}</p>
        ) : (
          <TableBox label={t('desk.training.needs')} testId="training-needs">
            <thead>
              <tr>
                <th scope="col">{t('desk.col.agency')}</th>
                <th scope="col">{t('desk.training.role')}</th>
                <th scope="col">{t('desk.training.topic')}</th>
                <th scope="col">{t('desk.training.people')}</th>
                <th scope="col">{t('desk.training.priority')}</th>
                <th scope="col">{t('desk.need.status')}</th>
              </tr>
            </thead>
            <tbody>
              {[...needs.data.items]
                .sort((a, b) => i18n.collator.compare(agencies.name(a.agency_id), agencies.name(b.agency_id)))
                .map((n) => (
                  <tr key={n.id}>
                    <th scope="row">{agencies.name(n.agency_id)}</th>
                    <td>{n.role}</td>
                    <td>{topicName(n.topic)}</td>
                    <td>{n.people_count}</td>
                    <td>{i18n.codeName('desk.priority.', n.priority)}</td>
                    <td>
                      <StatusTag palette="desk-status" prefix="desk.tneedStatus." code={n.status} />
                    </td>
                  </tr>
                ))}
            </tbody>
          </TableBox>
        ))}
      {(manage || report) && (
        <SimpleForm
          id="tneed-form"
          heading={t('desk.training.addNeed')}
          submitLabel={t('desk.training.addNeedSubmit')}
          fields={[
            ...(manage
              ? [{ name: 'agency', label: t('desk.col.agency'), kind: 'select' as const, required: true, options: agencyOptions }]
              : []),
            { name: 'role', label: t('desk.training.role'), kind: 'text', required: true, hint: t('desk.training.roleHint'), max: 100 },
            { name: 'topic', label: t('desk.training.topic'), kind: 'select', required: true, options: topicOptions },
            { name: 'people', label: t('desk.training.people'), kind: 'number', required: true },
            {
              name: 'priority',
              label: t('desk.training.priority'),
              kind: 'select',
              options: (['low', 'medium', 'high'] as const).map((p) => ({ value: p, label: i18n.codeName('desk.priority.', p) })),
            },
            { name: 'note', label: t('desk.pledge.note'), kind: 'textarea', max: 2000 },
          ]}
          onSubmit={async (v: Values) => {
            await deskApi.createTrainingNeed({
              ...(manage ? { agency_id: String(v.agency) } : {}),
              role: String(v.role).trim(),
              topic: String(v.topic),
              people_count: Math.round(Number(v.people)),
              ...(v.priority ? { priority: String(v.priority) } : {}),
              ...(String(v.note).trim() ? { note: String(v.note).trim() } : {}),
            });
            changed(t('desk.training.needAdded'));
          }}
        />
      )}

      <h2>{t('desk.training.events')}</h2>
      <LoadState error={events.error} loading={!events.data && !events.error} onReload={events.reload} />
      {events.data &&
        (events.data.items.length === 0 ? (
          <p>{t('desk.training.noEvents')}</p>
        ) : (
          <TableBox label={t('desk.training.events')} testId="training-events">
            <thead>
              <tr>
                <th scope="col">{t('desk.training.event')}</th>
                <th scope="col">{t('desk.training.dates')}</th>
                <th scope="col">{t('desk.training.topics')}</th>
                <th scope="col">{t('desk.training.organiser')}</th>
                <th scope="col">{t('desk.training.participants')}</th>
                <th scope="col">{t('desk.training.score')}</th>
              </tr>
            </thead>
            <tbody>
              {events.data.items.map((e: TrainingEvent) => (
                <tr key={e.id}>
                  <th scope="row">
                    {pick(i18n, e.title)}
                    {e.location && <span class="nrm-username">{e.location}</span>}
                  </th>
                  <td>
                    {formatDate(i18n, e.starts_on)} – {formatDate(i18n, e.ends_on)}
                  </td>
                  <td>{e.topics.map(topicName).join(', ')}</td>
                  <td>
                    {agencies.name(e.organiser_agency_id)}
                    {e.funding_donor_id && (
                      <span class="nrm-username">{t('desk.training.fundedBy', { name: donorName(e.funding_donor_id) })}</span>
                    )}
                  </td>
                  <td>
                    {e.participants_total}
                    <ul class="usa-list usa-list--unstyled desk-muted">
                      {e.participants.map((p) => (
                        <li key={p.agency_id}>
                          {agencies.name(p.agency_id)}: {p.count}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {e.average_score === null
                      ? t('common.none')
                      : t('desk.training.scoreValue', { score: e.average_score.toFixed(1), n: e.evaluations })}
                  </td>
                </tr>
              ))}
            </tbody>
          </TableBox>
        ))}
      {(manage || report) && (events.data?.items.length ?? 0) > 0 && (
        <SimpleForm
          id="evaluation-form"
          heading={t('desk.training.evaluate')}
          submitLabel={t('desk.training.evaluateSubmit')}
          fields={[
            {
              name: 'event',
              label: t('desk.training.event'),
              kind: 'select',
              required: true,
              options: (events.data?.items ?? []).map((e) => ({ value: e.id, label: pick(i18n, e.title) })),
            },
            {
              name: 'score',
              label: t('desk.training.scoreField'),
              kind: 'select',
              required: true,
              options: [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) })),
            },
            { name: 'comment', label: t('desk.training.comment'), kind: 'textarea', max: 2000 },
          ]}
          onSubmit={async (v: Values) => {
            await deskApi.evaluateTraining(String(v.event), {
              score: Number(v.score),
              ...(String(v.comment).trim() ? { comment: String(v.comment).trim() } : {}),
            });
            changed(t('desk.training.evaluated'));
          }}
        />
      )}
      {manage && (
        <SimpleForm
          id="event-form"
          heading={t('desk.training.addEvent')}
          submitLabel={t('desk.training.addEventSubmit')}
          fields={[
            { name: 'title_az', label: t('desk.need.titleAz'), kind: 'text', required: true, lang: 'az' },
            { name: 'title_en', label: t('desk.need.titleEn'), kind: 'text', required: true, lang: 'en' },
            { name: 'topics', label: t('desk.training.topics'), kind: 'multi', required: true, options: topicOptions },
            { name: 'starts', label: t('desk.training.starts'), kind: 'date', required: true },
            { name: 'ends', label: t('desk.training.ends'), kind: 'date', required: true },
            { name: 'organiser', label: t('desk.training.organiser'), kind: 'select', required: true, options: agencyOptions },
            {
              name: 'donor',
              label: t('desk.training.funder'),
              kind: 'select',
              empty: t('desk.common.noneChosen'),
              options: (donors.data?.items ?? []).map((d) => ({ value: d.id, label: pick(i18n, d.name) })),
            },
            { name: 'location', label: t('desk.meeting.location'), kind: 'text' },
            ...SLOTS.flatMap((n) => [
              {
                name: `pa${n}`,
                label: t('desk.training.participantAgency', { n }),
                kind: 'select' as const,
                empty: t('desk.common.noneChosen'),
                options: agencyOptions,
              },
              {
                name: `pc${n}`,
                label: t('desk.training.participantCount', { n }),
                kind: 'number' as const,
                hint: t('desk.training.countHint'),
              },
            ]),
          ]}
          check={(v) => {
            const errs: Record<string, string> = {};
            if (v.starts && v.ends && String(v.ends) < String(v.starts)) errs.ends = t('desk.training.endsBeforeStarts');
            for (const n of SLOTS) if (v[`pa${n}`] && !String(v[`pc${n}`]).trim()) errs[`pc${n}`] = t('desk.form.required');
            return errs;
          }}
          onSubmit={async (v: Values) => {
            const participants = SLOTS.filter((n) => v[`pa${n}`]).map((n) => ({
              agency_id: String(v[`pa${n}`]),
              count: Math.round(Number(v[`pc${n}`])),
            }));
            await deskApi.createTrainingEvent({
              title_az: String(v.title_az).trim(),
              title_en: String(v.title_en).trim(),
              topics: v.topics as string[],
              starts_on: String(v.starts),
              ends_on: String(v.ends),
              organiser_agency_id: String(v.organiser),
              ...(v.donor ? { funding_donor_id: String(v.donor) } : {}),
              ...(String(v.location).trim() ? { location: String(v.location).trim() } : {}),
              participants,
            });
            changed(t('desk.training.eventAdded'));
          }}
        />
      )}
    </Page>
  );
}
