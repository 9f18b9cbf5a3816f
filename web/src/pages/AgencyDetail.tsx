import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api';
import type { Agency } from '../api';
import { Alert, LiveRegion } from '../components/Alert';
import { ErrorAlert } from '../components/ErrorAlert';
import { describeError } from '../components/errors';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { useI18n } from '../i18n';
import type { Lang } from '../i18n';

export function AgencyDetail(props: { id: string }) {
  const i18n = useI18n();
  const { t, lang, collator } = i18n;
  const [items, setItems] = useState<Agency[] | null>(null);
  const [error, setError] = useState<{ message: string; detail?: string } | null>(null);

  useEffect(() => {
    api
      .agencies()
      .then((r) => setItems(r.items))
      .catch((e) => setError(describeError(i18n, e)));
  }, []);

  const agency = items?.find((a) => a.id === props.id) ?? null;
  const parent = agency?.parent_id ? items?.find((a) => a.id === agency.parent_id) : undefined;
  const children = useMemo(
    () => (items ?? []).filter((a) => agency && a.parent_id === agency.id).sort((a, b) => collator.compare(a.name[lang], b.name[lang])),
    [items, agency, collator, lang],
  );

  const back = (
    <p>
      <Link href="/admin/agencies">{t('agency.back')}</Link>
    </p>
  );
  if (error || items === null) {
    return (
      <Page title={t('agencies.title')}>
        {back}
        <LiveRegion>{error && <ErrorAlert error={error} />}</LiveRegion>
        {!error && <p role="status">{t('app.loading')}</p>}
      </Page>
    );
  }
  if (!agency) {
    return <Page title={t('agency.notFound')}>{back}</Page>;
  }
  const langs: { code: Lang; label: string }[] = [
    { code: 'az', label: t('agency.langAz') },
    { code: 'en', label: t('agency.langEn') },
    { code: 'ru', label: t('agency.langRu') },
  ];
  return (
    <Page title={agency.name[lang] || agency.code}>
      {back}
      <Alert type="info" slim>
        {t('agency.readOnly')}
      </Alert>
      <h2>{t('agency.details')}</h2>
      <dl class="nrm-dl">
        <dt>{t('agencies.col.code')}</dt>
        <dd class="nrm-mono">{agency.code}</dd>
        <dt>{t('agencies.col.kind')}</dt>
        <dd>{i18n.kindName(agency.kind)}</dd>
        <dt>{t('agencies.col.parent')}</dt>
        <dd>
          {parent ? (
            <Link href={`/admin/agencies/${encodeURIComponent(parent.id)}`}>{parent.name[lang] || parent.code}</Link>
          ) : (
            t('common.none')
          )}
        </dd>
        <dt>{t('agencies.col.status')}</dt>
        <dd>{agency.active ? t('agencies.active') : t('agencies.inactive')}</dd>
      </dl>
      <h2>{t('agency.names')}</h2>
      <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-label={t('agency.names')}>
        <table class="usa-table usa-table--borderless nrm-table">
          <caption class="usa-sr-only">{t('agency.names')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('lang.label')}</th>
              <th scope="col">{t('agency.name')}</th>
              <th scope="col">{t('agencies.col.short')}</th>
            </tr>
          </thead>
          <tbody>
            {langs.map((l) => (
              <tr key={l.code}>
                <th scope="row">{l.label}</th>
                <td lang={l.code}>{agency.name[l.code] || t('common.none')}</td>
                <td lang={l.code}>{agency.short[l.code] || t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {children.length > 0 && (
        <>
          <h2>{t('agency.children')}</h2>
          <ul class="usa-list">
            {children.map((c) => (
              <li key={c.id}>
                <Link href={`/admin/agencies/${encodeURIComponent(c.id)}`}>{c.name[lang] || c.code}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}
