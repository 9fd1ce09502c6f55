// The problem-code catalogue (server/contract/problems.ts): every code has a Chinese and an English
// template; the English template declares the parameters the server sends (TypeScript holds every
// call to exactly those), so the Chinese one may use only those; no Chinese template keeps English
// words, and rendering fills every placeholder.
import { describe, expect, it } from 'vitest';
import { PROBLEMS, placeholders, problemDetail, renderProblem } from '../../server/contract/problems.ts';

const entries = Object.entries(PROBLEMS) as [
  keyof typeof PROBLEMS,
  (typeof PROBLEMS)[keyof typeof PROBLEMS],
][];

describe('problem catalogue', () => {
  it.each(entries)('%s has a template in both languages', (_code, template) => {
    expect(template.en.trim()).not.toBe('');
    expect(template.zh.trim()).not.toBe('');
  });

  it.each(entries)('%s: the Chinese template uses only parameters the server sends', (_code, template) => {
    const sent = placeholders(template.en);
    for (const name of placeholders(template.zh)) expect(sent).toContain(name);
    const { codes = [], fields = [] } = template as { codes?: readonly string[]; fields?: readonly string[] };
    for (const name of [...codes, ...fields]) expect(sent).toContain(name);
  });

  it.each(entries)('%s: the Chinese template has no English word', (_code, template) => {
    // Placeholders, GeoJSON/JPEG/PNG/ETag and code examples (001Q, A/B) are not words of a sentence.
    const rest = template.zh
      .replace(/\{\w+\}/g, '')
      .replace(/GeoJSON|JPEG|PNG|ETag/g, '')
      .replace(/\b\d*[A-Z](\/[A-Z])*\b/g, '');
    expect(rest).not.toMatch(/[a-z]{2,}/i);
  });
});

describe('renderProblem', () => {
  it('fills parameters and shows codes and field names by their labels', () => {
    const detail = problemDetail('body.stage', 'transition_not_allowed', {
      from: 'found',
      to: 'adjudicated',
      allowed: ['negotiating', 'reported'],
    });
    expect(detail.problem).toBe('cannot change from found to adjudicated; allowed: negotiating, reported');
    expect(renderProblem(detail, 'zh')).toBe('不能从“发现”改为“裁决”；可改为：协商、上报');
    expect(renderProblem(detail, 'en')).toBe(
      'cannot change from Found to Adjudicated; allowed: Negotiating, Reported',
    );
    const reason = problemDetail('body.reason', 'reason_required', { fields: ['condition', 'geometry'] });
    expect(reason.problem).toBe('is required when changing condition, geometry (say why)');
    expect(renderProblem(reason, 'zh')).toBe('修改状况、位置时必须说明理由');
  });

  it('keeps the English text of a detail without a known code', () => {
    expect(renderProblem({ field: 'x', problem: 'is odd', code: 'no_such_code' }, 'zh')).toBe('is odd');
  });
});
