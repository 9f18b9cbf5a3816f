import { ApiError } from '../api';
import type { I18n } from '../i18n';

/** A user-facing sentence for a failed call: translated when the kind is known, plus the server's detail. */
export function describeError(i18n: I18n, err: unknown): { message: string; detail?: string } {
  const { t } = i18n;
  if (!(err instanceof ApiError)) return { message: t('err.generic') };
  const detail = err.problem.detail || undefined;
  switch (err.status) {
    case 0:
      return { message: t('err.network') };
    case 403:
      return { message: t('err.forbidden'), detail };
    case 404:
      return { message: t('err.notFound'), detail };
    case 409:
      return { message: t('err.conflict'), detail };
    case 429:
      return { message: t('login.throttled'), detail };
    default:
      return { message: detail ?? t('err.generic') };
  }
}
