import { AskForm } from '../components/AskForm';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { useI18n } from '../i18n';

export function RequestNew() {
  const { t } = useI18n();
  return (
    <Page title={t('ask.title')} lead={t('requests.intro')}>
      <p>
        <Link href="/requests">{t('ask.back')}</Link>
      </p>
      <AskForm idPrefix="ask" />
    </Page>
  );
}
