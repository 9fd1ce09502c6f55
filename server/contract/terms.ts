// A vocabulary: coded values, each with its Chinese and English label. Every vocabulary of the
// contract (vocabularies.ts, roles.ts, facility-statuses.ts …) is built with terms() from here.

export interface Term<C extends string = string> {
  code: C;
  zh: string;
  en: string;
}

export type Lang = 'zh' | 'en';
export type Codes<V extends readonly Term[]> = V[number]['code'];

export function codesOf<V extends readonly Term[]>(terms: V): readonly Codes<V>[] {
  return terms.map((t) => t.code);
}

/** A vocabulary from rows of [code, zh, en]; the codes keep their literal types. */
export function terms<const R extends readonly (readonly [code: string, zh: string, en: string])[]>(
  rows: R,
): { readonly [K in keyof R]: Term<R[K][0]> } {
  return rows.map(([code, zh, en]) => ({ code, zh, en })) as unknown as {
    readonly [K in keyof R]: Term<R[K][0]>;
  };
}

/** The label of `code` in `lang`, or the code itself when the vocabulary does not know it. */
export function termLabel(terms: readonly Term[], code: string, lang: Lang): string {
  return terms.find((t) => t.code === code)?.[lang] ?? code;
}

/** A vocabulary as a code → [zh, en] table (the shape the client's label tables use). */
export const labelPairs = (terms: readonly Term[]): Record<string, [zh: string, en: string]> =>
  Object.fromEntries(terms.map((t) => [t.code, [t.zh, t.en]]));
