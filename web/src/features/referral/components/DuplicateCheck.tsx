// The duplicate check before a person is created: the names typed so far
// (any script) and the birth year go to the server in a POST body; the answer
// says only which agency holds a possible match. The officer may then ask
// that agency for information (an information request on the match's
// reference code); nothing else about the match is shown or known here.
import { useState } from 'preact/hooks';
import type { FieldGroup } from '../../../api';
import { Alert, LiveRegion } from '../../../components/Alert';
import { AskForm } from '../../../components/AskForm';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { describeError } from '../../../components/errors';
import { useI18n } from '../../../i18n';
import { duplicateCheck } from '../api';
import type { DuplicateMatch } from '../api';

type Failure = { message: string; detail?: string | undefined };

export function DuplicateCheck(props: { identity: FieldGroup; agencyName: (id: string) => string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [matches, setMatches] = useState<DuplicateMatch[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<number | null>(null);
  const [hint, setHint] = useState('');

  const id = props.identity;
  const names = [id.given_names, id.family_name, id.patronymic].map((s) => (s ?? '').trim()).filter(Boolean);

  const check = async () => {
    if (busy) return;
    setFailure(null);
    setAsking(null);
    if (names.length === 0) {
      setHint(t('ref.dup.needName'));
      setMatches(null);
      return;
    }
    setHint('');
    setBusy(true);
    try {
      const r = await duplicateCheck(id);
      setMatches(r.matches);
    } catch (e) {
      setFailure(describeError(i18n, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="nrm-ref-dup margin-top-2" data-testid="duplicate-check">
      <button type="button" class="usa-button usa-button--outline" onClick={check} disabled={busy} data-testid="duplicate-check-button">
        {busy ? t('ref.dup.checking') : t('ref.dup.check')}
      </button>
      <span class="usa-hint display-block">{t('ref.dup.hint')}</span>
      <LiveRegion>
        {hint && (
          <span class="usa-error-message" role="alert">
            {hint}
          </span>
        )}
        {failure && <ErrorAlert error={failure} />}
        {matches && matches.length === 0 && (
          <Alert type="success" slim testId="duplicate-none">
            {t('ref.dup.none')}
          </Alert>
        )}
        {matches && matches.length > 0 && (
          <Alert type="warning" heading={t('ref.dup.found')} testId="duplicate-found">
            <ul class="usa-list margin-0">
              {matches.map((m, i) => (
                <li key={i} data-agency={m.agency_id}>
                  {t('ref.dup.heldBy', { agency: m.agency_name ?? props.agencyName(m.agency_id) })}{' '}
                  {m.reference && (
                    <button
                      type="button"
                      class="usa-button usa-button--unstyled"
                      aria-expanded={asking === i}
                      onClick={() => setAsking(asking === i ? null : i)}
                      data-testid="duplicate-ask"
                    >
                      {t('ref.dup.ask')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
            <p class="margin-bottom-0">{t('ref.dup.goOn')}</p>
          </Alert>
        )}
      </LiveRegion>
      {asking !== null && matches?.[asking]?.reference && (
        <div class="nrm-card margin-top-2">
          <AskForm idPrefix="rdq" reference={matches[asking]?.reference} initialFields={['identity', 'detail']} />
        </div>
      )}
    </div>
  );
}
