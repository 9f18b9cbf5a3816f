import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import type { Agency, CreatedUser, Role } from '../api';
import { Alert, LiveRegion } from '../components/Alert';
import { ErrorAlert } from '../components/ErrorAlert';
import { describeError } from '../components/errors';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { useI18n } from '../i18n';
import type { Key } from '../i18n';

const MIN_PASSWORD = 12;

/** A rough strength hint; the server's policy is what decides. */
export function passwordStrength(pw: string): 'short' | 'ok' | 'strong' {
  const len = [...pw].length;
  if (len < MIN_PASSWORD) return 'short';
  const classes = [/[a-zəğıöşüç]/u, /[A-ZƏĞİÖŞÜÇ]/u, /\d/, /[^\p{L}\d]/u].filter((r) => r.test(pw)).length;
  return len >= 16 && classes >= 3 ? 'strong' : len >= 20 ? 'strong' : 'ok';
}

type Field = 'username' | 'display_name' | 'agency_id' | 'roles' | 'password';
const FIELDS: Field[] = ['username', 'display_name', 'agency_id', 'roles', 'password'];

export function UserNew() {
  const i18n = useI18n();
  const { t, lang, collator } = i18n;
  const [agencies, setAgencies] = useState<Agency[] | null>(null);
  const [roles, setRoles] = useState<Role[] | null>(null);
  const [loadError, setLoadError] = useState<{ message: string; detail?: string } | null>(null);

  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [agencyId, setAgencyId] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<{ message: string; detail?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedUser | null>(null);
  const refs: Record<Field, { current: HTMLElement | null }> = {
    username: useRef<HTMLInputElement>(null),
    display_name: useRef<HTMLInputElement>(null),
    agency_id: useRef<HTMLSelectElement>(null),
    roles: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };
  const resultRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    Promise.all([api.agencies(), api.roles()])
      .then(([a, r]) => {
        setAgencies(a.items.filter((x) => x.active));
        setRoles(r.items);
      })
      .catch((e) => setLoadError(describeError(i18n, e)));
  }, []);

  useEffect(() => {
    if (created) resultRef.current?.focus();
  }, [created]);

  const sortedAgencies = useMemo(
    () => (agencies ? [...agencies].sort((a, b) => collator.compare(a.name[lang] || a.code, b.name[lang] || b.code)) : []),
    [agencies, collator, lang],
  );

  const strength = passwordStrength(password);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const errs: Partial<Record<Field, string>> = {};
    if (!username.trim()) errs.username = t('err.required');
    if (!displayName.trim()) errs.display_name = t('err.required');
    if (!agencyId) errs.agency_id = t('err.agencyRequired');
    if (chosen.length === 0) errs.roles = t('err.rolesRequired');
    if ([...password].length < MIN_PASSWORD) errs.password = t('err.passwordShort');
    setErrors(errs);
    setFailure(null);
    const first = FIELDS.find((f) => errs[f]);
    if (first) {
      refs[first].current?.focus();
      return;
    }
    setBusy(true);
    try {
      const res = await api.createUser({
        username: username.trim(),
        display_name: displayName.trim(),
        agency_id: agencyId,
        roles: chosen,
        password,
      });
      setPassword('');
      setCreated(res);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setErrors({ username: t('userNew.exists') });
        refs.username.current?.focus();
      } else if (err instanceof ApiError && err.status === 400 && err.problem.errors?.length) {
        const fe = err.fieldErrors();
        const mapped: Partial<Record<Field, string>> = {};
        for (const f of FIELDS) if (fe[f]) mapped[f] = fe[f];
        setErrors(mapped);
        const unknown = Object.keys(fe).filter((k) => !FIELDS.includes(k as Field));
        if (unknown.length || !Object.keys(mapped).length) setFailure(describeError(i18n, err));
        const f1 = FIELDS.find((f) => mapped[f]);
        if (f1) refs[f1].current?.focus();
      } else {
        setFailure(describeError(i18n, err));
      }
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    setCreated(null);
    setUsername('');
    setDisplayName('');
    setAgencyId('');
    setChosen([]);
    setPassword('');
    setErrors({});
  };

  if (created) {
    const name = created.user.display_name || created.user.username;
    return (
      <Page title={t('userNew.title')}>
        <Alert type="success" testId="user-created">
          <h2 class="margin-0 font-sans-md" ref={resultRef} tabIndex={-1}>
            {t('userNew.created', { name })}
          </h2>
        </Alert>
        {created.totp_secret && (
          <section class="usa-summary-box margin-y-3 nrm-once" aria-labelledby="totp-heading" data-testid="totp-once">
            <div class="usa-summary-box__body">
              <h2 class="usa-summary-box__heading" id="totp-heading">
                {t('userNew.totpHeading')}
              </h2>
              <div class="usa-summary-box__text">
                <p>{t('userNew.totpText')}</p>
                <dl class="nrm-dl">
                  <dt>{t('userNew.totpSecret')}</dt>
                  <dd>
                    <code class="nrm-secret" data-testid="totp-secret">
                      {created.totp_secret}
                    </code>
                  </dd>
                  {created.totp_uri && (
                    <>
                      <dt>{t('userNew.totpUri')}</dt>
                      <dd>
                        <code class="nrm-secret nrm-secret--uri" data-testid="totp-uri">
                          {created.totp_uri}
                        </code>
                      </dd>
                    </>
                  )}
                </dl>
              </div>
            </div>
          </section>
        )}
        <ul class="usa-button-group margin-top-3">
          <li class="usa-button-group__item">
            <Link href="/admin/users" class="usa-button" data-testid="back-to-users">
              {t('userNew.done')}
            </Link>
          </li>
          <li class="usa-button-group__item">
            <button type="button" class="usa-button usa-button--outline" onClick={reset}>
              {t('userNew.another')}
            </button>
          </li>
        </ul>
      </Page>
    );
  }

  const group = (f: Field) => `usa-form-group${errors[f] ? ' usa-form-group--error' : ''}`;
  const err = (f: Field) =>
    errors[f] ? (
      <span class="usa-error-message" id={`nu-${f}-error`}>
        {errors[f]}
      </span>
    ) : null;
  const described = (f: Field, hint?: boolean) =>
    [hint ? `nu-${f}-hint` : '', errors[f] ? `nu-${f}-error` : ''].filter(Boolean).join(' ') || undefined;
  const req = (
    <abbr title={t('form.required')} class="usa-hint usa-hint--required">
      {' '}
      *
    </abbr>
  );
  const strengthKey: Key =
    strength === 'short' ? 'userNew.strengthShort' : strength === 'ok' ? 'userNew.strengthOk' : 'userNew.strengthStrong';

  return (
    <Page title={t('userNew.title')}>
      <p>
        <Link href="/admin/users">{t('userNew.back')}</Link>
      </p>
      <LiveRegion>
        {loadError && <ErrorAlert error={loadError} />}
        {failure && <ErrorAlert error={failure} />}
      </LiveRegion>
      {!agencies || !roles ? (
        !loadError && <p role="status">{t('app.loading')}</p>
      ) : (
        <form class="usa-form usa-form--large" onSubmit={submit} noValidate data-testid="user-form">
          <p class="usa-hint">{t('form.requiredNote')}</p>
          <div class={group('username')}>
            <label class="usa-label" for="nu-username">
              {t('userNew.username')}
              {req}
            </label>
            <span class="usa-hint" id="nu-username-hint">
              {t('userNew.usernameHint')}
            </span>
            {err('username')}
            <input
              ref={refs.username as { current: HTMLInputElement | null }}
              class={`usa-input${errors.username ? ' usa-input--error' : ''}`}
              id="nu-username"
              name="username"
              autocomplete="off"
              autocapitalize="none"
              spellcheck={false}
              required
              aria-invalid={errors.username ? 'true' : undefined}
              aria-describedby={described('username', true)}
              value={username}
              onInput={(e) => setUsername(e.currentTarget.value)}
            />
          </div>
          <div class={group('display_name')}>
            <label class="usa-label" for="nu-display_name">
              {t('userNew.displayName')}
              {req}
            </label>
            {err('display_name')}
            <input
              ref={refs.display_name as { current: HTMLInputElement | null }}
              class={`usa-input${errors.display_name ? ' usa-input--error' : ''}`}
              id="nu-display_name"
              name="display_name"
              autocomplete="off"
              required
              aria-invalid={errors.display_name ? 'true' : undefined}
              aria-describedby={described('display_name')}
              value={displayName}
              onInput={(e) => setDisplayName(e.currentTarget.value)}
            />
          </div>
          <div class={group('agency_id')}>
            <label class="usa-label" for="nu-agency_id">
              {t('userNew.agency')}
              {req}
            </label>
            {err('agency_id')}
            <select
              ref={refs.agency_id as { current: HTMLSelectElement | null }}
              class={`usa-select${errors.agency_id ? ' usa-input--error' : ''}`}
              id="nu-agency_id"
              name="agency_id"
              required
              aria-invalid={errors.agency_id ? 'true' : undefined}
              aria-describedby={described('agency_id')}
              value={agencyId}
              onChange={(e) => setAgencyId(e.currentTarget.value)}
            >
              <option value="">{t('userNew.agencyChoose')}</option>
              {sortedAgencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name[lang] || a.code}
                </option>
              ))}
            </select>
          </div>
          <fieldset class={`usa-fieldset ${group('roles')}`} aria-describedby={described('roles', true)}>
            <legend class="usa-legend">
              {t('userNew.roles')}
              {req}
            </legend>
            <span class="usa-hint" id="nu-roles-hint">
              {t('userNew.rolesHint')}
            </span>
            {err('roles')}
            {roles.map((r, i) => {
              const id = `nu-role-${r.code}`;
              return (
                <div class="usa-checkbox" key={r.code}>
                  <input
                    ref={i === 0 ? (refs.roles as { current: HTMLInputElement | null }) : undefined}
                    class="usa-checkbox__input"
                    id={id}
                    type="checkbox"
                    name="roles"
                    value={r.code}
                    checked={chosen.includes(r.code)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setChosen((c) => (on ? [...c, r.code] : c.filter((x) => x !== r.code)));
                    }}
                  />
                  <label class="usa-checkbox__label" for={id}>
                    {i18n.roleName(r.code)}
                    {r.requires_totp && <span class="usa-checkbox__label-description">{t('role.requiresTotp')}</span>}
                  </label>
                </div>
              );
            })}
          </fieldset>
          <div class={group('password')}>
            <label class="usa-label" for="nu-password">
              {t('userNew.password')}
              {req}
            </label>
            <span class="usa-hint" id="nu-password-hint">
              {t('userNew.passwordHint')}
            </span>
            {err('password')}
            <input
              ref={refs.password as { current: HTMLInputElement | null }}
              class={`usa-input${errors.password ? ' usa-input--error' : ''}`}
              id="nu-password"
              name="password"
              type="password"
              autocomplete="new-password"
              required
              minLength={MIN_PASSWORD}
              aria-invalid={errors.password ? 'true' : undefined}
              aria-describedby={[described('password', true), 'nu-password-strength'].filter(Boolean).join(' ')}
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
            <p class={`nrm-strength nrm-strength--${strength}`} id="nu-password-strength" data-testid="password-strength">
              {password ? t(strengthKey, { count: [...password].length }) : ''}
            </p>
          </div>
          <button type="submit" class="usa-button margin-top-3" disabled={busy}>
            {busy ? t('userNew.submitting') : t('userNew.submit')}
          </button>
        </form>
      )}
    </Page>
  );
}
