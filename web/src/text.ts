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
