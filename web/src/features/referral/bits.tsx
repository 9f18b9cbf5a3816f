// Small pieces the referral pages share: the
// indicator catalogue (reference data, cached in memory), file checks.
import { useEffect, useState } from 'preact/hooks';
import type { Key } from '../../i18n';
import { referralApi } from './api';
import type { Catalogue } from './api';

let catalogueCache: Promise<Catalogue> | null = null;

/** The indicator catalogue: reference data, no personal data, so it may stay cached in memory. */
export function useCatalogue(): { catalogue: Catalogue | null; error: unknown } {
  const [state, setState] = useState<{ catalogue: Catalogue | null; error: unknown }>({ catalogue: null, error: null });
  useEffect(() => {
    catalogueCache ??= referralApi.catalogue().catch((e) => {
      catalogueCache = null;
      throw e;
    });
    let live = true;
    catalogueCache.then(
      (c) => live && setState({ catalogue: c, error: null }),
      (e) => live && setState({ catalogue: null, error: e }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_TOTAL_BYTES = 20 * 1024 * 1024;
export const MAX_FILES = 10;
export const FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type FileType = (typeof FILE_TYPES)[number];

/** The type a file's first bytes show (the server checks the same magic numbers), or null. */
export async function sniffType(file: Blob): Promise<FileType | null> {
  const b = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  if (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return 'application/pdf'; // %PDF
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  return null;
}

/** Standard base64 of a file, read in memory only. */
export function toBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const s = String(r.result ?? '');
      resolve(s.slice(s.indexOf(',') + 1));
    };
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

export function formatBytes(n: number, lang: string): string {
  const fmt = (v: number) => v.toLocaleString(lang === 'az' ? 'az-Latn-AZ' : lang, { maximumFractionDigits: 1 });
  if (n < 1024) return `${fmt(n)} B`;
  if (n < 1024 * 1024) return `${fmt(n / 1024)} KB`;
  return `${fmt(n / 1024 / 1024)} MB`;
}

/** The label of a code from the catalogue in the current language. */
export function label(l: { az: string; en: string; ru: string } | undefined, lang: 'az' | 'en' | 'ru', fallback: string): string {
  return l ? l[lang] || l.az : fallback;
}

export function req(t: (k: Key) => string) {
  return (
    <abbr title={t('form.required')} class="usa-hint usa-hint--required">
      {' '}
      *
    </abbr>
  );
}
