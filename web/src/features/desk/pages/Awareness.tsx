// Awareness raising: campaigns (lead agency, partner, period), their
// activities (film screenings, printed materials, media, school sessions:
// audience, region, reach) and their evaluation.
import { useMemo, useState } from 'preact/hooks';
import type { User } from '../../../api';
import { Alert, LiveRegion } from '../../../components/Alert';
import { Link } from '../../../components/Link';
import { Page } from '../../../components/Page';
import { useI18n } from '../../../i18n';
import { ACTIVITY_KINDS, AUDIENCES, deskApi } from '../api';
import { StackedBars } from '../components/Charts';
import { LoadState, TableBox, formatDate, pick, todayIso, useLoad } from '../components/common';
import { useAgencies } from '../../../agencies';
import { SimpleForm } from '../components/SimpleForm';
import type { Values } from '../components/SimpleForm';

export function Awareness(props: { user: User }) {
  const i18n = useI18n();
  const { t } = i18n;
  const agencies = useAgencies();
  const manage = props.user.capabilities.includes('needs.manage');
  const [notice, setNotice] = useState('');
  const [open, setOpen] = useState('');
  const campaigns = useLoad(() => deskApi.campaigns());
  const regions = useLoad(() => deskApi.regions());
  const detail = useLoad(() => (open ? deskApi.campaign(open) : Promise.resolve(null)), [open]);
  const regionName = useMemo(() => {
    const m = new Map((regions.data?.items ?? []).map((x) => [x.code, x.label]));
    return (c: string) => {
      const l = m.get(c);
      return l ? l[i18n.lang] || l.az : c;
    };
  }, [regions.data, i18n.lang]);
  const changed = (msg: string) => {
    setNotice(msg);
    campaigns.reload();
    detail.reload();
  };
  const items = campaigns.data?.items ?? [];
  const c = detail.data;

  return (
    <Page title={t('desk.awareness.title')} lead={t('desk.awareness.intro')}>
      <p>
        <Link href="/training">{t('desk.training.title')}</Link>
      </p>
      <LiveRegion>
        {notice && (
          <Alert type="success" testId="awareness-notice">
            {notice}
          </Alert>
        )}
      </LiveRegion>
      <LoadState error={campaigns.error} loading={!campaigns.data && !campaigns.error} onReload={campaigns.reload} />
      {campaigns.data &&
        (items.length === 0 ? (
          <p>{t('desk.awareness.none')}</p>
        ) : (
          <>
            <StackedBars
              id="chart-reach"
              testId="chart-reach"
              title={t('desk.awareness.reachChart')}
              series={[{ key: 'reach', label: t('desk.awareness.reach'), cls: 'value' }]}
              rows={items.map((x) => ({ label: pick(i18n, x.title), values: { reach: x.reach_total } }))}
            />
            <TableBox label={t('desk.awareness.campaigns')} testId="campaigns">
              <thead>
                <tr>
                  <th scope="col">{t('desk.awareness.campaign')}</th>
                  <th scope="col">{t('desk.training.dates')}</th>
                  <th scope="col">{t('desk.awareness.lead')}</th>
                  <th scope="col">{t('desk.awareness.activities')}</th>
                  <th scope="col">{t('desk.awareness.reach')}</th>
                  <th scope="col">{t('desk.awareness.score')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((x) => (
                  <tr key={x.id}>
                    <th scope="row">
                      <button
                        type="button"
                        class="nrm-sort"
                        aria-expanded={open === x.id ? 'true' : 'false'}
                        onClick={() => setOpen(open === x.id ? '' : x.id)}
                      >
                        {pick(i18n, x.title)}
                      </button>
                    </th>
                    <td>
                      {formatDate(i18n, x.starts_on)} – {formatDate(i18n, x.ends_on)}
                    </td>
                    <td>{agencies.name(x.lead_agency_id)}</td>
                    <td>{x.activity_count}</td>
                    <td>{x.reach_total}</td>
                    <td>{x.evaluation_score ?? t('common.none')}</td>
                  </tr>
                ))}
              </tbody>
            </TableBox>
          </>
        ))}
      {open && <LoadState error={detail.error} loading={!c && !detail.error} onReload={detail.reload} />}
      {c && (
        <section class="margin-top-3" aria-labelledby="campaign-heading">
          <h2 id="campaign-heading">{pick(i18n, c.title)}</h2>
          {c.evaluation && (
            <p class="nrm-notes">
              <strong>{t('desk.awareness.evaluation')}:</strong> {c.evaluation}
            </p>
          )}
          {(c.activities ?? []).length === 0 ? (
            <p>{t('desk.awareness.noActivities')}</p>
          ) : (
            <TableBox label={t('desk.awareness.activities')} testId="activities">
              <thead>
                <tr>
                  <th scope="col">{t('desk.awareness.heldOn')}</th>
                  <th scope="col">{t('desk.awareness.kind')}</th>
                  <th scope="col">{t('desk.awareness.audience')}</th>
                  <th scope="col">{t('desk.awareness.region')}</th>
                  <th scope="col">{t('desk.awareness.reach')}</th>
                </tr>
              </thead>
              <tbody>
                {(c.activities ?? []).map((a) => (
                  <tr key={a.id}>
                    <th scope="row">{formatDate(i18n, a.held_on)}</th>
                    <td>{i18n.codeName('desk.activity.', a.kind)}</td>
                    <td>{i18n.codeName('desk.audience.', a.audience)}</td>
                    <td>{a.region === 'other' ? a.region_text : regionName(a.region)}</td>
                    <td>{a.reach}</td>
                  </tr>
                ))}
              </tbody>
            </TableBox>
          )}
          {manage && (
            <>
              <SimpleForm
                key={`act-${c.id}`}
                id="activity-form"
                heading={t('desk.awareness.addActivity')}
                submitLabel={t('desk.awareness.addActivitySubmit')}
                initial={{ held_on: todayIso() }}
                fields={[
                  {
                    name: 'kind',
                    label: t('desk.awareness.kind'),
                    kind: 'select',
                    required: true,
                    options: ACTIVITY_KINDS.map((k) => ({ value: k, label: i18n.codeName('desk.activity.', k) })),
                  },
                  {
                    name: 'audience',
                    label: t('desk.awareness.audience'),
                    kind: 'select',
                    required: true,
                    options: AUDIENCES.map((k) => ({ value: k, label: i18n.codeName('desk.audience.', k) })),
                  },
                  {
                    name: 'region',
                    label: t('desk.awareness.region'),
                    kind: 'select',
                    required: true,
                    options: (regions.data?.items ?? []).map((r) => ({ value: r.code, label: r.label[i18n.lang] || r.label.az })),
                  },
                  {
                    name: 'region_text',
                    label: t('desk.awareness.regionText'),
                    kind: 'text',
                    hint: t('desk.awareness.regionTextHint'),
                    max: 200,
                  },
                  { name: 'held_on', label: t('desk.awareness.heldOn'), kind: 'date', required: true },
                  { name: 'reach', label: t('desk.awareness.reach'), kind: 'number', required: true },
                  { name: 'note', label: t('desk.pledge.note'), kind: 'textarea', max: 2000 },
                ]}
                check={(v) => (v.region === 'other' && !String(v.region_text).trim() ? { region_text: t('desk.form.required') } : {})}
                onSubmit={async (v: Values) => {
                  await deskApi.addActivity(c.id, {
                    kind: String(v.kind),
                    audience: String(v.audience),
                    region: String(v.region),
                    ...(String(v.region_text).trim() ? { region_text: String(v.region_text).trim() } : {}),
                    held_on: String(v.held_on),
                    reach: Math.round(Number(v.reach)),
                    ...(String(v.note).trim() ? { note: String(v.note).trim() } : {}),
                  });
                  changed(t('desk.awareness.activityAdded'));
                }}
              />
              <SimpleForm
                key={`eval-${c.id}-${c.version}`}
                id="campaign-eval-form"
                heading={t('desk.awareness.evaluate')}
                submitLabel={t('desk.awareness.evaluateSubmit')}
                initial={{ evaluation: c.evaluation, score: c.evaluation_score === null ? '' : String(c.evaluation_score) }}
                fields={[
                  { name: 'evaluation', label: t('desk.awareness.evaluation'), kind: 'textarea', required: true, max: 4000 },
                  {
                    name: 'score',
                    label: t('desk.awareness.score'),
                    kind: 'select',
                    empty: t('desk.common.noneChosen'),
                    options: [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) })),
                  },
                ]}
                onSubmit={async (v: Values) => {
                  await deskApi.evaluateCampaign(c.id, {
                    version: c.version,
                    evaluation: String(v.evaluation).trim(),
                    evaluation_score: v.score ? Number(v.score) : null,
                  });
                  changed(t('desk.awareness.evaluated'));
                }}
              />
            </>
          )}
        </section>
      )}
      {manage && (
        <SimpleForm
          id="campaign-form"
          heading={t('desk.awareness.add')}
          submitLabel={t('desk.awareness.addSubmit')}
          fields={[
            { name: 'title_az', label: t('desk.need.titleAz'), kind: 'text', required: true, lang: 'az' },
            { name: 'title_en', label: t('desk.need.titleEn'), kind: 'text', required: true, lang: 'en' },
            { name: 'starts', label: t('desk.training.starts'), kind: 'date', required: true },
            { name: 'ends', label: t('desk.training.ends'), kind: 'date', required: true },
            {
              name: 'lead',
              label: t('desk.awareness.lead'),
              kind: 'select',
              empty: t('desk.awareness.leadDefault'),
              options: agencies.sorted.map((a) => ({ value: a.id, label: a.name[i18n.lang] || a.name.az })),
            },
          ]}
          check={(v) => (v.starts && v.ends && String(v.ends) < String(v.starts) ? { ends: t('desk.training.endsBeforeStarts') } : {})}
          onSubmit={async (v: Values) => {
            await deskApi.createCampaign({
              title_az: String(v.title_az).trim(),
              title_en: String(v.title_en).trim(),
              starts_on: String(v.starts),
              ends_on: String(v.ends),
              ...(v.lead ? { lead_agency_id: String(v.lead) } : {}),
            });
            changed(t('desk.awareness.added'));
          }}
        />
      )}
    </Page>
  );
}
