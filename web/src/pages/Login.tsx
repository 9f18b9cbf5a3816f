import { useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import type { SessionInfo } from '../api';
import { Alert, LiveRegion } from '../components/Alert';
import { Page } from '../components/Page';
import { useI18n } from '../i18n';
import type { Key } from '../i18n';

interface Failure {
  message: string;
  detail?: string;
}

/** Single-step sign-in: username, password and, for roles that need it, the TOTP code. */
export function Login(props: { notice?: Key | undefined; onSignedIn: (s: SessionInfo) => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, Key>>({});
  const [otpInvalid, setOtpInvalid] = useState(false);
  const userRef = useRef<HTMLInputElement>(null);
  const passRef = useRef<HTMLInputElement>(null);
  const otpRef = useRef<HTMLInputElement>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const errs: Record<string, Key> = {};
    if (!username.trim()) errs.username = 'err.required';
    if (!password) errs.password = 'err.required';
    const code = otp.replace(/\s+/g, '');
    if (code && !/^\d{6}$/.test(code)) errs.otp = 'err.otpFormat';
    setFieldErrors(errs);
    setFailure(null);
    setOtpInvalid(false);
    if (Object.keys(errs).length) {
      (errs.username ? userRef : errs.password ? passRef : otpRef).current?.focus();
      return;
    }
    setBusy(true);
    try {
      const s = await api.login(username.trim(), password, code || undefined);
      props.onSignedIn(s);
    } catch (err) {
      setPassword('');
      setOtp('');
      if (err instanceof ApiError) {
        const detail = err.problem.detail || undefined;
        if (err.status === 0) setFailure({ message: t('err.network') });
        else if (err.status === 429) setFailure({ message: t('login.throttled'), detail });
        else if (err.kind === 'otp-required') {
          setOtpInvalid(true);
          setFailure({ message: t('login.otpRequired'), detail });
        } else if (err.status === 401) setFailure({ message: t('login.badCredentials'), detail });
        else setFailure({ message: detail ?? t('err.generic') });
      } else {
        setFailure({ message: t('err.generic') });
      }
      passRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const group = (name: string) => `usa-form-group${fieldErrors[name] ? ' usa-form-group--error' : ''}`;
  const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

  return (
    <div class="grid-row">
      <div class="tablet:grid-col-8 desktop:grid-col-6">
        <Page title={t('login.title')}>
          <p>{t('login.intro')}</p>
          <LiveRegion>
            {props.notice && !failure && (
              <Alert type="info" slim>
                {t(props.notice)}
              </Alert>
            )}
            {failure && (
              <Alert type="error" heading={t('login.failed')} testId="login-error">
                <p class="margin-0">{failure.message}</p>
                {failure.detail && failure.detail !== failure.message && (
                  <p class="margin-bottom-0 nrm-detail">{t('err.serverDetail', { detail: failure.detail })}</p>
                )}
              </Alert>
            )}
          </LiveRegion>
          <form class="usa-form usa-form--large" onSubmit={submit} noValidate>
            <div class={group('username')}>
              <label class="usa-label" for="login-username">
                {t('login.username')}
              </label>
              {fieldErrors.username && (
                <span class="usa-error-message" id="login-username-error">
                  {t(fieldErrors.username)}
                </span>
              )}
              <input
                ref={userRef}
                class={`usa-input${fieldErrors.username ? ' usa-input--error' : ''}`}
                id="login-username"
                name="username"
                type="text"
                autocomplete="username"
                autocapitalize="none"
                spellcheck={false}
                required
                aria-invalid={fieldErrors.username ? 'true' : undefined}
                aria-describedby={describedBy(fieldErrors.username && 'login-username-error')}
                value={username}
                onInput={(e) => setUsername(e.currentTarget.value)}
              />
            </div>
            <div class={group('password')}>
              <label class="usa-label" for="login-password">
                {t('login.password')}
              </label>
              {fieldErrors.password && (
                <span class="usa-error-message" id="login-password-error">
                  {t(fieldErrors.password)}
                </span>
              )}
              <input
                ref={passRef}
                class={`usa-input${fieldErrors.password ? ' usa-input--error' : ''}`}
                id="login-password"
                name="password"
                type="password"
                autocomplete="current-password"
                required
                aria-invalid={fieldErrors.password ? 'true' : undefined}
                aria-describedby={describedBy(fieldErrors.password && 'login-password-error')}
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </div>
            <div class={group('otp')}>
              <label class="usa-label" for="login-otp">
                {t('login.otp')}
              </label>
              <span class="usa-hint" id="login-otp-hint">
                {t('login.otpHint')}
              </span>
              {fieldErrors.otp && (
                <span class="usa-error-message" id="login-otp-error">
                  {t(fieldErrors.otp)}
                </span>
              )}
              <input
                ref={otpRef}
                class={`usa-input usa-input--small${fieldErrors.otp || otpInvalid ? ' usa-input--error' : ''}`}
                id="login-otp"
                name="otp"
                type="text"
                inputMode="numeric"
                autocomplete="one-time-code"
                maxLength={8}
                aria-invalid={fieldErrors.otp || otpInvalid ? 'true' : undefined}
                aria-describedby={describedBy('login-otp-hint', fieldErrors.otp && 'login-otp-error')}
                value={otp}
                onInput={(e) => setOtp(e.currentTarget.value)}
              />
            </div>
            <button type="submit" class="usa-button margin-top-3" disabled={busy} aria-disabled={busy}>
              {busy ? t('login.submitting') : t('login.submit')}
            </button>
          </form>
          <p class="nrm-notice margin-top-4">{t('login.notice')}</p>
        </Page>
      </div>
    </div>
  );
}
