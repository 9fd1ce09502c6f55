// TypeBox schemas of the data-quality report (GET /api/quality), shared with the client (type-only
// import) and with the import dry run, which calls checkQuality inside its transaction.
import { type Static, Type } from 'typebox';
import { DistrictCode } from './common.ts';

/** Most serious first: the report lists problems in this order. */
export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Every check, in the order the report lists them within a severity. */
export const QUALITY_CHECKS = [
  'town_gap',
  'town_overlap',
  'town_outside_district',
  'outside_own_town',
  'code_not_nested',
  'duplicate_name',
  'duplicate_marker_number',
  'line_off_edge',
  'marker_off_line',
] as const;
export type QualityCheck = (typeof QUALITY_CHECKS)[number];

export const QualityQuery = Type.Object({ district: DistrictCode }, { additionalProperties: false });

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() }, { additionalProperties: false });

export const QualityProblem = Type.Object(
  {
    id: Type.String({
      description: 'stable while the records involved do not change: check, codes and, for areas, a point',
    }),
    check: Type.Enum([...QUALITY_CHECKS]),
    severity: Type.Enum([...SEVERITIES]),
    codes: Type.Array(Type.String(), {
      description:
        'records involved: town / village / line / place-name codes; a marker is "<line code>#<number>"',
    }),
    message: Bilingual,
    areaM2: Type.Optional(Type.Number({ description: 'area in m² on the WGS84 ellipsoid' })),
    distanceM: Type.Optional(Type.Number({ description: 'distance in metres' })),
    geometry: Type.Unknown({ description: 'GeoJSON geometry in WGS84: where the problem is' }),
  },
  { additionalProperties: false },
);
export type QualityProblem = Static<typeof QualityProblem> & { geometry: GeoJSON.Geometry };

const SeverityCounts = Type.Object(
  { error: Type.Integer(), warning: Type.Integer(), info: Type.Integer() },
  { additionalProperties: false },
);

export const QualityReport = Type.Object(
  {
    district: Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: false }),
    checkedAt: Type.String({ description: 'ISO timestamp' }),
    durationMs: Type.Integer(),
    counts: SeverityCounts,
    checks: Type.Array(
      Type.Object(
        {
          check: Type.Enum([...QUALITY_CHECKS]),
          ...SeverityCounts.properties,
          total: Type.Integer(),
          listed: Type.Integer({ description: 'problems of this check in `problems` (capped per check)' }),
          durationMs: Type.Integer(),
        },
        { additionalProperties: false },
      ),
    ),
    thresholds: Type.Object(
      {
        minAreaM2: Type.Number(),
        sliverWidthM: Type.Number(),
        outlineToleranceM: Type.Number(),
        lineEdgeToleranceM: Type.Number(),
        markerMaxDistanceM: Type.Number(),
      },
      { additionalProperties: false },
    ),
    problems: Type.Array(QualityProblem),
  },
  { additionalProperties: false },
);
export type QualityReport = Omit<Static<typeof QualityReport>, 'problems'> & { problems: QualityProblem[] };
