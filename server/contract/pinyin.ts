// 罗马字母拼写 of place names (GB/T 16159 style): the specific part as one capitalised word, the generic
// term (镇, 街道, 村, 社区, 山, 河 …) as a separate capitalised word, e.g. 龙水镇 → "Lóngshuǐ Zhèn".
// Readings pinyin-pro gets wrong for local names, or that the national database fixes by hand, are overridden.
import { pinyin } from 'pinyin-pro';

// Longest generic terms first so 街道 wins over 道 and 水库 over 库.
const GENERIC_TERMS = [
  '街道',
  '社区',
  '水库',
  '景区',
  '公园',
  '陵园',
  '汽车站',
  '大桥',
  '镇',
  '乡',
  '村',
  '山',
  '河',
  '湖',
  '江',
  '桥',
  '站',
  '区',
  '县',
];

/** Readings fixed by hand (polyphonic characters or local usage). */
const OVERRIDES: Record<string, string[]> = {
  大足: ['dà', 'zú'],
  邮亭铺: ['yóu', 'tíng', 'pù'],
  濑溪: ['lài', 'xī'],
  洛碛: ['luò', 'qì'],
  重庆: ['chóng', 'qìng'],
  长虹: ['cháng', 'hóng'],
};

function syllables(text: string): { parts: string[]; overridden: boolean } {
  const parts: string[] = [];
  let overridden = false;
  let i = 0;
  while (i < text.length) {
    const key = Object.keys(OVERRIDES).find((k) => text.startsWith(k, i));
    if (key) {
      parts.push(...OVERRIDES[key]!);
      overridden = true;
      i += key.length;
      continue;
    }
    let j = i + 1;
    while (j < text.length && !Object.keys(OVERRIDES).some((k) => text.startsWith(k, j))) j++;
    parts.push(...pinyin(text.slice(i, j), { type: 'array' }));
    i = j;
  }
  return { parts, overridden };
}

/** Syllables of one word joined, with the apostrophe before a, o, e that GB/T 16159 requires. */
function word(parts: string[]): string {
  const joined = parts.map((s, k) => (k > 0 && /^[aoeāáǎàōóǒòēéěè]/.test(s) ? `'${s}` : s)).join('');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

export function placeNamePinyin(name: string): { pinyin: string; overridden: boolean } {
  const generic = GENERIC_TERMS.find((g) => name.endsWith(g) && name.length > g.length);
  const specific = generic ? name.slice(0, -generic.length) : name;
  const a = syllables(specific);
  const words = [word(a.parts)];
  let overridden = a.overridden;
  if (generic) {
    const b = syllables(generic);
    words.push(word(b.parts));
    overridden ||= b.overridden;
  }
  return { pinyin: words.join(' '), overridden };
}
