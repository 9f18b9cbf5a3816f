// Resources and donors: needs linked to plan items, pledges against them,
// deliveries, and the gap per item. The Coordinator sees and records
// everything; a donor sees the needs (aggregate figures, no donor named), its
// own organisation's pledges and deliveries, and pledges against a need.
import { useMemo, useState } from 'preact/hooks';
import type { User } from '../../../api';
import { Alert, LiveRegion } from '../../../components/Alert';
import { Page } from '../../../components/Page';
import { useI18n } from '../../../i18n';
import type { I18n } from '../../../i18n';
import { NEED_TYPES, deskApi } from '../api';
import type { Donor, GapLine, Need, Pledge } from '../api';
import { StackedBars } from '../components/Charts';
import { LoadState, TableBox, formatDate, pick, todayIso, useLoad } from '../components/common';
import { StatusTag } from '../../../components/StatusTag';
import { SimpleForm, toMinor } from '../components/SimpleForm';
import type { Values } from '../components/SimpleForm';
import { defaultPlan } from './PlanBoard';

/** An amount in the need's measure: money from minor units, else a quantity with its unit. */
export function amount(i18n: I18n, measure: string, n: number, currency: string | null, unit: string | null): string {
  if (measure === 'money') {
    const major = new Intl.NumberFormat(i18n.lang === 'az' ? 'en' : i18n.lang, {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).format(n / 100);
    return `${major} ${currency ?? ''}`.trim();
  }
  return `${new Intl.NumberFormat(i18n.lang === 'az' ? 'en' : i18n.lang).format(n)} ${unit ?? ''}`.trim();
}

function donorName(i18n: I18n, d: Donor | undefined): string {
  if (!d) return i18n.t('common.none');
  return i18n.lang === 'az' ? d.name.az || d.name.en : d.name.en || d.name.az;
}

export function Resources(props: { user: User }) {
  const i18n = useI18n();
  const { t } = i18n;
  const caps = props.user.capabilities;
  const manage = caps.includes('needs.manage');
  const donorUser = caps.includes('pledges.manage') && !manage;
  const [notice, setNotice] = useState('');
  const needs = useLoad(() => deskApi.needs());
  const gaps = useLoad(() => deskApi.gaps());
  const pledges = useLoad(() => deskApi.pledges());
  const deliveries = useLoad(() => deskApi.deliveries());
  const donors = useLoad(() => deskApi.donors());
  // Plan items, to name the item a need belongs to.
  const plan = useLoad(async () => {
    const ps = await deskApi.plans();
    const p = defaultPlan(ps.items);
    return p ? deskApi.plan(p.id) : null;
  });

  const itemName = useMemo(() => {
    const m = new Map((plan.data?.items ?? []).map((it) => [it.id, `${it.number}. ${pick(i18n, it.measure)}`]));
    return (id: string | null | undefined) => (id ? (m.get(id) ?? t('desk.resources.otherItem')) : t('desk.resources.noItem'));
  }, [plan.data, i18n, t]);
  const needById = useMemo(() => new Map((needs.data?.items ?? []).map((n) => [n.id, n])), [needs.data]);
  const donorById = useMemo(() => new Map((donors.data?.items ?? []).map((d) => [d.id, d])), [donors.data]);
  const needTitle = (n: Need | undefined) =>
    n ? (i18n.lang === 'az' ? n.title.az || n.title.en : n.title.en || n.title.az) : t('common.none');

  const changed = (msg: string) => {
    setNotice(msg);
    needs.reload();
    gaps.reload();
    pledges.reload();
    deliveries.reload();
    donors.reload();
  };

  const openNeeds = (needs.data?.items ?? []).filter((n) => n.status === 'open');
  const myDonor = donorUser ? donors.data?.items[0] : undefined;

  return (
    <Page title={t('desk.resources.title')} lead={donorUser ? t('desk.resources.introDonor') : t('desk.resources.intro')}>
      <LiveRegion>
        {notice && (
          <Alert type="success" testId="resources-notice">
            {notice}
          </Alert>
        )}
      </LiveRegion>
      {donorUser && donors.data && (
        <p data-testid="donor-org">
          {myDonor ? t('desk.resources.yourOrg', { name: donorName(i18n, myDonor) }) : t('desk.resources.noOrg')}
        </p>
      )}

      <h2>{t('desk.resources.gapHeading')}</h2>
      <LoadState error={gaps.error} loading={!gaps.data && !gaps.error} onReload={gaps.reload} />
      {gaps.data && <GapView lines={gaps.data.by_plan_item} totals={gaps.data.totals} itemName={itemName} />}

      <h2>{t('desk.resources.needs')}</h2>
      <LoadState error={needs.error} loading={!needs.data && !needs.error} onReload={needs.reload} />
      {needs.data &&
        (needs.data.items.length === 0 ? (
          <p>{t('desk.resources.noNeeds')}</p>
        ) : (
          <TableBox label={t('desk.resources.needs')} testId="needs">
            <thead>
              <tr>
                <th scope="col">{t('desk.need.title')}</th>
                <th scope="col">{t('desk.need.type')}</th>
                <th scope="col">{t('desk.need.item')}</th>
                <th scope="col">{t('desk.need.required')}</th>
                <th scope="col">{t('desk.need.pledged')}</th>
                <th scope="col">{t('desk.need.delivered')}</th>
                <th scope="col">{t('desk.need.gap')}</th>
                <th scope="col">{t('desk.need.status')}</th>
              </tr>
            </thead>
            <tbody>
              {needs.data.items.map((n) => {
                const a = (x: number) => amount(i18n, n.measure, x, n.currency, n.unit);
                return (
                  <tr key={n.id} data-need-id={n.id}>
                    <th scope="row">{needTitle(n)}</th>
                    <td>{i18n.codeName('desk.needType.', n.type)}</td>
                    <td>{itemName(n.plan_item_id)}</td>
                    <td>{a(n.required)}</td>
                    <td>{a(n.pledged)}</td>
                    <td>
                      {a(n.delivered)} <span class="desk-muted">({n.coverage_percent}%)</span>
                    </td>
                    <td>{a(n.gap)}</td>
                    <td>
                      <StatusTag palette="desk-status" prefix="desk.needStatus." code={n.status} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </TableBox>
        ))}

      <h2>{donorUser ? t('desk.resources.ownPledges') : t('desk.resources.pledges')}</h2>
      <LoadState error={pledges.error} loading={!pledges.data && !pledges.error} onReload={pledges.reload} />
      {pledges.data && (
        <PledgeTable
          pledges={pledges.data.items}
          needTitle={(id) => needTitle(needById.get(id))}
          donor={(id) => donorName(i18n, donorById.get(id))}
        />
      )}

      <h2>{donorUser ? t('desk.resources.ownDeliveries') : t('desk.resources.deliveries')}</h2>
      <LoadState error={deliveries.error} loading={!deliveries.data && !deliveries.error} onReload={deliveries.reload} />
      {deliveries.data &&
        (deliveries.data.items.length === 0 ? (
          <p>{t('desk.resources.noDeliveries')}</p>
        ) : (
          <TableBox label={t('desk.resources.deliveries')} testId="deliveries">
            <thead>
              <tr>
                <th scope="col">{t('desk.delivery.on')}</th>
                <th scope="col">{t('desk.pledge.need')}</th>
                <th scope="col">{t('desk.pledge.donor')}</th>
                <th scope="col">{t('desk.pledge.amount')}</th>
                <th scope="col">{t('desk.pledge.note')}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.items.map((d) => {
                const n = needById.get(d.need_id);
                return (
                  <tr key={d.id}>
                    <th scope="row">{formatDate(i18n, d.delivered_on)}</th>
                    <td>{needTitle(n)}</td>
                    <td>{donorName(i18n, donorById.get(d.donor_id))}</td>
                    <td>{n ? amount(i18n, n.measure, d.amount, n.currency, n.unit) : d.amount}</td>
                    <td>{d.note || t('common.none')}</td>
                  </tr>
                );
              })}
            </tbody>
          </TableBox>
        ))}

      {(manage || (donorUser && myDonor)) && openNeeds.length > 0 && (
        <SimpleForm
          id="pledge-form"
          heading={t('desk.pledge.add')}
          submitLabel={t('desk.pledge.submit')}
          fields={[
            {
              name: 'need',
              label: t('desk.pledge.need'),
              kind: 'select',
              required: true,
              options: openNeeds.map((n) => ({ value: n.id, label: `${needTitle(n)} (${n.measure === 'money' ? n.currency : n.unit})` })),
            },
            ...(manage
              ? [
                  {
                    name: 'donor',
                    label: t('desk.pledge.donor'),
                    kind: 'select' as const,
                    required: true,
                    options: (donors.data?.items ?? []).map((d) => ({ value: d.id, label: donorName(i18n, d) })),
                  },
                ]
              : []),
            { name: 'amount', label: t('desk.pledge.amount'), kind: 'number', required: true, hint: t('desk.pledge.amountHint') },
            { name: 'note', label: t('desk.pledge.note'), kind: 'textarea', max: 2000 },
          ]}
          onSubmit={async (v: Values) => {
            const n = needById.get(String(v.need));
            if (!n) return;
            await deskApi.createPledge({
              need_id: n.id,
              ...(manage ? { donor_id: String(v.donor) } : {}),
              ...(n.measure === 'money'
                ? { currency: n.currency ?? undefined, amount_minor: toMinor(String(v.amount)) }
                : { quantity: Math.round(Number(v.amount)) }),
              ...(String(v.note).trim() ? { note: String(v.note).trim() } : {}),
            });
            changed(t('desk.pledge.added'));
          }}
        />
      )}
      {(manage || donorUser) && (pledges.data?.items ?? []).some((p) => p.status === 'pledged' && p.delivered < p.amount) && (
        <SimpleForm
          id="delivery-form"
          heading={t('desk.delivery.add')}
          submitLabel={t('desk.delivery.submit')}
          initial={{ on: todayIso() }}
          fields={[
            {
              name: 'pledge',
              label: t('desk.delivery.pledge'),
              kind: 'select',
              required: true,
              options: (pledges.data?.items ?? [])
                .filter((p) => p.status === 'pledged' && p.delivered < p.amount)
                .map((p) => ({
                  value: p.id,
                  label: `${needTitle(needById.get(p.need_id))} · ${donorName(i18n, donorById.get(p.donor_id))} · ${amount(i18n, p.measure, p.amount, p.currency, p.unit)}`,
                })),
            },
            { name: 'amount', label: t('desk.pledge.amount'), kind: 'number', required: true, hint: t('desk.pledge.amountHint') },
            { name: 'on', label: t('desk.delivery.on'), kind: 'date', required: true },
            { name: 'note', label: t('desk.pledge.note'), kind: 'textarea', max: 2000 },
          ]}
          onSubmit={async (v: Values) => {
            const p = (pledges.data?.items ?? []).find((x) => x.id === v.pledge);
            if (!p) return;
            await deskApi.createDelivery({
              pledge_id: p.id,
              ...(p.measure === 'money' ? { amount_minor: toMinor(String(v.amount)) } : { quantity: Math.round(Number(v.amount)) }),
              delivered_on: String(v.on),
              ...(String(v.note).trim() ? { note: String(v.note).trim() } : {}),
            });
            changed(t('desk.delivery.added'));
          }}
        />
      )}
      {manage && (
        <>
          <SimpleForm
            id="need-form"
            heading={t('desk.need.add')}
            submitLabel={t('desk.need.submit')}
            fields={[
              {
                name: 'type',
                label: t('desk.need.type'),
                kind: 'select',
                required: true,
                options: NEED_TYPES.map((x) => ({ value: x, label: i18n.codeName('desk.needType.', x) })),
              },
              { name: 'title_az', label: t('desk.need.titleAz'), kind: 'text', required: true, lang: 'az' },
              { name: 'title_en', label: t('desk.need.titleEn'), kind: 'text', required: true, lang: 'en' },
              { name: 'description_az', label: t('desk.need.descriptionAz'), kind: 'textarea', lang: 'az' },
              {
                name: 'item',
                label: t('desk.need.item'),
                kind: 'select',
                empty: t('desk.resources.noItem'),
                options: (plan.data?.items ?? []).map((it) => ({ value: it.id, label: `${it.number}. ${pick(i18n, it.measure)}` })),
              },
              { name: 'currency', label: t('desk.need.currency'), kind: 'text', hint: t('desk.need.currencyHint'), max: 3 },
              { name: 'unit', label: t('desk.need.unit'), kind: 'text', hint: t('desk.need.unitHint'), max: 40 },
              { name: 'amount', label: t('desk.need.required'), kind: 'number', required: true, hint: t('desk.pledge.amountHint') },
            ]}
            check={(v) => {
              const cur = String(v.currency).trim();
              const unit = String(v.unit).trim();
              if (!cur === !unit) return { currency: t('desk.need.measureOne') };
              if (cur && !/^[A-Za-z]{3}$/.test(cur)) return { currency: t('desk.need.currencyHint') };
              return {};
            }}
            onSubmit={async (v: Values) => {
              const cur = String(v.currency).trim().toUpperCase();
              await deskApi.createNeed({
                type: String(v.type) as Need['type'],
                title_az: String(v.title_az).trim(),
                title_en: String(v.title_en).trim(),
                ...(String(v.description_az).trim() ? { description_az: String(v.description_az).trim() } : {}),
                ...(v.item ? { plan_item_id: String(v.item) } : {}),
                ...(cur
                  ? { currency: cur, amount_minor: toMinor(String(v.amount)) }
                  : { unit: String(v.unit).trim(), quantity: Math.round(Number(v.amount)) }),
              });
              changed(t('desk.need.added'));
            }}
          />
          <DonorAdmin donors={donors.data?.items ?? []} onChanged={changed} />
        </>
      )}
    </Page>
  );
}

function PledgeTable(props: { pledges: Pledge[]; needTitle: (id: string) => string; donor: (id: string) => string }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (props.pledges.length === 0) return <p>{t('desk.resources.noPledges')}</p>;
  return (
    <TableBox label={t('desk.resources.pledges')} testId="pledges">
      <thead>
        <tr>
          <th scope="col">{t('desk.pledge.need')}</th>
          <th scope="col">{t('desk.pledge.donor')}</th>
          <th scope="col">{t('desk.pledge.amount')}</th>
          <th scope="col">{t('desk.need.delivered')}</th>
          <th scope="col">{t('desk.need.status')}</th>
        </tr>
      </thead>
      <tbody>
        {props.pledges.map((p) => (
          <tr key={p.id} data-pledge-id={p.id} data-donor-id={p.donor_id}>
            <th scope="row">{props.needTitle(p.need_id)}</th>
            <td data-testid="pledge-donor">{props.donor(p.donor_id)}</td>
            <td>{amount(i18n, p.measure, p.amount, p.currency, p.unit)}</td>
            <td>{amount(i18n, p.measure, p.delivered, p.currency, p.unit)}</td>
            <td>
              <StatusTag palette="desk-status" prefix="desk.pledgeStatus." code={p.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </TableBox>
  );
}

function GapView(props: { lines: GapLine[]; totals: GapLine[]; itemName: (id: string | null | undefined) => string }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (props.lines.length === 0) return <p>{t('desk.resources.noNeeds')}</p>;
  // One chart per measure: money in one currency is not added to another.
  const measures = [...new Set(props.lines.map((l) => `${l.measure}|${l.currency ?? l.unit ?? ''}`))];
  return (
    <>
      {measures.map((m) => {
        const [measure, what] = m.split('|') as [string, string];
        const lines = props.lines.filter((l) => l.measure === measure && (l.currency ?? l.unit ?? '') === what);
        const scale = measure === 'money' ? 100 : 1;
        return (
          <StackedBars
            key={m}
            id={`chart-gap-${what}`}
            testId="chart-gap"
            title={t('desk.resources.gapChart', { what })}
            series={[
              { key: 'delivered', label: t('desk.need.delivered'), cls: 'done' },
              { key: 'gap', label: t('desk.need.gap'), cls: 'blocked' },
            ]}
            rows={lines.map((l) => ({
              label: props.itemName(l.plan_item_id),
              values: { delivered: Math.min(l.delivered, l.required) / scale, gap: l.gap / scale },
            }))}
          />
        );
      })}
      <ul class="desk-stats" aria-label={t('desk.resources.totals')}>
        {props.totals.map((l) => (
          <li key={`${l.measure}-${l.currency ?? l.unit}`}>
            <span class="desk-stat__value">{amount(i18n, l.measure, l.gap, l.currency, l.unit)}</span>
            {t('desk.resources.totalGap', { needs: l.needs })}
          </li>
        ))}
      </ul>
    </>
  );
}

function DonorAdmin(props: { donors: Donor[]; onChanged: (msg: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <>
      <h2>{t('desk.donor.heading')}</h2>
      {props.donors.length === 0 ? (
        <p>{t('desk.donor.none')}</p>
      ) : (
        <ul data-testid="donors">
          {props.donors.map((d) => (
            <li key={d.id}>
              {donorName(i18n, d)} · {i18n.codeName('desk.donorKind.', d.kind)}
              {d.country ? ` · ${d.country}` : ''}
            </li>
          ))}
        </ul>
      )}
      <SimpleForm
        id="donor-form"
        heading={t('desk.donor.add')}
        submitLabel={t('desk.donor.submit')}
        fields={[
          { name: 'name_az', label: t('desk.donor.nameAz'), kind: 'text', required: true, lang: 'az' },
          { name: 'name_en', label: t('desk.donor.nameEn'), kind: 'text', required: true, lang: 'en' },
          {
            name: 'kind',
            label: t('desk.donor.kind'),
            kind: 'select',
            required: true,
            options: (['donor', 'international', 'ngo', 'government', 'other'] as const).map((k) => ({
              value: k,
              label: i18n.codeName('desk.donorKind.', k),
            })),
          },
          { name: 'country', label: t('desk.donor.country'), kind: 'text', hint: t('desk.donor.countryHint'), max: 2 },
        ]}
        check={(v) =>
          String(v.country).trim() && !/^[A-Za-z]{2}$/.test(String(v.country).trim()) ? { country: t('desk.donor.countryHint') } : {}
        }
        onSubmit={async (v) => {
          const c = String(v.country).trim().toUpperCase();
          await deskApi.createDonor({
            name_az: String(v.name_az).trim(),
            name_en: String(v.name_en).trim(),
            kind: String(v.kind) as Donor['kind'],
            ...(c ? { country: c } : {}),
          });
          props.onChanged(t('desk.donor.added'));
        }}
      />
      {props.donors.length > 0 && (
        <SimpleForm
          id="member-form"
          heading={t('desk.donor.link')}
          submitLabel={t('desk.donor.linkSubmit')}
          fields={[
            {
              name: 'donor',
              label: t('desk.pledge.donor'),
              kind: 'select',
              required: true,
              options: props.donors.map((d) => ({ value: d.id, label: donorName(i18n, d) })),
            },
            {
              name: 'username',
              label: t('desk.donor.username'),
              kind: 'text',
              required: true,
              hint: t('desk.donor.usernameHint'),
              max: 64,
            },
          ]}
          onSubmit={async (v) => {
            await deskApi.addDonorMember(String(v.donor), String(v.username).trim());
            props.onChanged(t('desk.donor.linked'));
          }}
        />
      )}
    </>
  );
}
