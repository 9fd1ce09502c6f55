// What a search query means, before any SQL: normalisation (full-width, traditional → simplified,
// tone marks, case), its kind (Hanzi / pinyin / mixed), and the regular expressions that check a
// match against a name's `units` ('龙long 水shui 镇zhen ', see migrations/0004). The same patterns
// run in PostgreSQL (ARE) to filter and in JavaScript to find what to highlight.
import * as OpenCC from 'opencc-js/t2cn';
import { pinyin } from 'pinyin-pro';

// OpenCC's Taiwan preset (standard traditional plus Taiwan variants such as 臺) to mainland simplified.
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

const HAN = /\p{Script=Han}/u;
const LATIN_ONLY = /^[a-z]+$/;

/** Every toneless syllable of Mandarin (ü as v), as pinyin-pro spells them. */
const SYLLABLES = (
  'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng ' +
  'cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu ' +
  'cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei ' +
  'en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui ' +
  'gun guo ha hai han hang hao he hei hen heng hng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao ' +
  'jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun ' +
  'kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve m ma ' +
  'mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu n na nai nan nang nao ne nei nen neng ng ni ' +
  'nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie ' +
  'pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ' +
  'ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua ' +
  'shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ' +
  'ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu ' +
  'xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai ' +
  'zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan ' +
  'zui zun zuo'
).split(' ');
const SYLLABLE_PREFIXES = new Set(
  SYLLABLES.flatMap((s) => Array.from({ length: s.length }, (_, i) => s.slice(0, i + 1))),
);
const SYLLABLE_SET = new Set(SYLLABLES);
// What people type for a syllable they abbreviate: its initial consonant.
const INITIALS = new Set('b p m f d t n l g k h j q x zh ch sh r z c s y w'.split(' '));

export type QueryKind = 'han' | 'latin' | 'mixed';

export type QueryToken =
  | { type: 'char'; ch: string; readings: string[] } // a Hanzi (readings known) or another character (no readings)
  | { type: 'latin'; letters: string };

export interface ParsedQuery {
  /** The query as typed, trimmed. */
  raw: string;
  /** Normalised like place_name_search.key: NFKC, simplified, lower case, no spaces (and no apostrophes). */
  key: string;
  /** key before traditional → simplified conversion (differs only for traditional input). */
  keyAsTyped: string;
  kind: QueryKind;
  chars: string[];
  tokens: QueryToken[];
  /** Latin letters of a pinyin query (latin kind), e.g. 'longshui' for 'Long Shui'. */
  letters: string;
  /** Toneless pinyin of a Hanzi query in context (pinyin-pro), e.g. 'longshuizhen' for 龙水真. */
  spokenAs: string | null;
}

/** Why a query cannot be searched, in plain words, or null when it can. */
export function queryProblem(raw: string): 'control_characters' | 'empty_text' | null {
  // \p{Cc}: C0 and C1 control characters (NUL, newline, escape …); plus the two Unicode line separators.
  if (/[\p{Cc}\u2028\u2029]/u.test(raw)) return 'control_characters';
  if (raw.trim() === '') return 'empty_text';
  return null;
}

function stripTones(text: string): string {
  // Latin letters only: CJK characters have no combining marks under NFD.
  return text
    .normalize('NFD')
    .replace(/u\u0308/g, 'v')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');
}

export function readingsOf(ch: string): string[] {
  if (!HAN.test(ch)) return [];
  const readings = pinyin(ch, { toneType: 'none', multiple: true, type: 'array', v: true }).filter((r) =>
    LATIN_ONLY.test(r),
  );
  return [...new Set(readings)];
}

export function parseQuery(rawInput: string): ParsedQuery {
  const raw = rawInput.trim();
  const typed = stripTones(raw.normalize('NFKC').toLowerCase()).replace(/[\s'’‘]+/g, '');
  const key = toSimplified(typed);
  const chars = Array.from(key);
  const hasHan = chars.some((c) => HAN.test(c));
  const hasLatin = chars.some((c) => c >= 'a' && c <= 'z');
  const kind: QueryKind = !hasLatin ? 'han' : !hasHan && LATIN_ONLY.test(key) ? 'latin' : 'mixed';

  const tokens: QueryToken[] = [];
  for (const ch of chars) {
    const last = tokens[tokens.length - 1];
    if (ch >= 'a' && ch <= 'z') {
      if (last?.type === 'latin') last.letters += ch;
      else tokens.push({ type: 'latin', letters: ch });
    } else {
      tokens.push({ type: 'char', ch, readings: readingsOf(ch) });
    }
  }
  let spokenAs: string | null = null;
  if (kind === 'han' && chars.every((c) => !HAN.test(c) || readingsOf(c).length > 0)) {
    spokenAs = pinyin(key, { toneType: 'none', type: 'array', v: true })
      .join('')
      .replace(/[^a-z0-9]/g, '');
  }
  return { raw, key, keyAsTyped: typed, kind, chars, tokens, letters: kind === 'latin' ? key : '', spokenAs };
}

const escapeRegex = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
const SYLLABLE_REST = '[a-z0-9]*';

/**
 * A pattern over `units` ('龙long 水shui 镇zhen '). Each token consumes whole units from a unit start:
 *  - a character token: that exact character (or, with `homophones`, any character read the same);
 *  - a run of letters: split into pieces, each a prefix of consecutive syllables (full pinyin,
 *    initials, or any mix: longsz, lshuiz). The last token may end inside a syllable.
 * `anchored`: the match starts at the first character of the name.
 */
export function unitsPattern(
  tokens: QueryToken[],
  options: { anchored: boolean; homophones?: boolean },
): string {
  const parts = tokens.map((token, index) => {
    const last = index === tokens.length - 1;
    if (token.type === 'char') {
      if (options.homophones && token.readings.length > 0) return `[^ ](?:${token.readings.join('|')}) `;
      return `${escapeRegex(token.ch)}${SYLLABLE_REST} `;
    }
    const letters = Array.from(token.letters);
    const body = letters.map((l, i) => (i === 0 ? `[^ ]${l}` : `(?:${SYLLABLE_REST} [^ ])?${l}`)).join('');
    return last ? body : `${body}${SYLLABLE_REST} `;
  });
  return (options.anchored ? '^' : '(?:^| )') + parts.join('');
}

/**
 * The initials strings a run of letters can stand for when split into pieces that are each a
 * complete syllable or the start of one ('longsz' → lsz, lgsz, …). Used to pick candidates by the
 * initials index before the units pattern checks them. Null when there are too many to be useful.
 */
export function initialsCandidates(letters: string, max = 24): string[] | null {
  const reach: Array<Set<string>> = Array.from({ length: letters.length + 1 }, () => new Set<string>());
  reach[0]?.add('');
  for (let start = 0; start < letters.length; start++) {
    const from = reach[start];
    if (!from || from.size === 0) continue;
    for (let end = start + 1; end <= letters.length; end++) {
      const piece = letters.slice(start, end);
      if (!SYLLABLE_PREFIXES.has(piece)) break;
      // A piece is a whole syllable or an initial; only the last may be any start of a syllable.
      if (end < letters.length && !SYLLABLE_SET.has(piece) && !INITIALS.has(piece)) continue;
      const target = reach[end];
      if (!target) continue;
      for (const initials of from) target.add(initials + piece.charAt(0));
      if (target.size > max) return null;
    }
  }
  const all = [...(reach[letters.length] ?? [])].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  return all.length > 0 ? all : null;
}

/** Whether letters read as whole syllables, the last possibly unfinished (longshui, longshuiz). */
export function isSyllableSequence(letters: string): boolean {
  const ok: boolean[] = Array.from({ length: letters.length + 1 }, (_, i) => i === 0);
  for (let start = 0; start < letters.length; start++) {
    if (!ok[start]) continue;
    for (let end = start + 1; end <= letters.length; end++) {
      const piece = letters.slice(start, end);
      if (!SYLLABLE_PREFIXES.has(piece)) break;
      if (SYLLABLE_SET.has(piece) || end === letters.length) ok[end] = true;
    }
  }
  return ok[letters.length] === true;
}

/** Distinct unigrams and bigrams of a key, as stored in place_name_search.grams. */
export function gramsOf(key: string): string[] {
  const chars = Array.from(key);
  const grams = new Set<string>(chars);
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams];
}

/** Bigrams of a key (or the key itself when shorter): what a name containing it must contain. */
export function requiredGrams(key: string): string[] {
  const chars = Array.from(key);
  if (chars.length <= 2) return [key];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams];
}

/** For one wrong character: the character sets a name must contain if all but one query character are right. */
export function leaveOneOutSets(key: string): string[][] {
  const chars = [...new Set(Array.from(key))];
  if (chars.length < 2) return [];
  return chars.map((_, skip) => chars.filter((_c, i) => i !== skip));
}

export type Range = [start: number, end: number];

/** Character ranges of `units` matched by `pattern` (unanchored form), in code points of the name. */
export function unitsHighlight(units: string, pattern: string): Range[] {
  const match = new RegExp(pattern).exec(units);
  if (!match) return [];
  const matched = match[0];
  const leadingSeparator = matched.startsWith(' '); // the space that ends the unit before the match
  const first = (units.slice(0, match.index).match(/ /g) ?? []).length + (leadingSeparator ? 1 : 0);
  let count = (matched.match(/ /g) ?? []).length - (leadingSeparator ? 1 : 0);
  if (!matched.endsWith(' ')) count += 1; // ended inside a syllable: that unit counts
  return count > 0 ? [[first, first + count]] : [];
}

/** Ranges where `needle` occurs in `key` (first occurrence), in code points. */
export function substringHighlight(key: string, needle: string): Range[] {
  const at = key.indexOf(needle);
  if (at < 0 || needle === '') return [];
  const start = Array.from(key.slice(0, at)).length;
  return [[start, start + Array.from(needle).length]];
}
