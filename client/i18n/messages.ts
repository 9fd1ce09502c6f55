// Every UI string, Chinese and English, in one typed registry. The shell's table (tables/app.ts)
// keeps its own dotted keys; each feature has a namespace (tables/<namespace>.ts) read as
// 'namespace.key'. A key missing in English or unknown to the registry is a compile error; the
// unit test (tests/unit/i18n.test.ts) also checks placeholders and that English has no Chinese.
// To add a namespace: write tables/<name>.ts like the others and list it in NAMESPACES.

import * as admin from './tables/admin.ts';
import { en as appEn, zh as appZh } from './tables/app.ts';
import * as auth from './tables/auth.ts';
import * as boundaries from './tables/boundaries.ts';
import * as coverage from './tables/coverage.ts';
import * as field from './tables/field.ts';
import * as firstRun from './tables/firstRun.ts';
import * as form from './tables/form.ts';
import * as imports from './tables/imports.ts';
import * as modePanels from './tables/modePanels.ts';
import * as placeSearch from './tables/placeSearch.ts';
import * as quality from './tables/quality.ts';
import * as records from './tables/records.ts';

/** The shell's table, keys as they are. */
export const APP = { zh: appZh, en: appEn };

export type Language = 'zh' | 'en';

/** The English (or any other) table of a Chinese one: the same keys, all of them. */
export type Messages<T> = { [K in keyof T]: string };

interface Table {
  zh: Record<string, string>;
  en: Record<string, string>;
}

export const NAMESPACES = {
  admin,
  auth,
  boundaries,
  coverage,
  field,
  firstRun,
  form,
  imports,
  modePanels,
  placeSearch,
  quality,
  records,
} satisfies Record<string, Table>;

type Namespaces = typeof NAMESPACES;
type NamespacedKey = {
  [N in keyof Namespaces & string]: `${N}.${keyof Namespaces[N]['zh'] & string}`;
}[keyof Namespaces & string];

export type MessageKey = keyof typeof appZh | NamespacedKey;

/** `{name}` in a message is replaced by params.name. */
export type MessageParams = Record<string, string | number>;

function flatten(language: Language): Record<string, string> {
  const out: Record<string, string> = { ...APP[language] };
  for (const [ns, table] of Object.entries(NAMESPACES as Record<string, Table>))
    for (const [key, text] of Object.entries(table[language])) out[`${ns}.${key}`] = text;
  return out;
}

const FLAT: Record<Language, Record<string, string>> = { zh: flatten('zh'), en: flatten('en') };

/** Every key with its Chinese and English text (for the completeness test). */
export const ALL_MESSAGES = FLAT;

/** The one lookup: the key's text in `language`, with `{name}` placeholders filled in. */
export function translate(language: Language, key: MessageKey, params?: MessageParams): string {
  const text = FLAT[language][key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (all, name: string) => String(params[name] ?? all)) : text;
}

/** Whether a key built at run time (e.g. from a field name) is in the registry. */
export function isMessageKey(key: string): key is MessageKey {
  return key in FLAT.zh;
}
