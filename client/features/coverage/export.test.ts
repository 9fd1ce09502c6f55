import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './export.ts';

describe('CSV export', () => {
  it('quotes only what needs quoting', () => {
    expect(csvField('龙水镇')).toBe('龙水镇');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(csvField(12345)).toBe('12345');
  });

  it('starts with a BOM and ends lines with CRLF', () => {
    const csv = toCsv(['镇街', '人口'], [['龙水镇', 1234]]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toBe('\uFEFF镇街,人口\r\n龙水镇,1234\r\n');
  });
});
