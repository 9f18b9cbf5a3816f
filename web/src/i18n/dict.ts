import type { az } from './az';
import type { az as referralAz } from '../features/referral/i18n/az';
import type { az as deskAz } from '../features/desk/i18n/az';

/** The core dictionary's keys (web/src/i18n/az.ts). */
export type CoreKey = keyof typeof az;
/** Every key of the UI: the core's and each feature's (web/src/features/<f>/i18n/). */
export type Key = CoreKey | keyof typeof referralAz | keyof typeof deskAz;
/** Every language must define exactly the keys of the Azerbaijani core dictionary. */
export type Dict = Record<CoreKey, string>;
