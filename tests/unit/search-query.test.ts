// The query side of place-name search: normalisation, query kinds and the units patterns that
// PostgreSQL and the highlighter share.
import { describe, expect, it } from 'vitest';
import {
  initialsCandidates,
  leaveOneOutSets,
  parseQuery,
  queryProblem,
  requiredGrams,
  substringHighlight,
  unitsHighlight,
  unitsPattern,
} from '../../server/modules/place-names/search-query.ts';

const UNITS = '龙long 水shui 镇zhen ';
const matches = (query: string, units = UNITS, anchored = false) =>
  new RegExp(unitsPattern(parseQuery(query).tokens, { anchored })).test(units);

describe('parseQuery', () => {
  it('normalises full-width letters, case, spaces, apostrophes and tone marks', () => {
    expect(parseQuery(' Long Shui ').key).toBe('longshui');
    expect(parseQuery('ＬＯＮＧ　shui').key).toBe('longshui');
    expect(parseQuery("Xi'an").key).toBe('xian');
    expect(parseQuery('Lóngshuǐ Zhèn').key).toBe('longshuizhen');
    expect(parseQuery('lǜ').key).toBe('lv');
  });

  it('turns traditional characters into simplified ones and keeps what was typed', () => {
    const q = parseQuery('龍水鎮');
    expect(q.key).toBe('龙水镇');
    expect(q.keyAsTyped).toBe('龍水鎮');
    expect(parseQuery('寶頂山').key).toBe('宝顶山');
    expect(parseQuery('郵亭鋪').key).toBe('邮亭铺');
    expect(parseQuery('瀨溪河').key).toBe('濑溪河');
  });

  it('tells Hanzi, pinyin and mixed queries apart', () => {
    expect(parseQuery('龙水镇').kind).toBe('han');
    expect(parseQuery('lsz').kind).toBe('latin');
    expect(parseQuery('龙sz').kind).toBe('mixed');
    expect(parseQuery('3组').kind).toBe('han');
  });

  it('spells a Hanzi query in toneless pinyin for homophone matching', () => {
    expect(parseQuery('龙水真').spokenAs).toBe('longshuizhen');
    expect(parseQuery('绿').spokenAs).toBe('lv');
  });
});

describe('queryProblem', () => {
  it('rejects empty and control-character queries and accepts the rest', () => {
    expect(queryProblem('')).toMatch(/empty/);
    expect(queryProblem('  ')).toMatch(/empty/);
    expect(queryProblem('a\u0000')).toMatch(/control/);
    expect(queryProblem('a\nb')).toMatch(/control/);
    expect(queryProblem('a\u009bb')).toMatch(/control/);
    expect(queryProblem('龙水镇')).toBeNull();
  });
});

describe('unitsPattern', () => {
  it('matches full pinyin, initials and any mix of them', () => {
    for (const q of [
      'longshuizhen',
      'longshui',
      'lsz',
      'longsz',
      'lshuiz',
      'lszhen',
      'lons',
      '龙shui',
      '龙sz',
      'long水',
      '龙水zh',
    ]) {
      expect(matches(q), q).toBe(true);
    }
  });

  it('starts every piece on a syllable and never skips a character', () => {
    expect(matches('lz')).toBe(false); // 水 skipped
    expect(matches('ongshui')).toBe(false); // starts inside a syllable
    expect(matches('longhui')).toBe(false);
    expect(matches('shuizhen')).toBe(true);
    expect(matches('shuizhen', UNITS, true)).toBe(false);
  });

  it('matches homophones by syllable when asked to', () => {
    const q = parseQuery('龙水真');
    expect(new RegExp(unitsPattern(q.tokens, { anchored: true, homophones: true })).test(UNITS)).toBe(true);
    expect(new RegExp(unitsPattern(q.tokens, { anchored: true })).test(UNITS)).toBe(false);
  });

  it('escapes regex characters in the query', () => {
    expect(() => new RegExp(unitsPattern(parseQuery('(.*[').tokens, { anchored: false }))).not.toThrow();
    expect(matches('.*')).toBe(false);
  });
});

describe('candidates and highlights', () => {
  it('lists the initials a run of letters can stand for', () => {
    expect(initialsCandidates('lsz')).toContain('lsz');
    expect(initialsCandidates('longsz')).toContain('lsz');
    expect(initialsCandidates('lshuiz')).toContain('lsz');
    expect(initialsCandidates('uuu')).toBeNull(); // no syllable starts with u
  });

  it('derives the grams a substring match needs and the sets for one wrong character', () => {
    expect(requiredGrams('龙')).toEqual(['龙']);
    expect(requiredGrams('龙水')).toEqual(['龙水']);
    expect(requiredGrams('龙水镇')).toEqual(['龙水', '水镇']);
    expect(leaveOneOutSets('宝项山')).toEqual([
      ['项', '山'],
      ['宝', '山'],
      ['宝', '项'],
    ]);
  });

  it('highlights the characters a pattern covered', () => {
    const pattern = (q: string) => unitsPattern(parseQuery(q).tokens, { anchored: false });
    expect(unitsHighlight(UNITS, pattern('lsz'))).toEqual([[0, 3]]);
    expect(unitsHighlight(UNITS, pattern('shui'))).toEqual([[1, 2]]);
    expect(unitsHighlight(UNITS, pattern('shuizh'))).toEqual([[1, 3]]);
    expect(unitsHighlight(UNITS, pattern('long'))).toEqual([[0, 1]]);
    expect(substringHighlight('大足石刻宝顶山景区', '宝顶山')).toEqual([[4, 7]]);
  });
});
