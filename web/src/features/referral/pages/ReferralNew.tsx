// The referral form of a border post, made for a phone: the screening
// (indicators by dimension, forms of exploitation, outcome), the duplicate
// check, the person, the circumstances, attachments; then one submission that
// is retried until the server takes it (outbox.ts). What was typed lives in
// this component's state only, never in the browser's storage, and is
// cleared once the referral is sent.
import { useAgencies } from '../../../agencies';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../../api';
import { Alert, LiveRegion } from '../../../components/Alert';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { describeError } from '../../../components/errors';
import { Link } from '../../../components/Link';
import { Page } from '../../../components/Page';
import { useI18n } from '../../../i18n';
import { referralApi } from '../api';
import type { AttachmentInput, IndicatorSet, Outcome, PersonGroups, Referral, Screening } from '../api';
import {
  FILE_TYPES,
  formatBytes,
  label,
  MAX_FILE_BYTES,
  MAX_FILES,
  MAX_TOTAL_BYTES,
  req,
  sniffType,
  toBase64,
  useCatalogue,
} from '../bits';
import type { FileType } from '../bits';
import { DuplicateCheck } from '../components/DuplicateCheck';
import { EMPTY_PERSON, PersonInputs, personErrors as checkPerson, personGroups, usePicklists } from '../components/PersonInputs';
import { photoProblem } from '../../../components/PersonFields';
import { PHOTO_TYPES } from '../../../api';
import type { PersonValues } from '../components/PersonInputs';
import { outbox } from '../outbox';
import type { OutboxState } from '../outbox';

interface PickedFile {
  key: number;
  file: File;
  type: FileType;
}

type Field = 'set' | 'indicators' | 'outcome' | 'circumstances' | 'files' | 'person';

function useOutbox(): OutboxState {
  const [s, setS] = useState<OutboxState>(outbox.current());
  useEffect(() => outbox.subscribe(setS), []);
  return s;
}

export function ReferralNew() {
  const i18n = useI18n();
  const { t, lang, codeName } = i18n;
  const { catalogue, error: catError } = useCatalogue();
  const agencyName = useAgencies().name;
  const box = useOutbox();

  const [population, setPopulation] = useState<'adult' | 'child' | ''>('');
  const [exploitation, setExploitation] = useState<'labour' | 'sexual' | ''>('');
  const [indicators, setIndicators] = useState<string[]>([]);
  const [forms, setForms] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [notes, setNotes] = useState('');
  const [person, setPerson] = useState<PersonValues>(EMPTY_PERSON);
  const [personErrors, setPersonErrors] = useState<Record<string, string>>({});
  const picklists = usePicklists();
  // The person's photo: a File in memory only, like everything else typed here.
  const [photo, setPhoto] = useState<File | null>(null);
  const [photoError, setPhotoError] = useState('');
  const photoInput = useRef<HTMLInputElement>(null);
  const [circumstances, setCircumstances] = useState('');
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [fileNote, setFileNote] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const fileKey = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const refs: Record<Field, { current: HTMLElement | null }> = {
    set: useRef<HTMLInputElement>(null),
    indicators: useRef<HTMLElement>(null),
    outcome: useRef<HTMLInputElement>(null),
    circumstances: useRef<HTMLTextAreaElement>(null),
    files: fileInput,
    person: useRef<HTMLInputElement>(null),
  };
  const statusRef = useRef<HTMLDivElement>(null);

  const set: IndicatorSet | undefined = useMemo(
    () => catalogue?.sets.find((s) => s.population === population && s.exploitation === exploitation),
    [catalogue, population, exploitation],
  );
  const refer = outcome === 'presumed_victim';
  const busy = box.kind === 'sending' || box.kind === 'waiting';

  // A typed but unsent form, or a submission waiting for the network: a
  // reload or a closed tab would lose it (it is in memory only), so ask first.
  const dirty =
    busy || indicators.length > 0 || circumstances.trim() !== '' || Object.keys(personGroups(person)).length > 0 || photo !== null;
  useEffect(() => {
    if (!dirty) return;
    const h = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', h);
    return () => window.removeEventListener('beforeunload', h);
  }, [dirty]);

  // Leaving the page after a success: the next visit starts clean (the
  // notice names a referral the next user of this browser need not see).
  useEffect(
    () => () => {
      if (outbox.current().kind === 'done') outbox.clear();
    },
    [],
  );

  // The submission finished: forget everything typed.
  useEffect(() => {
    if (box.kind !== 'done') return;
    reset();
    statusRef.current?.focus();
  }, [box.kind]);

  const reset = () => {
    setPopulation('');
    setExploitation('');
    setIndicators([]);
    setForms([]);
    setOutcome('');
    setNotes('');
    setPerson(EMPTY_PERSON);
    setPhoto(null);
    setPhotoError('');
    if (photoInput.current) photoInput.current.value = '';
    setCircumstances('');
    setFiles([]);
    setFileNote('');
    if (fileInput.current) fileInput.current.value = '';
  };

  const toggle = (setList: (f: (l: string[]) => string[]) => void, code: string, on: boolean) => {
    setList((l) => (on ? (l.includes(code) ? l : [...l, code]) : l.filter((c) => c !== code)));
  };

  const pickPhoto = async (e: Event) => {
    const f = (e.currentTarget as HTMLInputElement).files?.[0] ?? null;
    let problem = f ? photoProblem(f) : null;
    // The bytes must be the image the file claims to be (the server checks again).
    if (f && !problem && (await sniffType(f)) !== f.type) problem = 'person.photoType';
    setPhotoError(problem ? t(problem) : '');
    setPhoto(problem ? null : f);
    if (problem && photoInput.current) photoInput.current.value = '';
  };

  const pickFiles = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const chosen = Array.from(input.files ?? []);
    input.value = '';
    const refused: string[] = [];
    const add: PickedFile[] = [];
    let total = files.reduce((n, f) => n + f.file.size, 0);
    for (const f of chosen) {
      if (files.length + add.length >= MAX_FILES) {
        refused.push(t('ref.file.tooMany', { name: f.name, max: MAX_FILES }));
        continue;
      }
      if (f.size > MAX_FILE_BYTES) {
        refused.push(t('ref.file.tooBig', { name: f.name, max: formatBytes(MAX_FILE_BYTES, lang) }));
        continue;
      }
      if (f.size === 0) {
        refused.push(t('ref.file.empty', { name: f.name }));
        continue;
      }
      if (total + f.size > MAX_TOTAL_BYTES) {
        refused.push(t('ref.file.totalTooBig', { name: f.name, max: formatBytes(MAX_TOTAL_BYTES, lang) }));
        continue;
      }
      const type = await sniffType(f);
      if (!type) {
        refused.push(t('ref.file.badType', { name: f.name }));
        continue;
      }
      total += f.size;
      add.push({ key: ++fileKey.current, file: f, type });
    }
    setFiles((cur) => [...cur, ...add]);
    setErrors((er) => ({ ...er, files: refused.length ? refused.join(' ') : undefined }));
    setFileNote(add.length ? t('ref.file.added', { count: add.length }) : '');
  };

  // The duplicate check reads the names and the birth date only.
  const dupIdentity = {
    given_names: person.given_names,
    family_name: person.family_name,
    patronymic: person.patronymic,
    other_names: person.other_names,
    birth_date: person.birth_date,
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const errs: Partial<Record<Field, string>> = {};
    if (!set) errs.set = t('ref.err.set');
    if (!outcome) errs.outcome = t('ref.err.outcome');
    let pErrs: Record<string, string> = {};
    let personInput: PersonGroups = {};
    if (refer) {
      if (circumstances.trim() === '') errs.circumstances = t('ref.err.circumstances');
      pErrs = Object.fromEntries(Object.entries(checkPerson(person, picklists)).map(([f, k]) => [f, t(k)]));
      personInput = personGroups(person);
      if (Object.keys(personInput).length === 0) errs.person = t('ref.err.person');
    }
    setErrors((er) => ({ ...errs, files: er.files }));
    setPersonErrors(pErrs);
    // The focus goes to the first problem, in the order of the form.
    const badPerson = Object.keys(pErrs)[0];
    const targets: (HTMLElement | null | undefined)[] = [
      errs.set ? refs.set.current : null,
      errs.outcome ? refs.outcome.current : null,
      errs.person ? refs.person.current : null,
      // Error keys are the inputs' ids after "rp-".
      badPerson ? document.getElementById(`rp-${badPerson}`) : null,
      errs.circumstances ? refs.circumstances.current : null,
    ];
    const target = targets.find(Boolean);
    if (target || Object.keys(errs).length > 0 || badPerson) {
      target?.focus();
      return;
    }

    // What is sent is fixed now; the steps below close over copies, so the
    // officer may go on typing (or the form may be reset) without changing a
    // submission already under way.
    const screening = {
      indicators: [...indicators].filter((c) => set?.indicators.some((i) => i.code === c)),
      forms_of_exploitation: [...forms],
      outcome: outcome as Outcome,
      ...(notes.trim() ? { notes: notes.trim() } : {}),
    };
    const text = circumstances.trim();
    const picked = [...files];
    const pickedPhoto = refer ? photo : null;
    if (!refer) {
      outbox.submit([{ name: 'screening', run: () => referralApi.createScreening(screening) }], (r) => {
        const s = r.get('screening') as Screening;
        return { what: 'screening', id: s.id, reference: s.reference };
      });
      return;
    }
    let referralTried = false;
    outbox.submit(
      [
        { name: 'screening', run: () => referralApi.createScreening(screening) },
        {
          name: 'referral',
          run: async (r) => {
            const s = r.get('screening') as Screening;
            // The API has no idempotency key: if an earlier attempt's answer
            // was lost on the way back, the screening already names the
            // referral it made, and sending again would make a second one.
            if (referralTried) {
              const again = await referralApi.screening(s.id);
              if (again.referral_id) return referralApi.get(again.referral_id);
            }
            referralTried = true;
            const attachments: AttachmentInput[] = [];
            for (const f of picked)
              attachments.push({ filename: f.file.name.slice(0, 200), content_type: f.type, data_base64: await toBase64(f.file) });
            return referralApi.refer({
              kind: 'spu',
              screening_id: s.id,
              person: personInput,
              circumstances: text,
              ...(attachments.length ? { attachments } : {}),
              ...(pickedPhoto
                ? { photo: { content_type: pickedPhoto.type as (typeof PHOTO_TYPES)[number], data_base64: await toBase64(pickedPhoto) } }
                : {}),
            });
          },
        },
      ],
      (r) => {
        const ref = r.get('referral') as Referral;
        return { what: 'referral', id: ref.id, reference: ref.reference };
      },
    );
  };

  const group = (f: Field) => `usa-form-group${errors[f] ? ' usa-form-group--error' : ''}`;
  const err = (f: Field, id: string) =>
    errors[f] ? (
      <span class="usa-error-message" id={id}>
        {errors[f]}
      </span>
    ) : null;

  let status = null;
  if (box.kind === 'sending') {
    status = (
      <Alert type="info" slim testId="outbox-status">
        {box.attempt > 1 ? t('ref.out.retrying', { attempt: box.attempt }) : t('ref.out.sending')}
      </Alert>
    );
  } else if (box.kind === 'waiting') {
    status = (
      <Alert type="warning" heading={box.offline ? t('ref.out.offlineHeading') : t('ref.out.serverHeading')} testId="outbox-status">
        <p class="margin-0" data-outbox="waiting">
          {t('ref.out.willRetry', { seconds: Math.max(1, Math.round((box.retryAt - Date.now()) / 1000)) })}
        </p>
        <p class="margin-bottom-0">{t('ref.out.keep')}</p>
        <button type="button" class="usa-button usa-button--outline margin-top-1" onClick={() => outbox.retryNow()}>
          {t('ref.out.retryNow')}
        </button>
      </Alert>
    );
  } else if (box.kind === 'failed') {
    const e = box.error;
    const fields = e instanceof ApiError ? (e.problem.errors ?? []) : [];
    status = (
      <div data-testid="outbox-status" data-outbox="failed">
        <ErrorAlert error={describeError(i18n, e)} />
        {fields.length > 0 && (
          <ul class="usa-list">
            {fields.map((f) => (
              <li key={f.field}>
                <span class="nrm-mono">{f.field}</span>: {f.detail}
              </li>
            ))}
          </ul>
        )}
        <div class="nrm-actions">
          <button type="button" class="usa-button" onClick={() => outbox.retryNow()}>
            {t('ref.out.retryNow')}
          </button>
          <button type="button" class="usa-button usa-button--outline" onClick={() => outbox.clear()}>
            {t('ref.out.discard')}
          </button>
        </div>
      </div>
    );
  } else if (box.kind === 'done') {
    const sent = box.result;
    status = (
      <Alert type="success" heading={t('ref.out.doneHeading')} testId="outbox-status">
        {sent.what === 'referral' ? (
          <>
            <p class="margin-0" data-outbox="done">
              {t('ref.out.doneReferral', { reference: sent.reference })}
            </p>
            <p class="margin-bottom-0">
              <Link href={`/referrals/${encodeURIComponent(sent.id)}`} data-testid="sent-referral-link">
                {t('ref.out.openStatus')}
              </Link>
            </p>
          </>
        ) : (
          <p class="margin-0" data-outbox="done">
            {t('ref.out.doneScreening', { reference: sent.reference })}
          </p>
        )}
      </Alert>
    );
  }

  const dims = catalogue?.dimensions ?? [];
  const strengths = catalogue?.strengths ?? {};

  return (
    <Page title={t('ref.new.title')} lead={t('ref.new.lead')}>
      <div ref={statusRef} tabIndex={-1} class="nrm-ref-status">
        <LiveRegion>{status}</LiveRegion>
      </div>
      {catError ? <ErrorAlert error={describeError(i18n, catError)} /> : null}
      {!catalogue && !catError && <p role="status">{t('app.loading')}</p>}
      {catalogue && (
        <form
          class="usa-form usa-form--large nrm-ref-form"
          onSubmit={submit}
          noValidate
          data-testid="referral-form"
          aria-busy={busy ? 'true' : 'false'}
        >
          <p class="usa-hint">{t('form.requiredNote')}</p>
          {/* What is being sent is fixed; the fields wait, disabled, until the server has it. */}
          <fieldset class="usa-fieldset nrm-ref-all" disabled={busy}>
            <h2 class="nrm-ref-step">{t('ref.new.screening')}</h2>
            <fieldset class={`usa-fieldset ${group('set')}`} aria-describedby={errors.set ? 'rn-set-error' : undefined}>
              <legend class="usa-legend">
                {t('ref.new.population')}
                {req(t)}
              </legend>
              {err('set', 'rn-set-error')}
              <div class="nrm-ref-choices">
                {(['adult', 'child'] as const).map((p, i) => (
                  <div class="usa-radio" key={p}>
                    <input
                      ref={i === 0 ? (refs.set as { current: HTMLInputElement | null }) : undefined}
                      class="usa-radio__input usa-radio__input--tile"
                      id={`rn-pop-${p}`}
                      type="radio"
                      name="population"
                      value={p}
                      checked={population === p}
                      onChange={() => setPopulation(p)}
                    />
                    <label class="usa-radio__label" for={`rn-pop-${p}`}>
                      {t(`ref.population.${p}`)}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
            <fieldset class={`usa-fieldset ${group('set')}`}>
              <legend class="usa-legend">
                {t('ref.new.exploitation')}
                {req(t)}
              </legend>
              <div class="nrm-ref-choices">
                {(['labour', 'sexual'] as const).map((x) => (
                  <div class="usa-radio" key={x}>
                    <input
                      class="usa-radio__input usa-radio__input--tile"
                      id={`rn-exp-${x}`}
                      type="radio"
                      name="exploitation"
                      value={x}
                      checked={exploitation === x}
                      onChange={() => setExploitation(x)}
                    />
                    <label class="usa-radio__label" for={`rn-exp-${x}`}>
                      {t(`ref.exploitation.${x}`)}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>

            {set && (
              <section aria-labelledby="rn-ind-heading" data-testid="indicators" data-set={set.code}>
                <h3 id="rn-ind-heading" class="margin-bottom-0">
                  {t('ref.new.indicators', { set: label(set.name, lang, set.code) })}
                </h3>
                <p class="usa-hint margin-top-05">{t('ref.new.indicatorsHint', { count: indicators.length })}</p>
                {dims.map((d) => {
                  const inDim = set.indicators.filter((i) => i.dimension === d.code);
                  if (inDim.length === 0) return null;
                  const chosen = inDim.filter((i) => indicators.includes(i.code)).length;
                  return (
                    <details class="nrm-ref-dim" key={d.code} data-dimension={d.code}>
                      <summary>
                        <span>{label(d.name, lang, d.code)}</span>{' '}
                        <span class="nrm-ref-dim__count">{t('ref.new.chosen', { count: chosen, total: inDim.length })}</span>
                      </summary>
                      <fieldset class="usa-fieldset">
                        <legend class="usa-sr-only">{label(d.name, lang, d.code)}</legend>
                        {(['strong', 'medium', 'weak'] as const).map((s) =>
                          inDim
                            .filter((i) => i.strength === s)
                            .map((i) => {
                              const id = `rn-ind-${i.code.replace(/[^A-Za-z0-9_-]/g, '_')}`;
                              return (
                                <div class="usa-checkbox" key={i.code}>
                                  <input
                                    class="usa-checkbox__input"
                                    id={id}
                                    type="checkbox"
                                    name="indicators"
                                    value={i.code}
                                    data-code={i.code}
                                    checked={indicators.includes(i.code)}
                                    onChange={(e) => toggle(setIndicators, i.code, e.currentTarget.checked)}
                                  />
                                  <label class="usa-checkbox__label" for={id}>
                                    {label(i.label, lang, i.code)}{' '}
                                    <span class={`usa-tag nrm-strength-tag nrm-strength-tag--${s}`}>{label(strengths[s], lang, s)}</span>
                                  </label>
                                </div>
                              );
                            }),
                        )}
                      </fieldset>
                    </details>
                  );
                })}
              </section>
            )}

            <fieldset class="usa-fieldset margin-top-3">
              <legend class="usa-legend">{t('ref.new.forms')}</legend>
              {catalogue.forms_of_exploitation.map((f) => {
                const id = `rn-form-${f.code}`;
                return (
                  <div class="usa-checkbox" key={f.code}>
                    <input
                      class="usa-checkbox__input"
                      id={id}
                      type="checkbox"
                      name="forms"
                      value={f.code}
                      checked={forms.includes(f.code)}
                      onChange={(e) => toggle(setForms, f.code, e.currentTarget.checked)}
                    />
                    <label class="usa-checkbox__label" for={id}>
                      {label(f.label, lang, f.code)}
                    </label>
                  </div>
                );
              })}
            </fieldset>

            <fieldset
              class={`usa-fieldset margin-top-3 ${group('outcome')}`}
              aria-describedby={errors.outcome ? 'rn-outcome-error' : undefined}
            >
              <legend class="usa-legend">
                {t('ref.new.outcome')}
                {req(t)}
              </legend>
              {err('outcome', 'rn-outcome-error')}
              {catalogue.outcomes.map((o, i) => {
                const id = `rn-outcome-${o.code}`;
                return (
                  <div class="usa-radio" key={o.code}>
                    <input
                      ref={i === 0 ? (refs.outcome as { current: HTMLInputElement | null }) : undefined}
                      class="usa-radio__input usa-radio__input--tile"
                      id={id}
                      type="radio"
                      name="outcome"
                      value={o.code}
                      checked={outcome === o.code}
                      onChange={() => setOutcome(o.code as Outcome)}
                    />
                    <label class="usa-radio__label" for={id}>
                      {label(o.label, lang, o.code)}
                      {o.description && <span class="usa-checkbox__label-description">{label(o.description, lang, '')}</span>}
                    </label>
                  </div>
                );
              })}
            </fieldset>
            <div class="usa-form-group">
              <label class="usa-label" for="rn-notes">
                {t('ref.new.notes')}
              </label>
              <span class="usa-hint" id="rn-notes-hint">
                {t('ref.new.notesHint')}
              </span>
              <textarea
                class="usa-textarea"
                id="rn-notes"
                rows={3}
                maxLength={20000}
                aria-describedby="rn-notes-hint"
                value={notes}
                onInput={(e) => setNotes(e.currentTarget.value)}
              />
            </div>

            {outcome && !refer && <p class="nrm-ref-note">{t('ref.new.noReferral', { outcome: codeName('refOutcome.', outcome) })}</p>}

            {refer && (
              <>
                <h2 class="nrm-ref-step">{t('ref.new.person')}</h2>
                <p class="usa-hint" id="rn-person-hint">
                  {t('ref.new.personHint')}
                </p>
                {errors.person && (
                  <span class="usa-error-message" id="rn-person-error" role="alert">
                    {errors.person}
                  </span>
                )}
                <PersonInputs
                  values={person}
                  errors={personErrors}
                  onChange={setPerson}
                  firstRef={refs.person as { current: HTMLInputElement | null }}
                  picklists={picklists}
                />
                <div class={`usa-form-group${photoError ? ' usa-form-group--error' : ''}`}>
                  <label class="usa-label" for="rp-photo">
                    {t('ref.p.photo')}
                  </label>
                  <span class="usa-hint" id="rp-photo-hint">
                    {t('person.photoHint')}
                  </span>
                  {photoError && (
                    <span class="usa-error-message" id="rp-photo-error" role="alert">
                      {photoError}
                    </span>
                  )}
                  <input
                    ref={photoInput}
                    class="usa-input nrm-ref-file"
                    id="rp-photo"
                    type="file"
                    accept={PHOTO_TYPES.join(',')}
                    aria-describedby={`rp-photo-hint${photoError ? ' rp-photo-error' : ''}`}
                    aria-invalid={photoError ? 'true' : undefined}
                    onChange={pickPhoto}
                  />
                  {photo && (
                    <p class="margin-top-1" data-testid="picked-photo">
                      {t('ref.p.photoPicked', { name: photo.name, size: formatBytes(photo.size, lang) })}{' '}
                      <button
                        type="button"
                        class="usa-button usa-button--unstyled"
                        onClick={() => {
                          setPhoto(null);
                          if (photoInput.current) photoInput.current.value = '';
                        }}
                      >
                        {t('ref.p.photoRemove')}
                      </button>
                    </p>
                  )}
                </div>
                <DuplicateCheck identity={dupIdentity} agencyName={agencyName} />

                <h2 class="nrm-ref-step">{t('ref.new.circumstances')}</h2>
                <div class={group('circumstances')}>
                  <label class="usa-label" for="rn-circumstances">
                    {t('ref.new.circumstancesLabel')}
                    {req(t)}
                  </label>
                  <span class="usa-hint" id="rn-circumstances-hint">
                    {t('ref.new.circumstancesHint')}
                  </span>
                  {err('circumstances', 'rn-circumstances-error')}
                  <textarea
                    ref={refs.circumstances as { current: HTMLTextAreaElement | null }}
                    class={`usa-textarea${errors.circumstances ? ' usa-input--error' : ''}`}
                    id="rn-circumstances"
                    rows={6}
                    maxLength={20000}
                    required
                    aria-invalid={errors.circumstances ? 'true' : undefined}
                    aria-describedby={`rn-circumstances-hint${errors.circumstances ? ' rn-circumstances-error' : ''}`}
                    value={circumstances}
                    onInput={(e) => setCircumstances(e.currentTarget.value)}
                  />
                </div>

                <h2 class="nrm-ref-step">{t('ref.new.attachments')}</h2>
                <div class={group('files')}>
                  <label class="usa-label" for="rn-files">
                    {t('ref.new.filesLabel')}
                  </label>
                  <span class="usa-hint" id="rn-files-hint">
                    {t('ref.new.filesHint', { max: formatBytes(MAX_FILE_BYTES, lang), count: MAX_FILES })}
                  </span>
                  {err('files', 'rn-files-error')}
                  <input
                    ref={fileInput}
                    class="usa-input nrm-ref-file"
                    id="rn-files"
                    type="file"
                    multiple
                    accept={[...FILE_TYPES, '.pdf', '.jpg', '.jpeg', '.png'].join(',')}
                    aria-describedby={`rn-files-hint${errors.files ? ' rn-files-error' : ''}`}
                    aria-invalid={errors.files ? 'true' : undefined}
                    onChange={pickFiles}
                  />
                  <LiveRegion>{fileNote && <span class="usa-sr-only">{fileNote}</span>}</LiveRegion>
                  {files.length > 0 && (
                    <ul class="usa-list usa-list--unstyled nrm-ref-files" data-testid="picked-files">
                      {files.map((f) => (
                        <li key={f.key}>
                          <span class="nrm-ref-files__name">{f.file.name}</span>{' '}
                          <span class="text-base-dark">({formatBytes(f.file.size, lang)})</span>{' '}
                          <button
                            type="button"
                            class="usa-button usa-button--unstyled"
                            onClick={() => {
                              setFiles((cur) => cur.filter((x) => x.key !== f.key));
                              setFileNote(t('ref.file.removed', { name: f.file.name }));
                            }}
                          >
                            {t('ref.file.remove')}
                            <span class="usa-sr-only">: {f.file.name}</span>
                          </button>
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </>
            )}
          </fieldset>
          <button
            type="submit"
            class="usa-button usa-button--big margin-top-4 nrm-ref-submit"
            disabled={busy}
            data-testid="referral-submit"
          >
            {busy ? t('ref.new.sending') : refer ? t('ref.new.submit') : t('ref.new.submitScreening')}
          </button>
        </form>
      )}
      <p class="margin-top-4">
        <Link href="/referrals">{t('ref.mine.title')}</Link>
      </p>
    </Page>
  );
}
