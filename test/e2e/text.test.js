// Azerbaijani text helpers of the web UI (web/src/text.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './lib.js';

const text = await importTs('web/src/text.ts');

test('the filter folds case the Azerbaijani way', () => {
  assert.ok(text.matchesAz('İsmayıllı rayonu', 'İSMAYILLI'));
  assert.ok(text.matchesAz('ismayıllı', 'İSMAYILLI'));
  assert.ok(text.matchesAz('Daxili İşlər Nazirliyi', 'DAXİLİ İŞLƏR'));
  assert.ok(text.matchesAz('Daxili İşlər Nazirliyi', 'daxili isler') === false, 'ş and ə stay distinct');
  assert.ok(text.matchesAz('Министерство внутренних дел', 'МИНИСТЕРСТВО'));
  assert.equal(text.foldAz('İI'), 'ii');
});

test('the Azerbaijani comparator agrees with ICU az collation', () => {
  const names = [
    'Xəyalə Qasımova',
    'Hüseyn Həsənov',
    'İlkin Rzayev',
    'Ilqar Işıqlı',
    'Jalə Cəfərova',
    'Çingiz Əliyev',
    'Cavid Quliyev',
    'Qasım Kərimov',
    'Kamran Qəhrəmanov',
    'Ömər Öztürk',
    'Orxan İsmayılov',
    'Şəhla Şükürova',
    'Səbinə Səfərova',
    'Ülviyyə Çələbiyeva',
    'Umud Ucar',
    'Ğ test',
    'Gülnar Gəncəli',
    'Əli Ağayev',
    'Elçin Məmmədov',
    'Nərgiz Əliyeva',
    'Nigar Əhmədova',
    'Zaur Zeynalov',
    'Yusif Yusifov',
    'Vüqar Vəliyev',
    'Tural Bağırov',
    'Aygün Öztürk',
    'Administrator',
    'Jane Donor',
    'Fərid Fərzəliyev',
    'Pərviz Paşayev',
    'Rəşad Quliyev',
  ];
  const icu = new Intl.Collator('az', { sensitivity: 'base' });
  assert.equal(icu.resolvedOptions().locale, 'az', 'this Node has no Azerbaijani ICU data');
  const expected = [...names].sort(icu.compare);
  const ours = [...names].sort(text.makeAzCompare());
  assert.deepEqual(ours, expected);
  // The letters in their alphabet order.
  const letters = 'a b c ç d e ə f g ğ h x ı i j k q l m n o ö p r s ş t u ü v y z'.split(' ');
  assert.deepEqual([...letters].reverse().sort(text.makeAzCompare()), letters);
});

test('Azerbaijani dates are numeric day.month.year', () => {
  const f = text.makeDateTimeFormat('az');
  assert.equal(f(new Date(2026, 10, 4, 9, 5)), '04.11.2026 09:05');
});
