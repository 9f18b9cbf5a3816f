// Text helpers that respect Azerbaijani letters.

/**
 * Folds a string for case-insensitive matching: lower case with the
 * Azerbaijani rules (İ→i, I→ı), then dotless ı and dotted i compared as one so
 * that a query typed on a keyboard without Azerbaijani letters still matches.
 * "İSMAYILLI", "ismayıllı" and "Ismayilli" all fold to "ismayilli".
 */
export function foldAz(s: string): string {
  return s
    .normalize('NFC')
    .toLocaleLowerCase('az')
    .replace(/\u0307/g, '')
    .replace(/ı/g, 'i');
}

/** Does `haystack` contain `needle`, ignoring case the Azerbaijani way? */
export function matchesAz(haystack: string, needle: string): boolean {
  return foldAz(haystack).includes(foldAz(needle.trim()));
}

/** The Azerbaijani Latin alphabet in its order (ğ after g, x after h, ı before i, q after k). */
const AZ_ALPHABET = 'abcçdeəfgğhxıijkqlmnoöprsştuüvyz';
const AZ_RANK = new Map([...AZ_ALPHABET].map((c, i) => [c, i]));

/**
 * Compares two strings in Azerbaijani alphabetical order. Browsers whose ICU
 * data lacks Azerbaijani (Debian's Chromium among them) fall back to English
 * order in Intl.Collator('az'), which puts "Xəlil" after "Vüqar" and "Qasım"
 * next to "Pərviz"; this comparator does not depend on that data. Letters
 * outside the alphabet (digits, Cyrillic, punctuation) compare with the
 * generic collator; case and then code points break ties.
 */
export function makeAzCompare(): (a: string, b: string) => number {
  const generic = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  return (a, b) => {
    const x = [...foldAzCase(a)];
    const y = [...foldAzCase(b)];
    const n = Math.min(x.length, y.length);
    for (let i = 0; i < n; i++) {
      const cx = x[i] as string;
      const cy = y[i] as string;
      if (cx === cy) continue;
      const rx = AZ_RANK.get(cx);
      const ry = AZ_RANK.get(cy);
      if (rx !== undefined && ry !== undefined) return rx - ry;
      const g = generic.compare(cx, cy);
      if (g !== 0) return g;
    }
    if (x.length !== y.length) return x.length - y.length;
    // Same letters: lower case first, then a stable order.
    return a === b ? 0 : a.toLocaleLowerCase('az') === a ? -1 : b.toLocaleLowerCase('az') === b ? 1 : a < b ? -1 : 1;
  };
}

function foldAzCase(s: string): string {
  return s.normalize('NFC').toLocaleLowerCase('az');
}

/**
 * A comparator in the order of `lang`: Intl.Collator when the browser has the
 * language's collation data, and for Azerbaijani our own table otherwise.
 */
export function makeCompare(lang: string): (a: string, b: string) => number {
  const supported = Intl.Collator.supportedLocalesOf([lang]).length > 0;
  if (lang === 'az' && !supported) return makeAzCompare();
  const c = new Intl.Collator(lang, { sensitivity: 'base', numeric: true });
  return (a, b) => c.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Date and time for the UI. Azerbaijani uses the numeric form 24.11.2026 19:30
 * everywhere (browsers without Azerbaijani data would print "2026 M11 24");
 * the other languages use Intl.
 */
export function makeDateTimeFormat(lang: string): (d: Date) => string {
  if (lang === 'az') {
    return (d) => `${pad(d.getDate())}.${pad(d.getMonth() + 1)}.${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }
  const f = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  return (d) => f.format(d);
}
