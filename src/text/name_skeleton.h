// Name skeletons: a phonetic key per word of a person's name, so that the
// Azerbaijani Latin, Azerbaijani Cyrillic, Russian and English spellings of
// one name meet (Məmmədova = Mammadova = Мамедова = Mamedova = Мәммәдова).
// The people module stores only keyed hashes of these tokens (DESIGN.md,
// "Encryption"), so the database never holds a plaintext name.
//
// A skeleton is a deliberately lossy search key, not a display form: use it to
// find candidate records, never to decide that two people are the same.
//
// Pipeline for each word:
//  1. Script (script.h), per word. A word with any Azerbaijani Cyrillic
//     letter (ә ғ һ ј ө ү ҹ ҝ) goes through ICU `az_Cyrl-az/BGN`; any Cyrillic
//     left (Russian words, or Щ Ё Ц that the az rules leave alone) goes
//     through `Russian-Latin/BGN`; any other non-Latin letters through
//     `Any-Latin`. (`az_Cyrl-az_Latn` is NOT used: ICU silently falls back to
//     generic Cyrillic-Latin for it. The two BGN IDs are checked against
//     Transliterator::getAvailableIDs; if one is missing the step is skipped
//     and NameTransliteratorsAvailable() reports false.)
//  2. Lower case with Locale("az") (I -> ı, İ -> i), NFC.
//  3. Letters: ı -> i, ə -> a, ĭ -> y, ë -> o, ç -> the ch class; any other loses
//     its diacritics (ş -> s, ğ -> g, ö -> o, ü -> u); everything that is then
//     not a-z (digits, apostrophes, ь/ъ primes, leftovers) is removed.
//  4. Digraphs: dzh, dj, zh -> j;  ch -> c;  sh -> s;  Azerbaijani c (= dzh)
//     -> j;  w -> v.
//  5. A word starting "ye" drops the y (Russian initial Е: Ейваз = Eyvaz).
//  6. Other y: at the start it stays; between a consonant and a vowel it is
//     dropped (Russian palatal ю/я/ье: Shukyurova = Shukurova, Ilyas);
//     anywhere else it becomes i (Russian ы and й: Gasymov = Gasimov,
//     Aydyn = Aydın; Aliyev -> aliiev).
//  7. Letter classes:  a e ə -> a;  i ı y -> i;  o ö -> o;  u ü -> u;
//     g ğ q k h x (and so kh, gh) -> g;  ç ch -> c;  c j zh dzh -> j.
//     (g/h/q/k/x are one class because Russian writes Azerbaijani h, q and
//     ğ all as Г, and x as Х = kh: Hüseynov = Гусейнов, Qasım = Гасым.)
//  8. Runs of one letter collapse (mm -> m, ii -> i, kh -> gg -> g).
//  9. Surname suffix: a word of 5+ letters ending -ov/-av (from -ov, -ev,
//     -yev, -əv) ends -ov; 6+ letters ending -ova/-ava ends -ova. Gender is
//     KEPT: Əliyev ("aliov") and Əliyeva ("aliova") do not meet.
// 10. Patronymic particles are kept as their own tokens, unified:
//     oğlu/oglu/ogly/оглы -> "oglu";  qızı/gizi/kızı/kyzy/кызы -> "gizi".
//
// Examples: Məmmədova -> "mamadova", Əliyev -> "aliov", Hüseynov ->
// "gusainov", Çələbiyeva -> "calabiova", Qasımov -> "gasimov", İsmayılov ->
// "ismailov", Şükürova -> "sugurova", Rəşad -> "rasad", Orxan -> "organ",
// Elçin -> "alcin".
//
// Known limits: Rəşad/Rəşid do not meet (a vs i kept apart). Orxan/Orhan,
// Kamal/Qamal/Həmal do meet (one velar class). Latin c is always read as
// Azerbaijani c = j, so Victor ("vijtor") misses Виктор ("vigtor"). Latin
// "sh" is always a digraph, so İshaq ("isag") misses Исхак ("isgag"). A y
// between vowels becomes i, so Ayaz is "aiaz" and Ismayilov, Ismailov and
// Ismaylov (Исмайлов) all meet. Russian -ич/-овна patronymics are not
// unified. Each word is transliterated by its own script, so one name may
// mix scripts, and a Cyrillic look-alike inside a Latin word is harmless.
//
// Cost (measured, ICU 72): creating a transliterator takes 0.3 ms
// (az_Cyrl-az/BGN) to 1.1 ms (Russian-Latin/BGN), running one on a word
// ~2 µs; a whole four-word Cyrillic name takes ~75 µs in a Debug build. ICU
// Transliterator objects are not thread-safe, so each thread keeps its own
// thread_local instances, created on first use (otherwise every Cyrillic
// word would pay the creation cost).
//
// Thread-safety: safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nrm::text {

// Splits `full_name` into words and returns one skeleton per word, in order
// (duplicates kept). Words are separated by anything that is not a letter, a
// combining mark or an apostrophe (' ’ ` ´ ʼ ʹ): spaces, hyphens, commas,
// digits. Words whose skeleton is empty are left out, so "" and "123 -" give
// an empty list.
std::vector<std::string> NameSkeletonTokens(std::string_view full_name);

// The skeleton of one word (non-letters inside it are dropped, not treated
// as separators). Empty if the word has no letters.
std::string NameSkeleton(std::string_view single_word);

// Whether ICU has both BGN transliterators (az_Cyrl-az/BGN and
// Russian-Latin/BGN); without them Cyrillic names skeletonise poorly. For a
// start-up health check.
bool NameTransliteratorsAvailable();

}  // namespace nrm::text
