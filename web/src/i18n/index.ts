// Languages of the UI: Azerbaijani (default), English, Russian. Only the chosen
// language code is kept in localStorage, never anything about the user.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { az } from './az';
import { en } from './en';
import { ru } from './ru';
import * as referral from '../features/referral/i18n/az';
import * as referralEn from '../features/referral/i18n/en';
import * as referralRu from '../features/referral/i18n/ru';
import * as desk from '../features/desk/i18n/az';
import * as deskEn from '../features/desk/i18n/en';
import * as deskRu from '../features/desk/i18n/ru';
import type { Key } from './dict';
import { makeCompare, makeDateTimeFormat } from '../text';

export type { Key } from './dict';
export type Lang = 'az' | 'en' | 'ru';
export const LANGS: readonly Lang[] = ['az', 'en', 'ru'];
/** Language names in their own language, as a language switch shows them. */
export const LANG_NAMES: Record<Lang, string> = { az: 'Azərbaycanca', en: 'English', ru: 'Русский' };

const DICTS: Record<Lang, Record<Key, string>> = {
  az: { ...az, ...referral.az, ...desk.az },
  en: { ...en, ...referralEn.en, ...deskEn.en },
  ru: { ...ru, ...referralRu.ru, ...deskRu.ru },
};
const STORAGE_KEY = 'nrm.lang';

export function isLang(v: unknown): v is Lang {
  return v === 'az' || v === 'en' || v === 'ru';
}

export function storedLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (isLang(v)) return v;
  } catch {
    // Storage may be disabled; the default applies.
  }
  return 'az';
}

export function storeLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not fatal: the choice lasts for this page only.
  }
}

export type Params = Record<string, string | number>;

export function translate(lang: Lang, key: Key, params?: Params): string {
  const s = DICTS[lang][key] ?? DICTS.az[key] ?? key;
  if (!params) return s;
  return s.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Is `key` a dictionary key? For codes that come from the server (roles, kinds). */
export function hasKey(key: string): key is Key {
  return Object.prototype.hasOwnProperty.call(DICTS.az, key);
}

export interface I18n {
  lang: Lang;
  t: (key: Key, params?: Params) => string;
  setLang: (lang: Lang) => void;
  /** Compares strings in the order of the current language (Azerbaijani: a b c ç d e ə …). */
  collator: { compare: (a: string, b: string) => number };
  formatDateTime: (iso: string) => string;
  roleName: (code: string) => string;
  kindName: (code: string) => string;
  /** The name of a code from the server under a key prefix ('class.', 'grantKind.' …), or the code itself. */
  codeName: (prefix: string, code: string) => string;
}

export function makeI18n(lang: Lang, setLang: (l: Lang) => void): I18n {
  const collator = { compare: makeCompare(lang) };
  const dtf = makeDateTimeFormat(lang);
  const t = (key: Key, params?: Params) => translate(lang, key, params);
  return {
    lang,
    t,
    setLang,
    collator,
    formatDateTime: (iso) => {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : dtf(d);
    },
    roleName: (code) => {
      const k = `role.${code}`;
      return hasKey(k) ? t(k) : code;
    },
    kindName: (code) => {
      const k = `kind.${code}`;
      return hasKey(k) ? t(k) : code;
    },
    codeName: (prefix, code) => {
      const k = `${prefix}${code}`;
      return hasKey(k) ? t(k) : code;
    },
  };
}

export const I18nContext = createContext<I18n>(makeI18n('az', () => {}));

export function useI18n(): I18n {
  return useContext(I18nContext);
}
