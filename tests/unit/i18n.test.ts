// Every UI string exists in both languages, with the same placeholders, and the English table
// holds no Chinese (the Chinese one may hold Latin: CSV, GeoJSON, m²). An unknown key is already a
// compile error (MessageKey); this catches what types cannot: an empty text, a placeholder named
// differently in one language, an untranslated copy.
import { describe, expect, it } from 'vitest';
import { ALL_MESSAGES, APP, NAMESPACES, translate } from '../../client/i18n/messages.ts';

const tables: [string, { zh: Record<string, string>; en: Record<string, string> }][] = [
  ['app', APP],
  ...Object.entries(NAMESPACES),
];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const HAN = /\p{Script=Han}/u;
/** The product's Chinese name, shown beside the English one on purpose. */
const CHINESE_ON_PURPOSE = new Set(['app.productNameEn']);

describe('UI strings', () => {
  for (const [name, table] of tables) {
    it(`${name}: every key in both languages, same placeholders`, () => {
      expect(Object.keys(table.en).sort()).toEqual(Object.keys(table.zh).sort());
      for (const key of Object.keys(table.zh)) {
        const zh = table.zh[key] ?? '';
        const en = table.en[key] ?? '';
        expect(zh.trim(), `${name}.${key} (zh)`).not.toBe('');
        expect(en.trim(), `${name}.${key} (en)`).not.toBe('');
        expect(placeholders(en), `${name}.${key} placeholders`).toEqual(placeholders(zh));
        if (!CHINESE_ON_PURPOSE.has(`${name}.${key}`))
          expect(HAN.test(en), `${name}.${key} (en) has Chinese: ${en}`).toBe(false);
      }
    });
  }

  it('no two namespaced keys collide with the shell table', () => {
    const flat = Object.keys(ALL_MESSAGES.zh).length;
    const sum = tables.reduce((n, [, t]) => n + Object.keys(t.zh).length, 0);
    expect(flat).toBe(sum);
  });

  it('fills placeholders, and leaves one it has no value for visible', () => {
    expect(translate('en', 'form.notSaved', { n: 3 })).toBe('Not saved: please fix the 3 problem(s) marked.');
    expect(translate('zh', 'form.notSaved', { n: 3 })).toBe('未保存：请修正标出的 3 处问题。');
    expect(translate('en', 'form.notSaved', {})).toContain('{n}');
  });
});
