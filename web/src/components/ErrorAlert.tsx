import { Alert } from './Alert';
import { useI18n } from '../i18n';

/** The error alert of a page: a translated sentence and, when it adds something, the server's detail. */
export function ErrorAlert(props: { error: { message: string; detail?: string | undefined }; onReload?: () => void }) {
  const { t } = useI18n();
  const { message, detail } = props.error;
  return (
    <Alert type="error" heading={t('err.title')}>
      <p class="margin-0">{message}</p>
      {detail && detail !== message && <p class="margin-bottom-0">{t('err.serverDetail', { detail })}</p>}
      {props.onReload && (
        <button type="button" class="usa-button usa-button--outline margin-top-2" onClick={props.onReload}>
          {t('common.reload')}
        </button>
      )}
    </Alert>
  );
}
