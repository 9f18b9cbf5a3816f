import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api';
import type { Agency } from '../api';
import { LiveRegion } from '../components/Alert';
import { ErrorAlert } from '../components/ErrorAlert';
import { describeError } from '../components/errors';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { useI18n } from '../i18n';
import { matchesAz } from '../text';

/** Does the agency match the filter in any of its names, short names or its code? */
export function agencyMatches(a: Agency, query: string): boolean {
  if (!query.trim()) return true;
  const fields = [a.code, a.name.az, a.name.en, a.name.ru, a.short.az, a.short.en, a.short.ru];
  return fields.some((f) => f && matchesAz(f, query));
}

export function Agencies() {
  const i18n = useI18n();
  const { t, lang, collator } = i18n;
  const [items, setItems] = useState<Agency[] | null>(null);
  const [error, setError] = useState<{ message: string; detail?: string } | null>(null);
  const [query, setQuery] = useState('');

  const load = () => {
    setError(null);
    api
      .agencies()
      .then((r) => setItems(r.items))
      .catch((e) => setError(describeError(i18n, e)));
  };
  useEffect(load, []);

  const byId = useMemo(() => new Map((items ?? []).map((a) => [a.id, a])), [items]);
  const shown = useMemo(
    () =>
      (items ?? []).filter((a) => agencyMatches(a, query)).sort((a, b) => collator.compare(a.name[lang] || a.code, b.name[lang] || b.code)),
    [items, query, collator, lang],
  );

  return (
    <Page title={t('agencies.title')} lead={t('agencies.intro')}>
      <LiveRegion>{error && <ErrorAlert error={error} onReload={load} />}</LiveRegion>
      {items === null ? (
        !error && <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <form class="usa-form usa-form--large" role="search" onSubmit={(e) => e.preventDefault()}>
            <label class="usa-label" for="agency-filter">
              {t('agencies.filter')}
            </label>
            <span class="usa-hint" id="agency-filter-hint">
              {t('agencies.filterHint')}
            </span>
            <input
              class="usa-input"
              id="agency-filter"
              type="text"
              enterKeyHint="search"
              autocomplete="off"
              spellcheck={false}
              aria-describedby="agency-filter-hint agency-count"
              value={query}
              onInput={(e) => setQuery(e.currentTarget.value)}
            />
          </form>
          <p id="agency-count" class="text-base-dark" aria-live="polite" data-testid="agency-count">
            {t('agencies.count', { shown: shown.length, total: items.length })}
          </p>
          {shown.length === 0 ? (
            <p>{t('agencies.none')}</p>
          ) : (
            <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-label={t('agencies.caption')}>
              <table class="usa-table usa-table--borderless nrm-table" data-testid="agencies-table">
                <caption class="usa-sr-only">{t('agencies.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('agencies.col.name')}</th>
                    <th scope="col">{t('agencies.col.short')}</th>
                    <th scope="col">{t('agencies.col.kind')}</th>
                    <th scope="col">{t('agencies.col.parent')}</th>
                    <th scope="col">{t('agencies.col.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((a) => {
                    const parent = a.parent_id ? byId.get(a.parent_id) : undefined;
                    return (
                      <tr key={a.id} data-code={a.code}>
                        <th scope="row">
                          <Link href={`/admin/agencies/${encodeURIComponent(a.id)}`}>{a.name[lang] || a.code}</Link>
                          <span class="nrm-username nrm-mono">
                            <span class="usa-sr-only">{t('agencies.col.code')}: </span>
                            {a.code}
                          </span>
                        </th>
                        <td>{a.short[lang] || t('common.none')}</td>
                        <td>{i18n.kindName(a.kind)}</td>
                        <td>{parent ? parent.name[lang] || parent.code : t('common.none')}</td>
                        <td>{a.active ? t('agencies.active') : t('agencies.inactive')}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Page>
  );
}
