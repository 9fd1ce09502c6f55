// CQL2 text → CQL2-JSON: precedence, negated predicates, literals, WKT, and what must be refused.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors.ts';
import { parseCql2Text } from '../../server/modules/features/cql2.ts';

const p = (name: string) => ({ property: name });

describe('CQL2 text', () => {
  it('AND binds tighter than OR; NOT tighter than AND; parentheses group', () => {
    expect(parseCql2Text("a = 1 OR b = 'x' AND NOT c IS NULL")).toEqual({
      op: 'or',
      args: [
        { op: '=', args: [p('a'), 1] },
        {
          op: 'and',
          args: [
            { op: '=', args: [p('b'), 'x'] },
            { op: 'not', args: [{ op: 'isNull', args: [p('c')] }] },
          ],
        },
      ],
    });
    expect(parseCql2Text('(a = 1 OR b = 2) AND c = 3')).toEqual({
      op: 'and',
      args: [
        {
          op: 'or',
          args: [
            { op: '=', args: [p('a'), 1] },
            { op: '=', args: [p('b'), 2] },
          ],
        },
        { op: '=', args: [p('c'), 3] },
      ],
    });
  });

  it('NOT LIKE / NOT IN / NOT BETWEEN / IS NOT NULL, quoted names, escaped quotes, dates', () => {
    expect(parseCql2Text("name NOT LIKE '龙%'")).toEqual({
      op: 'not',
      args: [{ op: 'like', args: [p('name'), '龙%'] }],
    });
    expect(parseCql2Text('"beds" NOT IN (1, -2.5)')).toEqual({
      op: 'not',
      args: [{ op: 'in', args: [p('beds'), [1, -2.5]] }],
    });
    expect(parseCql2Text("d NOT BETWEEN DATE('2020-01-01') AND DATE('2021-01-01')")).toEqual({
      op: 'not',
      args: [{ op: 'between', args: [p('d'), { date: '2020-01-01' }, { date: '2021-01-01' }] }],
    });
    expect(parseCql2Text('x IS NOT NULL')).toEqual({ op: 'not', args: [{ op: 'isNull', args: [p('x')] }] });
    expect(parseCql2Text("name = 'O''Brien'")).toEqual({ op: '=', args: [p('name'), "O'Brien"] });
    expect(parseCql2Text('flag = TRUE and n >= 1e3')).toEqual({
      op: 'and',
      args: [
        { op: '=', args: [p('flag'), true] },
        { op: '>=', args: [p('n'), 1000] },
      ],
    });
  });

  it('S_INTERSECTS with WKT and BBOX literals', () => {
    expect(parseCql2Text('S_INTERSECTS(geometry, POINT(105.5 29.7))')).toEqual({
      op: 's_intersects',
      args: [p('geometry'), { type: 'Point', coordinates: [105.5, 29.7] }],
    });
    expect(parseCql2Text('s_intersects(geometry, MULTIPOINT((1 2), (3 4)))')).toEqual(
      parseCql2Text('S_INTERSECTS(geometry, MULTIPOINT(1 2, 3 4))'),
    );
    expect(parseCql2Text('S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 0)))')).toMatchObject({
      args: [
        p('geometry'),
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        },
      ],
    });
    expect(parseCql2Text('S_INTERSECTS(geometry, BBOX(1, 2, 3, 4))')).toEqual({
      op: 's_intersects',
      args: [p('geometry'), { bbox: [1, 2, 3, 4] }],
    });
  });

  it.each([
    "a = 'x' AND",
    'a = 1 b = 2',
    "a = 'unterminated",
    'a = 1; DROP TABLE towns',
    'CASEI(a) = 1',
    'a + 1 = 2',
    '(a = 1',
    'S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(1 2)))',
    'a',
    '',
  ])('refuses %j with a 400 on query.filter', (text) => {
    try {
      parseCql2Text(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(400);
      expect(((error as AppError).details as { field: string }[])[0]?.field).toBe('query.filter');
    }
  });
});
