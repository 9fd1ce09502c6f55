// Synthetic township boundary lines (乡镇界线) and their markers (界桩). Each line is the shared edge of
// two adjacent synthetic towns, oriented west→east or north→south, with markers numbered 001 upward in
// that order: mostly single (Q), some same-number pairs (A/B) and a few triples (C/D/E), as docs/DOMAIN.md §5.
import type { DemoBoundaryLine, DemoBoundaryMarker } from '../../server/db/dataset-types.ts';
import { type DistrictContext, nearestVillages, type TownState } from './context.ts';
import { distToBoundary, pointAlong, polygonsContain, polylineLength, type XY } from './geometry.ts';
import type { Random } from './random.ts';

type Status = DemoBoundaryLine['status'];

const MARKER_SPACING_KM = 1.5;

/** Orients every piece along the line's main axis and orders the pieces the same way. */
function orient(pieces: XY[][]): { pieces: XY[][]; westEast: boolean } {
  const pts = pieces.flat();
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const westEast = Math.max(...xs) - Math.min(...xs) >= Math.max(...ys) - Math.min(...ys);
  const key = (p: XY) => (westEast ? p[0] : -p[1]);
  const oriented = pieces.map((piece) =>
    key(piece[0]!) <= key(piece[piece.length - 1]!) ? piece : piece.slice().reverse(),
  );
  oriented.sort((a, b) => key(a[0]!) - key(b[0]!));
  return { pieces: oriented, westEast };
}

function along(pieces: XY[][], d: number): { point: XY; dir: XY } {
  let left = d;
  for (const piece of pieces) {
    const len = polylineLength(piece);
    if (left <= len) return pointAlong(piece, left);
    left -= len;
  }
  const last = pieces[pieces.length - 1]!;
  return pointAlong(last, polylineLength(last));
}

/** Smooth synthetic terrain: elevation in [lo, hi] as a sum of long-wave sines. */
function elevationAt(p: XY, [lo, hi]: [number, number], seed: number): number {
  const n =
    0.5 * Math.sin(p[0] / 9 + seed) * Math.cos(p[1] / 11 - seed) +
    0.3 * Math.sin(p[0] / 3.1 + p[1] / 4.3 + 2 * seed) +
    0.2 * Math.cos(p[1] / 1.7 - p[0] / 2.2);
  return Math.round((lo + ((n + 1) / 2) * (hi - lo)) * 10) / 10;
}

export function generateBoundaries(ctx: DistrictContext, rng: Random): DemoBoundaryLine[] {
  const townByCode = new Map(ctx.towns.map((t) => [t.code, t]));
  const n = ctx.edges.length;
  // Status quotas: ≈55 % delimited, 20 % delimiting, 20 % undelimited, 5 % (at least one) disputed.
  const disputed = Math.max(1, Math.round(n * 0.05));
  const delimited = Math.round(n * 0.55);
  const delimiting = Math.round(n * 0.2);
  const statuses: Status[] = rng.shuffle(
    Array.from(
      { length: n },
      (_, i): Status =>
        i < delimited
          ? 'delimited'
          : i < delimited + delimiting
            ? 'delimiting'
            : i < n - disputed
              ? 'undelimited'
              : 'disputed',
    ),
  );
  const agreementSeq = new Map<number, number>();
  const elevationSeed = rng.range(0, 10);

  return ctx.edges.map((edge, idx): DemoBoundaryLine => {
    const a = townByCode.get(edge.a)!;
    const b = townByCode.get(edge.b)!;
    const { pieces, westEast } = orient(edge.pieces);
    const length = pieces.reduce((s, p) => s + polylineLength(p), 0);
    const [left, right] = leftAndRight(pieces, a, b);
    const status = statuses[idx]!;

    let agreementNumber: string | null = null;
    let agreementDate: string | null = null;
    let lastInspection: string | null = null;
    if (status === 'delimited') {
      agreementDate = rng.date(2003, 2023);
      const year = Number(agreementDate.slice(0, 4));
      const seq = (agreementSeq.get(year) ?? 0) + 1;
      agreementSeq.set(year, seq);
      agreementNumber = `${ctx.profile.agreementPrefix}〔${year}〕第${String(seq).padStart(3, '0')}号`;
      // Joint inspections every 5 years; dates from 2017 on leave some lines overdue.
      lastInspection = rng.date(Math.max(2017, year), 2025);
      if (lastInspection < agreementDate) lastInspection = agreementDate;
    } else if (status === 'disputed') {
      lastInspection = rng.date(2017, 2021);
    }

    const markers = placeMarkers(ctx, pieces, length, left, right, status, agreementDate, elevationSeed, rng);
    const start = pieces[0]![0]!;
    const lastPiece = pieces[pieces.length - 1]!;
    const end = lastPiece[lastPiece.length - 1]!;
    const mid = along(pieces, length / 2).point;
    const passing = nearestVillages(ctx, mid, 2, (v) => v.town === a || v.town === b).map((v) => v.name);
    const name = `${a.name}—${b.name}界线`;
    const description =
      `${name}${westEast ? '西' : '北'}起${junction(ctx, start, a, b)}，大致${westEast ? '自西向东' : '自北向南'}延伸，` +
      `途经${passing.join('、')}一带，止于${junction(ctx, end, a, b)}，全长约${length.toFixed(1)}千米，` +
      `沿线设界桩${new Set(markers.map((m) => m.number.slice(0, 3))).size}处。（合成演示数据）`;

    return {
      code: `${ctx.code}-L${String(idx + 1).padStart(3, '0')}`,
      name,
      level: 'township',
      district_code: ctx.code,
      left_unit_code: left.code,
      left_unit_name: left.name,
      right_unit_code: right.code,
      right_unit_name: right.name,
      status,
      agreement_number: agreementNumber,
      approving_authority: status === 'delimited' ? ctx.profile.authority : null,
      agreement_date: agreementDate,
      description,
      last_inspection_date: lastInspection,
      geom: {
        type: 'MultiLineString',
        coordinates: pieces.map((piece) => {
          const out: [number, number][] = [];
          for (const p of piece) {
            const q = ctx.frame.toLonLat(p);
            const prev = out[out.length - 1];
            if (!prev || prev[0] !== q[0] || prev[1] !== q[1]) out.push(q);
          }
          return out;
        }),
      },
      markers,
    };
  });
}

/** Left and right as seen walking the oriented line: probe a few metres to the left of its longest piece. */
function leftAndRight(pieces: XY[][], a: TownState, b: TownState): [TownState, TownState] {
  const longest = pieces.reduce((x, y) => (polylineLength(y) > polylineLength(x) ? y : x));
  for (const frac of [0.5, 0.3, 0.7, 0.2, 0.8]) {
    const { point, dir } = pointAlong(longest, polylineLength(longest) * frac);
    const probe: XY = [point[0] - dir[1] * 0.02, point[1] + dir[0] * 0.02];
    if (polygonsContain(a.shape, probe)) return [a, b];
    if (polygonsContain(b.shape, probe)) return [b, a];
  }
  return [a, b];
}

function junction(ctx: DistrictContext, p: XY, a: TownState, b: TownState): string {
  const third = ctx.towns.find((t) => t !== a && t !== b && distToBoundary(t.shape, p) < 0.01);
  return third ? `${a.name}、${b.name}与${third.name}交界处` : `${ctx.name}界`;
}

function placeMarkers(
  ctx: DistrictContext,
  pieces: XY[][],
  length: number,
  left: TownState,
  right: TownState,
  status: Status,
  agreementDate: string | null,
  elevationSeed: number,
  rng: Random,
): DemoBoundaryMarker[] {
  const count = Math.max(2, Math.round(length / MARKER_SPACING_KM));
  const markers: DemoBoundaryMarker[] = [];
  const agreementYear = agreementDate ? Number(agreementDate.slice(0, 4)) : null;
  for (let i = 0; i < count; i++) {
    const d = (length * (i + 0.5 + rng.range(-0.25, 0.25))) / count;
    const { point, dir } = along(pieces, Math.max(0, Math.min(length, d)));
    const type = rng.weighted<DemoBoundaryMarker['marker_type']>([
      ['single', 85],
      ['double', 11],
      ['triple', 4],
    ]);
    const normal: XY = [-dir[1], dir[0]];
    // Pairs stand ≈5 m either side of the line; triples ≈6 m round the point, 120° apart.
    const spots: [string, XY, TownState | null][] =
      type === 'single'
        ? [['Q', point, i % 2 === 0 ? left : right]]
        : type === 'double'
          ? [
              ['A', [point[0] + normal[0] * 0.005, point[1] + normal[1] * 0.005], left],
              ['B', [point[0] - normal[0] * 0.005, point[1] - normal[1] * 0.005], right],
            ]
          : (['C', 'D', 'E'] as const).map((letter, k): [string, XY, TownState | null] => {
              const ang = Math.atan2(dir[1], dir[0]) + Math.PI / 2 + (k * 2 * Math.PI) / 3;
              return [
                letter,
                [point[0] + Math.cos(ang) * 0.006, point[1] + Math.sin(ang) * 0.006],
                k === 2 ? null : k === 0 ? left : right,
              ];
            });
    const material = rng.weighted<DemoBoundaryMarker['material']>([
      ['granite', 55],
      ['concrete', 35],
      ['composite', 5],
      ['steel', 3],
      ['other', 2],
    ]);
    // Lines agreed recently got new markers then; the rest date from the 1990s–2000s survey.
    const dateSet = agreementYear
      ? rng.date(Math.max(1990, agreementYear - 1), Math.min(2024, agreementYear + 1))
      : rng.date(1993, 2010);
    for (const [letter, at, side] of spots) {
      markers.push({
        number: `${String(i + 1).padStart(3, '0')}${letter}`,
        marker_type: type,
        material,
        condition: rng.weighted<DemoBoundaryMarker['condition']>([
          ['intact', 75],
          ['damaged', 9],
          ['illegible', 6],
          ['displaced', 5],
          ['missing', 5],
        ]),
        geom: { type: 'Point', coordinates: ctx.frame.toLonLat(at) },
        elevation_m: elevationAt(at, ctx.profile.elevation, elevationSeed),
        date_set: status === 'undelimited' && rng.chance(0.3) ? null : dateSet,
        responsible_side: side ? side.name : '双方共管',
      });
    }
  }
  return markers;
}
