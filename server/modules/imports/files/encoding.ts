// Text encodings of uploaded files: UTF-8 (with or without BOM) or GBK, the encoding Chinese Excel
// and most government systems still write. Detection reads the first 64 KB: bytes that are valid
// UTF-8 are taken as UTF-8, anything else as GBK (decoded as GB18030, its superset).

export type TextEncoding = 'utf-8' | 'gbk';
export type EncodingChoice = TextEncoding | 'auto';

const SNIFF_BYTES = 64 * 1024;

export function detectEncoding(sample: Uint8Array): TextEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  try {
    // stream: true so a character cut at the end of the sample is not taken for an error.
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, SNIFF_BYTES), { stream: true });
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}
