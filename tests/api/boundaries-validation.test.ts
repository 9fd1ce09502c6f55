// Every validation rule of the boundary editing API, and that all problems come back at once,
// field by field, as 422 validation_failed.
import { beforeAll, describe, expect, it } from 'vitest';
import { PROBLEMS, type ProblemDetail, renderProblem } from '../../server/contract/problems.ts';
import { useTestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/auth.ts';
import { json, lineBody, markerBody, type Place, placeInDistrict } from './boundaries-helpers.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();
let editor: string;
let place: Place;
let lineId: number;

const tomorrow = () => new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  editor = await signIn(ctx.app, 'boundary_editor');
  place = await placeInDistrict(ctx.app);
  const line = await ctx.app.inject(json('POST', '/api/boundary-lines', editor, lineBody(place)));
  expect(line.statusCode, line.body).toBe(201);
  lineId = line.json().id;
});

type Detail = { field: string; problem: string };
type CodedDetail = ProblemDetail & { code: string };
let lastDetails: CodedDetail[] = [];

async function problemsOf(
  method: string,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Detail[]> {
  const response = await ctx.app.inject(json(method, url, editor, body, headers));
  if (response.statusCode !== 422)
    throw new Error(`expected 422, got ${response.statusCode}: ${response.body}`);
  const error = response.json().error;
  expect(error.code).toBe('validation_failed');
  // Every detail carries a catalogued code whose English template gives exactly its problem text.
  for (const d of error.details as CodedDetail[]) {
    expect(Object.keys(PROBLEMS), d.field).toContain(d.code);
    expect(renderProblem({ ...d, problem: '' }, 'en').length, d.field).toBeGreaterThan(0);
  }
  lastDetails = error.details;
  return (error.details as CodedDetail[]).map(({ field, problem }) => ({ field, problem }));
}
const fields = (details: Detail[]) => details.map((d) => d.field);
const createMarker = (overrides: Record<string, unknown>, northM = 5) =>
  problemsOf('POST', '/api/boundary-markers', markerBody(place, lineId, overrides, northM));

describe('marker rules', () => {
  it.each([
    ['1Q', /3 digits/],
    ['0001Q', /3 digits/],
    ['001X', /3 digits/],
    ['001q', /3 digits/],
    ['000Q', /starts at 001/],
  ])('refuses marker number %s', async (number, problem) => {
    const details = await createMarker({ number });
    expect(details).toEqual([{ field: 'body.number', problem: expect.stringMatching(problem) }]);
  });

  it.each([
    ['single', '001A', /Q/],
    ['double', '001Q', /A\/B/],
    ['triple', '001B', /C\/D\/E/],
  ])('a %s marker cannot carry number %s', async (markerType, number, problem) => {
    const details = await createMarker({ markerType, number });
    expect(details).toEqual([{ field: 'body.number', problem: expect.stringMatching(problem) }]);
  });

  it('accepts the type letters of docs/DOMAIN.md §5', async () => {
    for (const [markerType, number] of [
      ['double', '002A'],
      ['double', '002B'],
      ['triple', '003C'],
      ['triple', '003E'],
    ]) {
      const response = await ctx.app.inject(
        json('POST', '/api/boundary-markers', editor, markerBody(place, lineId, { markerType, number })),
      );
      expect(response.statusCode, response.body).toBe(201);
    }
  });

  it('refuses an unknown type, material and condition', async () => {
    const details = await createMarker({
      markerType: 'quad',
      material: 'wood',
      condition: 'fine',
      number: '001Q',
    });
    expect(fields(details)).toEqual(['body.markerType', 'body.material', 'body.condition']);
  });

  it('refuses a second marker with the same number on the line', async () => {
    const first = await ctx.app.inject(
      json('POST', '/api/boundary-markers', editor, markerBody(place, lineId, { number: '010Q' })),
    );
    expect(first.statusCode).toBe(201);
    const details = await createMarker({ number: '010Q' });
    expect(details).toEqual([
      { field: 'body.number', problem: expect.stringMatching(/already has marker 010Q/) },
    ]);
  });

  it('a marker must stand within 50 m of its line unless marked as an exception', async () => {
    const far = await createMarker({ number: '020Q' }, 80);
    expect(far).toEqual([
      { field: 'body.geometry', problem: expect.stringMatching(/^is 8\d m from its line/) },
    ]);
    const excepted = await ctx.app.inject(
      json(
        'POST',
        '/api/boundary-markers',
        editor,
        markerBody(place, lineId, { number: '020Q', offLineException: true }, 80),
      ),
    );
    expect(excepted.statusCode, excepted.body).toBe(201);
    // Taking the exception away again brings the rule back.
    const id = excepted.json().id;
    const details = await problemsOf(
      'PATCH',
      `/api/boundary-markers/${id}`,
      { offLineException: false, reason: 'x' },
      { 'if-match': '"1"' },
    );
    expect(fields(details)).toEqual(['body.geometry']);
  });

  it('refuses a point outside the district, a malformed point and a missing line', async () => {
    const outside = await createMarker({
      number: '030Q',
      offLineException: true,
      geometry: { type: 'Point', coordinates: [place.lon + 2, place.lat] },
    });
    expect(outside).toEqual([
      { field: 'body.geometry', problem: expect.stringMatching(/outside the district/) },
    ]);
    const malformed = await createMarker({
      number: '031Q',
      geometry: { type: 'Point', coordinates: [200, 95] },
    });
    expect(malformed).toEqual([{ field: 'body.geometry', problem: expect.stringMatching(/out-of-range/) }]);
    const polygon = await createMarker({
      number: '032Q',
      geometry: {
        type: 'LineString',
        coordinates: [
          [1, 1],
          [2, 2],
        ],
      },
    });
    expect(polygon).toEqual([
      { field: 'body.geometry', problem: expect.stringMatching(/must be a GeoJSON Point, not LineString/) },
    ]);
    const noLine = await problemsOf(
      'POST',
      '/api/boundary-markers',
      markerBody(place, 999_999_999, { number: '033Q' }),
    );
    expect(noLine).toEqual([{ field: 'body.lineId', problem: 'no boundary line 999999999' }]);
  });

  it('refuses elevations and set dates that cannot be', async () => {
    const details = await createMarker({ number: '040Q', elevationM: 12_000, dateSet: tomorrow() });
    expect(details).toEqual([
      { field: 'body.elevationM', problem: expect.stringMatching(/-500 and 9000/) },
      { field: 'body.dateSet', problem: 'must not be in the future' },
    ]);
  });

  it('a condition change or a move needs a reason', async () => {
    const created = await ctx.app.inject(
      json('POST', '/api/boundary-markers', editor, markerBody(place, lineId, { number: '050Q' })),
    );
    const id = created.json().id;
    const condition = await problemsOf(
      'PATCH',
      `/api/boundary-markers/${id}`,
      { condition: 'damaged' },
      { 'if-match': '"1"' },
    );
    expect(condition).toEqual([
      { field: 'body.reason', problem: expect.stringMatching(/changing condition/) },
    ]);
    const moved = markerBody(place, lineId, {}, 10).geometry;
    const move = await problemsOf(
      'PATCH',
      `/api/boundary-markers/${id}`,
      { geometry: moved },
      { 'if-match': '"1"' },
    );
    expect(move).toEqual([{ field: 'body.reason', problem: expect.stringMatching(/changing geometry/) }]);
    const ok = await ctx.app.inject(
      json(
        'PATCH',
        `/api/boundary-markers/${id}`,
        editor,
        { note: '只改备注不需要理由' },
        { 'if-match': '"1"' },
      ),
    );
    expect(ok.statusCode).toBe(200);
  });
});

describe('line rules', () => {
  it('reports all problems at once, field by field', async () => {
    const details = await problemsOf('POST', '/api/boundary-lines', {
      ...lineBody(place),
      code: '',
      level: 'village',
      rightUnitCode: 'A-unit',
      status: 'unknown',
      agreementDate: '2024-02-30',
      geometry: { type: 'Point', coordinates: [place.lon, place.lat] },
    });
    expect(fields(details)).toEqual([
      'body.code',
      'body.level',
      'body.rightUnitCode',
      'body.status',
      'body.agreementDate',
      'body.geometry',
    ]);
  });

  it('reports missing required fields together', async () => {
    const details = await problemsOf('POST', '/api/boundary-lines', { name: '只有名字' });
    expect(fields(details)).toEqual(
      expect.arrayContaining([
        'body.code',
        'body.level',
        'body.districtCode',
        'body.status',
        'body.geometry',
      ]),
    );
  });

  it('refuses a line outside its district, an invalid line and an unknown district', async () => {
    const far = lineBody(place, {
      geometry: {
        type: 'LineString',
        coordinates: [
          [place.lon + 2, place.lat],
          [place.lon + 2.01, place.lat],
        ],
      },
    });
    expect(await problemsOf('POST', '/api/boundary-lines', far)).toEqual([
      { field: 'body.geometry', problem: expect.stringMatching(/outside the district/) },
    ]);
    const onePoint = lineBody(place, {
      geometry: { type: 'LineString', coordinates: [[place.lon, place.lat]] },
    });
    expect(await problemsOf('POST', '/api/boundary-lines', onePoint)).toEqual([
      { field: 'body.geometry', problem: 'needs at least two points per line' },
    ]);
    const degenerate = lineBody(place, {
      geometry: {
        type: 'LineString',
        coordinates: [
          [place.lon, place.lat],
          [place.lon, place.lat],
        ],
      },
    });
    expect(await problemsOf('POST', '/api/boundary-lines', degenerate)).toEqual([
      { field: 'body.geometry', problem: expect.stringMatching(/not a valid geometry/) },
    ]);
    expect(
      await problemsOf('POST', '/api/boundary-lines', lineBody(place, { districtCode: '999999' })),
    ).toEqual([{ field: 'body.districtCode', problem: 'no district 999999' }]);
  });

  it('refuses a code that is already used', async () => {
    const body = lineBody(place);
    expect((await ctx.app.inject(json('POST', '/api/boundary-lines', editor, body))).statusCode).toBe(201);
    expect(await problemsOf('POST', '/api/boundary-lines', { ...body })).toEqual([
      { field: 'body.code', problem: expect.stringMatching(/already used/) },
    ]);
  });

  it('a delimited line needs its agreement number, authority and date', async () => {
    const details = await problemsOf('POST', '/api/boundary-lines', lineBody(place, { status: 'delimited' }));
    expect(fields(details)).toEqual([
      'body.agreementNumber',
      'body.approvingAuthority',
      'body.agreementDate',
    ]);
  });

  it('allows only the defined status transitions, each with a reason', async () => {
    const created = await ctx.app.inject(
      json('POST', '/api/boundary-lines', editor, lineBody(place, { status: 'undelimited' })),
    );
    const id = created.json().id;
    const url = `/api/boundary-lines/${id}`;
    const skip = await problemsOf(
      'PATCH',
      url,
      {
        status: 'delimited',
        agreementNumber: '协-1',
        approvingAuthority: '区政府',
        agreementDate: '2020-01-01',
        reason: '跳过勘定',
      },
      { 'if-match': '"1"' },
    );
    expect(skip).toEqual([
      { field: 'body.status', problem: expect.stringMatching(/cannot change from undelimited to delimited/) },
    ]);
    const noReason = await problemsOf('PATCH', url, { status: 'delimiting' }, { 'if-match': '"1"' });
    expect(noReason).toEqual([{ field: 'body.reason', problem: expect.stringMatching(/changing status/) }]);
    const ok = await ctx.app.inject(
      json('PATCH', url, editor, { status: 'delimiting', reason: '启动勘界' }, { 'if-match': '"1"' }),
    );
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('refuses dates before 1949-10-01, in the future, or out of order', async () => {
    const details = await problemsOf(
      'POST',
      '/api/boundary-lines',
      lineBody(place, { agreementDate: '1900-01-01', lastInspectionDate: tomorrow() }),
    );
    expect(details).toEqual([
      { field: 'body.agreementDate', problem: 'must not be before 1949-10-01' },
      { field: 'body.lastInspectionDate', problem: 'must not be in the future' },
    ]);
    const order = await problemsOf(
      'POST',
      '/api/boundary-lines',
      lineBody(place, { agreementDate: '2020-01-01', lastInspectionDate: '2019-01-01' }),
    );
    expect(order).toEqual([
      { field: 'body.lastInspectionDate', problem: 'must not be before agreementDate' },
    ]);
  });
});

describe('inspection rules', () => {
  const inspection = (overrides: Record<string, unknown> = {}) => ({
    lineId,
    round: 7,
    status: 'planned',
    startDate: '2025-01-01',
    ...overrides,
  });

  it('a completed inspection needs an end date and people from both sides', async () => {
    const details = await problemsOf('POST', '/api/inspections', inspection({ status: 'completed' }));
    expect(fields(details)).toEqual(['body.endDate', 'body.ourSidePeople', 'body.otherSidePeople']);
  });

  it('checks dates, people, findings and the round', async () => {
    const details = await problemsOf(
      'POST',
      '/api/inspections',
      inspection({
        round: 0,
        status: 'in_progress',
        startDate: '2024-05-02',
        endDate: '2024-05-01',
        ourSidePeople: [{ name: '', phone: 'call me' }],
        findings: [
          { markerId: 999_999_999, condition: 'ok' },
          { markerId: 999_999_999, condition: 'intact' },
        ],
      }),
    );
    expect(fields(details)).toEqual([
      'body.round',
      'body.endDate',
      'body.ourSidePeople[0].name',
      'body.ourSidePeople[0].phone',
      'body.findings[0].condition',
      'body.findings[1].markerId',
      'body.findings[0].markerId',
    ]);
  });

  it('one inspection per line and round; forward-only status', async () => {
    const created = await ctx.app.inject(json('POST', '/api/inspections', editor, inspection({ round: 3 })));
    expect(created.statusCode, created.body).toBe(201);
    expect(await problemsOf('POST', '/api/inspections', inspection({ round: 3 }))).toEqual([
      { field: 'body.round', problem: expect.stringMatching(/already has an inspection for round 3/) },
    ]);
    const id = created.json().id;
    const done = await ctx.app.inject(
      json(
        'PATCH',
        `/api/inspections/${id}`,
        editor,
        {
          status: 'completed',
          startDate: '2024-03-01',
          endDate: '2024-03-02',
          ourSidePeople: [{ name: '王五' }],
          otherSidePeople: [{ name: '赵六' }],
          reason: '联检结束',
        },
        { 'if-match': '"1"' },
      ),
    );
    expect(done.statusCode, done.body).toBe(200);
    const back = await problemsOf(
      'PATCH',
      `/api/inspections/${id}`,
      { status: 'planned', reason: '重开' },
      { 'if-match': '"2"' },
    );
    expect(back).toEqual([{ field: 'body.status', problem: expect.stringMatching(/none \(final\)/) }]);
  });

  it('a planned inspection may be dated ahead, but not past five years', async () => {
    const ok = await ctx.app.inject(
      json('POST', '/api/inspections', editor, inspection({ round: 8, startDate: tomorrow() })),
    );
    expect(ok.statusCode, ok.body).toBe(201);
    const details = await problemsOf(
      'POST',
      '/api/inspections',
      inspection({ round: 9, startDate: '2099-01-01' }),
    );
    expect(fields(details)).toEqual(['body.startDate']);
  });
});

describe('dispute rules', () => {
  const square = (size: number) => ({
    type: 'Polygon',
    coordinates: [
      [
        [place.lon, place.lat],
        [place.lon + size, place.lat],
        [place.lon + size, place.lat + size],
        [place.lon, place.lat + size],
        [place.lon, place.lat],
      ],
    ],
  });
  const dispute = (overrides: Record<string, unknown> = {}) => ({
    title: '测试林地争议',
    districtCode: place.district,
    lineId,
    parties: [{ name: '甲村' }, { name: '乙村' }],
    area: square(0.002),
    claims: [
      {
        party: '甲村',
        geometry: {
          type: 'LineString',
          coordinates: [
            [place.lon, place.lat],
            [place.lon + 0.002, place.lat + 0.002],
          ],
        },
      },
    ],
    causeType: 'forest',
    stage: 'found',
    riskLevel: 'medium',
    discoveredOn: '2024-06-01',
    ...overrides,
  });

  it('accepts a well-formed dispute', async () => {
    const response = await ctx.app.inject(json('POST', '/api/disputes', editor, dispute()));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().area.type).toBe('MultiPolygon');
  });

  it('checks parties, claims, cause, stage, risk and area together', async () => {
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [place.lon, place.lat],
          [place.lon + 0.01, place.lat + 0.01],
          [place.lon + 0.01, place.lat],
          [place.lon, place.lat + 0.01],
          [place.lon, place.lat],
        ],
      ],
    };
    const details = await problemsOf(
      'POST',
      '/api/disputes',
      dispute({
        parties: [{ name: '甲村' }],
        claims: [
          {
            party: '丙村',
            geometry: {
              type: 'LineString',
              coordinates: [
                [place.lon, place.lat],
                [place.lon + 3, place.lat],
              ],
            },
          },
        ],
        causeType: 'weather',
        stage: 'closed',
        riskLevel: 'extreme',
        area: bowtie,
      }),
    );
    expect(fields(details)).toEqual([
      'body.causeType',
      'body.stage',
      'body.riskLevel',
      'body.parties',
      'body.area',
      'body.claims[0].party',
      'body.claims[0].geometry',
    ]);
    expect(details.find((d) => d.field === 'body.area')!.problem).toMatch(/not a valid geometry/);
  });

  it('moves through stages 发现 → 协商 → 上报 → 裁决 only as defined, with reasons', async () => {
    const created = await ctx.app.inject(json('POST', '/api/disputes', editor, dispute()));
    const url = `/api/disputes/${created.json().id}`;
    const jump = await problemsOf(
      'PATCH',
      url,
      { stage: 'adjudicated', reason: '直接裁决' },
      { 'if-match': '"1"' },
    );
    expect(jump).toEqual([
      { field: 'body.stage', problem: expect.stringMatching(/cannot change from found to adjudicated/) },
    ]);
    // The same detail in Chinese: stage codes by their labels, no English left.
    expect(renderProblem(lastDetails[0]!, 'zh')).toBe('不能从“发现”改为“裁决”；可改为：协商、上报');
    const noReason = await problemsOf('PATCH', url, { stage: 'negotiating' }, { 'if-match': '"1"' });
    expect(fields(noReason)).toEqual(['body.reason']);
    expect(renderProblem(lastDetails[0]!, 'zh')).toBe('修改阶段时必须说明理由');
    const ok = await ctx.app.inject(
      json('PATCH', url, editor, { stage: 'negotiating', reason: '双方同意协商' }, { 'if-match': '"1"' }),
    );
    expect(ok.statusCode).toBe(200);
  });

  it('a resolution date needs a resolution and must follow discovery', async () => {
    const details = await problemsOf('POST', '/api/disputes', dispute({ resolvedOn: '2024-01-01' }));
    expect(details).toEqual([
      { field: 'body.resolvedOn', problem: 'must not be before discoveredOn' },
      { field: 'body.resolution', problem: 'is required' },
    ]);
  });
});

describe('request shape', () => {
  it('refuses unknown fields and wrong JSON types before any domain rule (400)', async () => {
    const response = await ctx.app.inject(
      json('POST', '/api/boundary-markers', editor, {
        ...markerBody(place, lineId),
        colour: 'red',
        offLineException: 'maybe',
      }),
    );
    expect(response.statusCode).toBe(400);
    const details = response.json().error.details.map((d: Detail) => d.field);
    expect(details).toEqual(expect.arrayContaining(['body.colour', 'body.offLineException']));
  });

  it('a malformed If-Match is a 400', async () => {
    const created = await ctx.app.inject(
      json('POST', '/api/boundary-markers', editor, markerBody(place, lineId, { number: '060Q' })),
    );
    const response = await ctx.app.inject(
      json(
        'PATCH',
        `/api/boundary-markers/${created.json().id}`,
        editor,
        { note: 'x' },
        { 'if-match': 'yesterday' },
      ),
    );
    expect(response.statusCode).toBe(400);
  });
});
