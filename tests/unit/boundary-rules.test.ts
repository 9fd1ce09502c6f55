// The cheap boundary rules (server/modules/boundaries/rules.ts) without a database: each returns
// coded problems for bad values and none for good ones.
import { describe, expect, it } from 'vitest';
import { BOUNDARY_KINDS as KINDS } from '../../server/modules/boundaries/kinds.ts';
import {
  checkDate,
  checkEnum,
  checkPeople,
  checkReason,
  checkText,
  checkTransition,
  geometryShape,
  Problems,
  type ValidationInput,
} from '../../server/modules/boundaries/rules.ts';

const codes = (p: Problems) => p.list.map((d) => [d.field, d.code]);

function run(rule: (p: Problems) => void): Problems {
  const p = new Problems();
  rule(p);
  return p;
}

describe('dates', () => {
  it('wants real dates, not before 1949-10-01 and not in the future', () => {
    expect(codes(run((p) => checkDate(p, 'd', '2020-02-30')))).toEqual([['body.d', 'not_a_date']]);
    expect(codes(run((p) => checkDate(p, 'd', '1949-09-30')))).toEqual([['body.d', 'date_too_early']]);
    expect(codes(run((p) => checkDate(p, 'd', '2999-01-01')))).toEqual([['body.d', 'date_in_future']]);
    expect(codes(run((p) => checkDate(p, 'd', '2999-01-01', { daysAhead: 10 })))).toEqual([
      ['body.d', 'date_too_late'],
    ]);
    expect(codes(run((p) => checkDate(p, 'd', null, { required: true })))).toEqual([['body.d', 'required']]);
    expect(codes(run((p) => checkDate(p, 'd', '2020-02-29')))).toEqual([]);
  });
});

describe('text and vocabularies', () => {
  it('counts characters, not UTF-16 units', () => {
    const extB = '𠀀'.repeat(100); // 200 UTF-16 units, 100 characters
    expect(codes(run((p) => checkText(p, 't', extB, { max: 100 })))).toEqual([]);
    const tooLong = run((p) => checkText(p, 't', `${extB}a`, { max: 100 }));
    expect(tooLong.list).toEqual([
      { field: 'body.t', code: 'too_long', params: { max: 100 }, problem: 'must be at most 100 characters' },
    ]);
    expect(codes(run((p) => checkText(p, 't', 12, { max: 5 })))).toEqual([['body.t', 'not_text']]);
  });

  it('names the allowed codes', () => {
    const p = run((q) => checkEnum(q, 'stage', 'closed', ['found', 'reported']));
    expect(p.list[0]).toMatchObject({
      code: 'not_in_vocabulary',
      params: { allowed: ['found', 'reported'] },
    });
  });
});

describe('geometry shapes', () => {
  it('accepts the single form and refuses wrong types, bad coordinates, short lines and open rings', () => {
    const line = {
      type: 'LineString',
      coordinates: [
        [105, 29],
        [105.1, 29.1],
      ],
    };
    expect(geometryShape(new Problems(), 'g', line, 'MultiLineString')).toBe(JSON.stringify(line));
    const cases: [unknown, 'Point' | 'MultiLineString' | 'MultiPolygon', string][] = [
      [{ type: 'Point', coordinates: [105, 29] }, 'MultiLineString', 'geometry_wrong_type'],
      [{ type: 'Point', coordinates: [200, 29] }, 'Point', 'geometry_coordinates'],
      [{ type: 'LineString', coordinates: [[105, 29]] }, 'MultiLineString', 'geometry_line_points'],
      [
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
            ],
          ],
        },
        'MultiPolygon',
        'geometry_ring',
      ],
      ['not geojson', 'Point', 'geometry_type'],
    ];
    for (const [value, expected, code] of cases) {
      const p = new Problems();
      expect(geometryShape(p, 'g', value, expected)).toBeUndefined();
      expect(codes(p)).toEqual([['body.g', code]]);
    }
  });
});

describe('transitions and reasons', () => {
  const input = (before: string, after: string, reason: string | null): ValidationInput => ({
    kind: KINDS.disputes,
    before: { id: 1, version: 1, deletedAt: null, stage: before },
    candidate: { stage: after },
    changed: new Set(['stage']),
    reason,
    checkTransitions: true,
  });

  it('allows only the contract transitions, and none from a final stage', () => {
    expect(codes(run((p) => checkTransition(p, input('found', 'negotiating', 'x'))))).toEqual([]);
    const jump = run((p) => checkTransition(p, input('found', 'adjudicated', 'x')));
    expect(jump.list[0]).toMatchObject({
      code: 'transition_not_allowed',
      params: { from: 'found', to: 'adjudicated', allowed: ['negotiating', 'reported'] },
    });
    expect(codes(run((p) => checkTransition(p, input('adjudicated', 'found', 'x'))))).toEqual([
      ['body.stage', 'transition_from_final'],
    ]);
  });

  it('needs a reason for a stage change', () => {
    expect(codes(run((p) => checkReason(p, input('found', 'negotiating', null))))).toEqual([
      ['body.reason', 'reason_required'],
    ]);
    expect(codes(run((p) => checkReason(p, input('found', 'negotiating', '双方同意'))))).toEqual([]);
  });
});

describe('people', () => {
  it('checks each person and refuses unknown fields', () => {
    const p = run((q) =>
      checkPeople(
        q,
        'ourSidePeople',
        [
          { name: '张三', phone: 'abc' },
          { name: '', extra: 1 },
        ],
        true,
      ),
    );
    expect(codes(p)).toEqual([
      ['body.ourSidePeople[0].phone', 'not_a_phone'],
      ['body.ourSidePeople[1].name', 'required'],
      ['body.ourSidePeople[1].extra', 'unknown_field'],
    ]);
  });
});
