// Helpers for person records: names, reference codes, dates. No imports but
// types, so that tests can load it on its own.
import type { FieldGroup, GroupClass, Person } from './api';

/** A record's reference code: P-<year>-<six digits>. */
export const REFERENCE_RE = /^P-\d{4}-\d{6}$/;

export function normalizeReference(s: string): string {
  return s.trim().toUpperCase().replace(/\s+/g, '');
}

/**
 * The name to list a person under: null when the identity group is not
 * visible to the caller, '' when it is visible but holds no name.
 */
export function personName(p: Person): string | null {
  if (!p.fields.includes('identity')) return null;
  // An open class whose group is absent from the answer holds nothing yet.
  const id = p.identity ?? {};
  return [id.given_names, id.family_name]
    .map((s) => (s ?? '').trim())
    .filter(Boolean)
    .join(' ');
}

/** A calendar date written YYYY-MM-DD (1900–2100), as the server accepts it. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= (days[mo - 1] ?? 0);
}

/** Trimmed values, empty ones left out (the server stores no empty field). */
export function cleanGroup(values: FieldGroup): FieldGroup {
  const out: FieldGroup = {};
  for (const [k, v] of Object.entries(values)) {
    const t = v.trim();
    if (t) out[k] = t;
  }
  return out;
}

/** Field errors of one group, as message keys by field name. */
export function groupErrors(cls: GroupClass, values: FieldGroup): Record<string, 'err.birthDate'> {
  const out: Record<string, 'err.birthDate'> = {};
  const bd = (values.birth_date ?? '').trim();
  if (cls === 'identity' && bd && !isIsoDate(bd)) out.birth_date = 'err.birthDate';
  return out;
}
