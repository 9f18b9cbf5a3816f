import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import type { Person, PersonSearch, User } from '../api';
import { LiveRegion } from '../components/Alert';
import { ClassList } from '../components/AccessBits';
import { ErrorAlert } from '../components/ErrorAlert';
import { describeError } from '../components/errors';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { useI18n } from '../i18n';
import { personName } from '../person';

type Failure = { message: string; detail?: string | undefined };

export function canCreatePersons(u: User): boolean {
  return u.capabilities.includes('persons.create') || u.capabilities.includes('screening.create');
}

/** Records as a table: reference (a link), the name only when the identity group is visible. */
export function PersonTable(props: { items: Person[]; caption: string; testId: string }) {
  const { t, formatDateTime } = useI18n();
  return (
    <div class="usa-table-container--scrollable" tabIndex={0} role="region" aria-label={props.caption}>
      <table class="usa-table usa-table--borderless nrm-table nrm-table--wrap" data-testid={props.testId}>
        <caption class="usa-sr-only">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('persons.col.reference')}</th>
            <th scope="col">{t('persons.col.name')}</th>
            <th scope="col">{t('persons.col.classes')}</th>
            <th scope="col">{t('persons.col.updated')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((p) => {
            const name = personName(p);
            return (
              <tr key={p.id} data-reference={p.reference} data-person-id={p.id}>
                <th scope="row">
                  <Link href={`/persons/${encodeURIComponent(p.id)}`} class="nrm-mono nrm-nowrap">
                    {p.reference}
                  </Link>
                </th>
                <td data-testid="person-name">
                  {name === null ? (
                    <>
                      <span aria-hidden="true">{t('common.none')}</span>
                      <span class="usa-sr-only">{t('persons.nameHidden')}</span>
                    </>
                  ) : name === '' ? (
                    <span class="text-base-dark">{t('persons.noName')}</span>
                  ) : (
                    name
                  )}
                </td>
                <td>
                  <ClassList classes={p.fields} />
                </td>
                <td>{formatDateTime(p.updated_at)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function Persons(props: { user: User }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [items, setItems] = useState<Person[] | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const [name, setName] = useState('');
  const [doc, setDoc] = useState('');
  const [phone, setPhone] = useState('');
  const [searchError, setSearchError] = useState('');
  const [searchFailure, setSearchFailure] = useState<Failure | null>(null);
  const [results, setResults] = useState<Person[] | null>(null);
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const resultsRef = useRef<HTMLHeadingElement>(null);

  const load = () => {
    setError(null);
    api
      .persons()
      .then((r) => setItems(r.items))
      .catch((e) => setError(describeError(i18n, e)));
  };
  useEffect(load, []);

  useEffect(() => {
    if (results) resultsRef.current?.focus();
  }, [results]);

  const search = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const q: PersonSearch = {};
    if (name.trim()) q.name = name.trim();
    if (doc.trim()) q.document_number = doc.trim();
    if (phone.trim()) q.phone = phone.trim();
    setSearchFailure(null);
    if (!q.name && !q.document_number && !q.phone) {
      setSearchError(t('err.searchTerm'));
      nameRef.current?.focus();
      return;
    }
    setSearchError('');
    setBusy(true);
    try {
      const r = await api.searchPersons(q);
      setResults(r.items);
    } catch (err) {
      setSearchFailure(
        err instanceof ApiError && err.status === 400
          ? { message: t('err.searchTerm'), detail: err.problem.detail }
          : describeError(i18n, err),
      );
    } finally {
      setBusy(false);
    }
  };

  const clear = () => {
    setName('');
    setDoc('');
    setPhone('');
    setResults(null);
    setSearchError('');
    setSearchFailure(null);
    nameRef.current?.focus();
  };

  const described = (id: string) => [id, searchError ? 'ps-error' : ''].filter(Boolean).join(' ');

  return (
    <Page title={t('persons.title')} lead={t('persons.intro')}>
      {canCreatePersons(props.user) && (
        <p>
          <Link href="/persons/new" class="usa-button" data-testid="new-person">
            {t('persons.new')}
          </Link>
        </p>
      )}
      <section aria-labelledby="ps-heading" class="margin-top-3">
        <h2 id="ps-heading">{t('search.heading')}</h2>
        <p id="ps-intro" class="nrm-notice">
          {t('search.intro')}
        </p>
        <form
          class="usa-form usa-form--large"
          role="search"
          aria-labelledby="ps-heading"
          onSubmit={search}
          noValidate
          data-testid="person-search"
        >
          <div class={`usa-form-group${searchError ? ' usa-form-group--error' : ''}`}>
            {searchError && (
              <span class="usa-error-message" id="ps-error" role="alert">
                {searchError}
              </span>
            )}
            <label class="usa-label" for="ps-name">
              {t('search.name')}
            </label>
            <input
              ref={nameRef}
              class="usa-input"
              id="ps-name"
              type="text"
              autocomplete="off"
              spellcheck={false}
              aria-describedby={described('ps-intro')}
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
            <label class="usa-label" for="ps-document">
              {t('search.document')}
            </label>
            <input
              class="usa-input"
              id="ps-document"
              type="text"
              autocomplete="off"
              spellcheck={false}
              value={doc}
              onInput={(e) => setDoc(e.currentTarget.value)}
            />
            <label class="usa-label" for="ps-phone">
              {t('search.phone')}
            </label>
            <span class="usa-hint" id="ps-phone-hint">
              {t('pf.phoneHint')}
            </span>
            <input
              class="usa-input"
              id="ps-phone"
              type="tel"
              autocomplete="off"
              aria-describedby="ps-phone-hint"
              value={phone}
              onInput={(e) => setPhone(e.currentTarget.value)}
            />
          </div>
          <div class="nrm-actions margin-top-2">
            <button type="submit" class="usa-button" disabled={busy}>
              {busy ? t('search.submitting') : t('search.submit')}
            </button>
            {(results || name || doc || phone) && (
              <button type="button" class="usa-button usa-button--outline" onClick={clear} data-testid="search-clear">
                {t('search.clear')}
              </button>
            )}
          </div>
        </form>
        <LiveRegion>{searchFailure && <ErrorAlert error={searchFailure} />}</LiveRegion>
        {results && (
          <div class="margin-top-3" data-testid="search-results">
            <h3 id="ps-results" ref={resultsRef} tabIndex={-1}>
              {t('search.results', { count: results.length })}
            </h3>
            {results.length === 0 ? (
              <p data-testid="search-none">{t('search.none')}</p>
            ) : (
              <PersonTable items={results} caption={t('search.caption')} testId="search-table" />
            )}
          </div>
        )}
      </section>
      <section aria-labelledby="pl-heading" class="margin-top-4">
        <h2 id="pl-heading">{t('persons.listHeading')}</h2>
        <LiveRegion>{error && <ErrorAlert error={error} onReload={load} />}</LiveRegion>
        {items === null ? (
          !error && <p role="status">{t('app.loading')}</p>
        ) : items.length === 0 ? (
          <p data-testid="persons-empty">{t('persons.empty')}</p>
        ) : (
          <>
            <p class="text-base-dark">{t('persons.count', { count: items.length })}</p>
            <PersonTable items={items} caption={t('persons.caption')} testId="persons-table" />
          </>
        )}
      </section>
    </Page>
  );
}
