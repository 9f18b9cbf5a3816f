import { Fragment } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, GROUP_CLASSES, GROUP_FIELDS } from '../api';
import type { Agency, DocumentType, FieldGroup, Grant, GroupClass, IdentityDocument, Person, User, Capability } from '../api';
import { can } from '../api';
import { Alert, LiveRegion } from '../components/Alert';
import { AskForm } from '../components/AskForm';
import { BreakGlassForm } from '../components/BreakGlassForm';
import { ErrorAlert } from '../components/ErrorAlert';
import { describeError } from '../components/errors';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import {
  classIds,
  detailGroup,
  EMPTY_PERSON,
  fieldLabelKey,
  GroupInputs,
  identityGroup,
  PersonInputs,
  personErrors,
  personValues,
  useFieldValue,
  usePicklists,
  PersonPhoto,
} from '../components/PersonFields';
import type { PersonValues } from '../components/PersonFields';
import { takeFlash } from '../flash';
import { useI18n } from '../i18n';
import { cleanGroup, groupErrors } from '../person';

const idFor = classIds('pe');

/** The identity group's text fields (documents are shown apart). */
function textOf(id: Person['identity']): Partial<Record<string, string>> {
  const { documents: _docs, ...rest } = id ?? {};
  return rest;
}

/** The documents of a record, a legacy single one included. */
function documentsShown(p: Person): IdentityDocument[] {
  const id = p.identity ?? {};
  const docs = [...(id.documents ?? [])];
  if (id.document_number) docs.unshift({ type: (id.document_type ?? 'other') as DocumentType, number: id.document_number });
  return docs;
}

type Failure = { message: string; detail?: string | undefined };
type State = { kind: 'loading' } | { kind: 'ok'; person: Person } | { kind: 'notFound' } | { kind: 'error'; error: Failure };

/**
 * One person record: each visible field group in a summary box, a note for
 * each class the caller has no grant for, editing of the visible groups, and
 * the ways to more: an information request, emergency access, the access
 * history. A refused read looks like a missing record (the server answers 404).
 */
export function PersonPage(props: { id: string; user: User }) {
  const i18n = useI18n();
  const { t, lang, codeName, formatDateTime } = i18n;
  const may = (c: Capability) => can(props.user, c);
  const fieldValue = useFieldValue();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [notice, setNotice] = useState(() => takeFlash());
  const [editing, setEditing] = useState<GroupClass | null>(null);
  const [draft, setDraft] = useState<FieldGroup>({});
  // Identity and detail are edited with the shared person inputs.
  const [personDraft, setPersonDraft] = useState<PersonValues>(EMPTY_PERSON);
  const picklists = usePicklists();
  const [editErrors, setEditErrors] = useState<Record<string, string>>({});
  const [editFailure, setEditFailure] = useState<Failure | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const [asking, setAsking] = useState(false);
  const firstRef = useRef<HTMLElement>(null);
  const firstInput = useRef<HTMLInputElement>(null);
  const askHeading = useRef<HTMLHeadingElement>(null);
  // After emergency access the page changes from "not found" to the record: the heading takes the focus.
  const focusTitle = useRef(false);

  const load = useCallback(() => {
    api
      .person(props.id)
      .then((p) => setState({ kind: 'ok', person: p }))
      .catch((e) => {
        if (e instanceof ApiError && e.status === 404) setState({ kind: 'notFound' });
        else setState({ kind: 'error', error: describeError(i18n, e) });
      });
  }, [props.id, i18n]);

  useEffect(() => {
    load();
    api
      .agencies()
      .then((r) => setAgencies(r.items))
      .catch(() => {
        // The holding agency's name is a courtesy; its absence hides nothing.
      });
  }, []);

  useEffect(() => {
    if (editing === 'identity') firstInput.current?.focus();
    else if (editing === 'detail') document.getElementById(idFor('age_estimate'))?.focus();
    else if (editing) firstRef.current?.focus();
  }, [editing]);
  useEffect(() => {
    if (asking) askHeading.current?.focus();
  }, [asking]);
  useEffect(() => {
    if (state.kind !== 'ok' || !focusTitle.current) return;
    focusTitle.current = false;
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [state]);

  const startEdit = (cls: GroupClass, p: Person) => {
    if (cls === 'identity' || cls === 'detail') {
      setPersonDraft(personValues(p.identity, p.detail, picklists));
    } else {
      const cur: FieldGroup = p[cls] ?? {};
      const d: FieldGroup = {};
      for (const f of GROUP_FIELDS[cls]) d[f] = cur[f] ?? '';
      setDraft(d);
    }
    setEditErrors({});
    setEditFailure(null);
    setConflict(false);
    setNotice('');
    setEditing(cls);
  };

  const stopEdit = (cls: GroupClass) => {
    setEditing(null);
    setEditFailure(null);
    setConflict(false);
    setTimeout(() => document.getElementById(`edit-${cls}`)?.focus(), 0);
  };

  const reload = () => {
    setEditing(null);
    setEditFailure(null);
    setConflict(false);
    load();
  };

  const save = async (e: Event, cls: GroupClass, p: Person) => {
    e.preventDefault();
    if (saving) return;
    const shared = cls === 'identity' || cls === 'detail';
    // Only the errors of the group being edited count (the other one is not on the screen).
    const ge = shared
      ? Object.fromEntries(
          Object.entries(personErrors(personDraft, picklists, false)).filter(
            ([f]) => (cls === 'detail') === GROUP_FIELDS.detail.includes(f),
          ),
        )
      : groupErrors(cls, draft);
    const errs = Object.fromEntries(Object.entries(ge).map(([f, k]) => [f, t(k)]));
    setEditErrors(errs);
    setEditFailure(null);
    setConflict(false);
    const bad = Object.keys(errs)[0];
    if (bad) {
      document.getElementById(shared ? idFor(bad) : `pe-${cls}-${bad}`)?.focus();
      return;
    }
    setSaving(true);
    try {
      // A group is replaced as a whole: every field of it is sent, emptied ones too.
      const group = cls === 'identity' ? identityGroup(personDraft) : cls === 'detail' ? detailGroup(personDraft) : cleanGroup(draft);
      const updated = await api.updatePerson(p.id, { version: p.version, [cls]: group });
      setState({ kind: 'ok', person: updated });
      setNotice(t('person.saved', { group: codeName('class.', cls) }));
      stopEdit(cls);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setConflict(true);
        setEditFailure({ message: t('person.conflict') });
      } else if (err instanceof ApiError && (err.status === 403 || err.status === 404)) {
        setEditFailure({ message: t('person.editDenied') });
      } else {
        setEditFailure(describeError(i18n, err));
      }
    } finally {
      setSaving(false);
    }
  };

  const afterBreakGlass = (g: Grant) => {
    setNotice(t('bg.done', { time: g.expires_at ? formatDateTime(g.expires_at) : t('grants.noExpiry') }));
    focusTitle.current = true;
    load();
  };

  const back = (
    <p>
      <Link href="/persons">{t('persons.back')}</Link>
    </p>
  );
  const historyLink = (
    <Link href={`/persons/${encodeURIComponent(props.id)}/history`} data-testid="history-link">
      {t('person.history')}
    </Link>
  );
  const noticeAlert = notice && (
    <Alert type="success" slim testId="person-notice">
      {notice}
    </Alert>
  );

  if (state.kind === 'loading' || state.kind === 'error') {
    return (
      <Page title={t('persons.title')}>
        {back}
        <LiveRegion>{state.kind === 'error' && <ErrorAlert error={state.error} onReload={load} />}</LiveRegion>
        {state.kind === 'loading' && <p role="status">{t('app.loading')}</p>}
      </Page>
    );
  }

  if (state.kind === 'notFound') {
    return (
      <Page title={t('person.notFoundTitle')}>
        {back}
        <LiveRegion>{noticeAlert}</LiveRegion>
        <p data-testid="person-not-found">{t('person.notFoundText')}</p>
        {may('oversight.view') && <p>{historyLink}</p>}
        {may('break_glass') && <BreakGlassForm personId={props.id} onDone={afterBreakGlass} />}
      </Page>
    );
  }

  const p = state.person;
  const docName = (code: string) => picklists?.document_types.find((d) => d.code === code)?.label[lang] ?? codeName('ref.doc.', code);
  const countryName = (code: string) => picklists?.countries.find((c) => c.code === code)?.label[lang] ?? code;
  const docLine = (d: IdentityDocument) =>
    [
      docName(d.type),
      d.number,
      d.issuing_country ? countryName(d.issuing_country) : '',
      d.expiry ? t('pf.doc.until', { date: d.expiry }) : '',
    ]
      .filter(Boolean)
      .join(' · ');
  // An open class whose group is absent from the answer simply holds nothing yet.
  const visible = GROUP_CLASSES.filter((c) => p.fields.includes(c));
  const hidden = GROUP_CLASSES.filter((c) => !visible.includes(c));
  const owner = agencies.find((a) => a.id === p.owner_agency_id);

  return (
    <Page title={t('person.title', { reference: p.reference })}>
      {back}
      <LiveRegion>{noticeAlert}</LiveRegion>
      <h2 class="usa-sr-only">{t('person.meta')}</h2>
      <dl class="nrm-dl" data-testid="person-meta">
        <dt>{t('class.reference')}</dt>
        <dd class="nrm-mono" data-testid="person-reference">
          {p.reference}
        </dd>
        <dt>{t('person.status')}</dt>
        <dd>{codeName('personStatus.', p.status)}</dd>
        <dt>{t('person.owner')}</dt>
        <dd>{owner ? owner.name[lang] || owner.code : <span class="nrm-mono nrm-id">{p.owner_agency_id}</span>}</dd>
        <dt>{t('person.created')}</dt>
        <dd>{formatDateTime(p.created_at)}</dd>
        <dt>{t('person.updated')}</dt>
        <dd>{formatDateTime(p.updated_at)}</dd>
      </dl>

      <h2>{t('person.groups')}</h2>
      {GROUP_CLASSES.map((cls) => {
        const name = codeName('class.', cls);
        const headingId = `group-${cls}-heading`;
        if (hidden.includes(cls)) {
          return (
            <section class="nrm-hidden-group" key={cls} aria-labelledby={headingId} data-hidden-class={cls}>
              <h3 class="nrm-hidden-group__heading" id={headingId}>
                {name}
              </h3>
              <p class="margin-0">{t('person.hidden', { group: name })}</p>
              {cls === 'identity' && (
                <p class="margin-0 margin-top-1" data-testid="photo-not-shown">
                  {t('person.photoNotShown')}
                </p>
              )}
            </section>
          );
        }
        const values: Partial<Record<string, string>> = cls === 'identity' ? textOf(p.identity) : (p[cls] ?? {});
        return (
          <section class="usa-summary-box margin-bottom-3" key={cls} aria-labelledby={headingId} data-group={cls}>
            <div class="usa-summary-box__body">
              <h3 class="usa-summary-box__heading" id={headingId}>
                {name}
              </h3>
              <div class="usa-summary-box__text">
                {editing === cls ? (
                  <form class="usa-form usa-form--large" onSubmit={(e) => save(e, cls, p)} noValidate data-testid={`edit-form-${cls}`}>
                    <fieldset class="usa-fieldset">
                      <legend class="usa-sr-only">{t('person.editLegend', { group: name })}</legend>
                      {cls === 'identity' || cls === 'detail' ? (
                        <PersonInputs
                          values={personDraft}
                          errors={editErrors}
                          onChange={setPersonDraft}
                          idFor={idFor}
                          groups={[cls]}
                          picklists={picklists}
                          firstRef={firstInput}
                          quietLegends
                        />
                      ) : (
                        <GroupInputs
                          cls={cls}
                          idPrefix="pe"
                          values={draft}
                          errors={editErrors}
                          onChange={(f, v) => setDraft((d) => ({ ...d, [f]: v }))}
                          firstRef={firstRef}
                        />
                      )}
                    </fieldset>
                    <LiveRegion>
                      {editFailure && (
                        <div data-testid="edit-error">
                          <ErrorAlert error={editFailure} onReload={conflict ? reload : undefined} />
                        </div>
                      )}
                    </LiveRegion>
                    <div class="nrm-actions margin-top-2">
                      <button type="submit" class="usa-button" disabled={saving}>
                        {saving ? t('person.saving') : t('person.save')}
                      </button>
                      <button type="button" class="usa-button usa-button--outline" onClick={() => stopEdit(cls)}>
                        {t('common.cancel')}
                      </button>
                    </div>
                  </form>
                ) : (
                  <>
                    <dl class="nrm-dl margin-top-1">
                      {GROUP_FIELDS[cls].map((f) => (
                        <Fragment key={f}>
                          <dt>{t(fieldLabelKey(cls, f))}</dt>
                          <dd data-field={f} class={f === 'notes' ? 'nrm-notes' : undefined}>
                            {values[f] ? fieldValue(f, values[f]) : <span class="text-base-dark">{t('person.notRecorded')}</span>}
                          </dd>
                        </Fragment>
                      ))}
                      {cls === 'identity' && (
                        <>
                          <dt>{t('pf.identity.documents')}</dt>
                          <dd data-field="documents">
                            {documentsShown(p).length ? (
                              <ul class="usa-list usa-list--unstyled">
                                {documentsShown(p).map((d, i) => (
                                  <li key={i} data-doc={i}>
                                    {docLine(d)}
                                  </li>
                                ))}
                              </ul>
                            ) : (
                              <span class="text-base-dark">{t('pf.noDocuments')}</span>
                            )}
                          </dd>
                        </>
                      )}
                    </dl>
                    <button
                      type="button"
                      class="usa-button usa-button--outline usa-button--small nrm-button-small"
                      id={`edit-${cls}`}
                      disabled={editing !== null}
                      onClick={() => startEdit(cls, p)}
                      data-action="edit"
                    >
                      {t('person.edit')}
                      <span class="usa-sr-only">: {name}</span>
                    </button>
                    {cls === 'identity' && (
                      <PersonPhoto
                        person={p}
                        onSaved={(updated) => {
                          setState({ kind: 'ok', person: updated });
                          setNotice(t('person.photoSaved'));
                        }}
                        onConflict={load}
                      />
                    )}
                  </>
                )}
              </div>
            </div>
          </section>
        );
      })}

      <h2>{t('person.actions')}</h2>
      <ul class="usa-list">
        <li>{historyLink}</li>
        {may('info_requests.create') && hidden.length > 0 && (
          <li>
            <button
              type="button"
              class="usa-button usa-button--unstyled"
              aria-expanded={asking}
              aria-controls="person-ask"
              onClick={() => setAsking(!asking)}
              data-testid="request-info"
            >
              {t('person.requestInfo')}
            </button>
          </li>
        )}
      </ul>
      <section id="person-ask" hidden={!asking} aria-labelledby="person-ask-heading">
        {asking && (
          <>
            <h3 id="person-ask-heading" ref={askHeading} tabIndex={-1}>
              {t('person.requestHeading')}
            </h3>
            <AskForm idPrefix="pa" reference={p.reference} initialFields={hidden} />
          </>
        )}
      </section>
      {may('break_glass') && hidden.length > 0 && <BreakGlassForm personId={p.id} onDone={afterBreakGlass} />}
    </Page>
  );
}
