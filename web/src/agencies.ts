// The agency registry for every page: fetched once per page load (it changes
// rarely), names in the reader's language, sorted in the reader's order
// (Azerbaijani alphabet for az). The one agencies hook of the client.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from './api';
import type { Agency } from './api';
import { useI18n } from './i18n';

let agencyCache: Promise<Agency[]> | null = null;
/** The agency registry, fetched once per page load (it changes rarely). */
export function loadAgencies(): Promise<Agency[]> {
  agencyCache ??= api.agencies().then(
    (r) => r.items,
    (e) => {
      agencyCache = null;
      throw e;
    },
  );
  return agencyCache;
}

export interface AgencyNames {
  list: Agency[];
  name: (id: string | null | undefined) => string;
  /** Agencies sorted by name in the reader's language (Azerbaijani alphabet for az). */
  sorted: Agency[];
}

export function useAgencies(): AgencyNames {
  const { lang, collator, t } = useI18n();
  const [list, setList] = useState<Agency[]>([]);
  useEffect(() => {
    let live = true;
    loadAgencies()
      .then((a) => {
        if (live) setList(a);
      })
      .catch(() => {
        // Names fall back to codes; the page still works.
      });
    return () => {
      live = false;
    };
  }, []);
  return useMemo(() => {
    const byId = new Map(list.map((a) => [a.id, a]));
    const byCode = new Map(list.map((a) => [a.code, a]));
    const name = (id: string | null | undefined) => {
      if (!id) return t('common.none');
      const a = byId.get(id) ?? byCode.get(id);
      return a ? a.name[lang] || a.name.az || a.code : id;
    };
    const sorted = [...list].filter((a) => a.active).sort((a, b) => collator.compare(a.name[lang] || a.code, b.name[lang] || b.code));
    return { list, name, sorted };
  }, [list, lang, collator, t]);
}
