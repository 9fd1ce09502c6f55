// TypeBox schemas of the coverage API: request bodies and responses, shared with the client.

import { type Static, Type } from 'typebox';
import { DistrictCode } from './common.ts';
import { MeasureField, NetworkCoverage, SpeedField } from './network.schemas.ts';
import { FACILITY_CATEGORIES, FACILITY_STATUSES, LIFE_CIRCLES } from './vocabularies.ts';

export { LIFE_CIRCLES };

export const FacilityCategory = Type.Enum(FACILITY_CATEGORIES);
export const FacilityStatus = Type.Enum(FACILITY_STATUSES);
const SubtypeCode = Type.String({ pattern: '^[a-z_]{1,40}$' });

export const FacilitySelection = Type.Object(
  {
    categories: Type.Optional(
      Type.Array(FacilityCategory, { minItems: 1, maxItems: FACILITY_CATEGORIES.length }),
    ),
    subtypes: Type.Optional(Type.Array(SubtypeCode, { minItems: 1, maxItems: 40 })),
    statuses: Type.Optional(
      Type.Array(FacilityStatus, {
        minItems: 1,
        maxItems: FACILITY_STATUSES.length,
        description: "default ['operating']",
      }),
    ),
  },
  { additionalProperties: false },
);

export const ProposedSite = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    subtype: Type.Optional(SubtypeCode),
  },
  { additionalProperties: false },
);

export const selectionFields = {
  district: DistrictCode,
  facilities: Type.Optional(FacilitySelection),
  lifeCircle: Type.Optional(
    Type.Enum([...(Object.keys(LIFE_CIRCLES) as (keyof typeof LIFE_CIRCLES)[]), 'default'], {
      description: `${Object.entries(LIFE_CIRCLES)
        .map(([k, m]) => `${k} = ${m} m`)
        .join(', ')} (GB 50180-2018); 'default' = each subtype's default radius`,
    }),
  ),
  radiusMeters: Type.Optional(
    Type.Number({ minimum: 1, maximum: 50_000, description: 'any radius in metres' }),
  ),
  proposed: Type.Optional(Type.Array(ProposedSite, { maxItems: 100 })),
  measure: Type.Optional(MeasureField),
  speed: Type.Optional(SpeedField),
};

export const CoverageBody = Type.Object(
  {
    ...selectionFields,
    uncoveredLimit: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 50_000,
        description: 'most uncovered villages returned (most elderly first); default 5000',
      }),
    ),
    villageDetail: Type.Optional(
      Type.Boolean({ description: "measure 'network': every village's walk (edge, fraction, metres)" }),
    ),
  },
  { additionalProperties: false },
);
export type CoverageBody = Static<typeof CoverageBody>;

export const SuggestionsBody = Type.Object(
  {
    ...selectionFields,
    k: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, description: 'how many sites; default 5' })),
    candidates: Type.Optional(Type.Enum(['villages', 'grid', 'both'], { description: "default 'both'" })),
    gridSpacingMeters: Type.Optional(
      Type.Number({ minimum: 100, maximum: 10_000, description: 'default: half the radius, ≥ 250 m' }),
    ),
    subtype: Type.Optional(SubtypeCode),
  },
  { additionalProperties: false },
);
export type SuggestionsBody = Static<typeof SuggestionsBody>;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Figures = {
  population: Type.Number(),
  elderlyPopulation: Type.Number(),
  coveredPopulation: Type.Number(),
  coveredElderly: Type.Number(),
  rate: Nullable(Type.Number({ description: 'coveredPopulation / population, 0..1' })),
  elderlyRate: Nullable(Type.Number({ description: 'coveredElderly / elderlyPopulation, 0..1' })),
  facilityCount: Type.Integer(),
  villageCount: Type.Integer(),
  coveredVillageCount: Type.Integer(),
};

export const TownCoverage = Type.Object({
  code: Type.String(),
  name: Type.String(),
  ...Figures,
  medianNearestM: Nullable(
    Type.Number({ description: 'median over villages of the distance to the nearest facility' }),
  ),
  bbox: Type.Array(Type.Number()),
});

const DeltaFigures = Type.Object({
  coveredPopulation: Type.Number(),
  coveredElderly: Type.Number(),
  rate: Nullable(Type.Number()),
  elderlyRate: Nullable(Type.Number()),
  facilityCount: Type.Integer(),
  coveredVillageCount: Type.Integer(),
});

export const CoverageResponse = Type.Object({
  district: Type.Object({ code: Type.String(), name: Type.String() }),
  populationYears: Type.Optional(
    Type.Array(Type.Integer(), {
      description: 'the years of the village figures counted (each village its latest year)',
    }),
  ),
  measure: Type.Optional(MeasureField),
  network: Type.Optional(NetworkCoverage),
  radius: Type.Object({
    lifeCircle: Nullable(Type.String()),
    meters: Nullable(Type.Number()),
    bySubtype: Type.Record(Type.String(), Type.Number()),
  }),
  totals: Type.Object(Figures),
  towns: Type.Array(TownCoverage),
  serviceArea: Nullable(Type.Unknown({ description: 'GeoJSON (Multi)Polygon, clipped to the district' })),
  uncoveredVillages: Type.Object({
    type: Type.Literal('FeatureCollection'),
    numberMatched: Type.Integer(),
    numberReturned: Type.Integer(),
    features: Type.Array(Type.Unknown()),
  }),
  proposed: Type.Optional(
    Type.Array(
      Type.Object({
        lon: Type.Number(),
        lat: Type.Number(),
        subtype: Nullable(Type.String()),
        radiusM: Type.Number(),
        townCode: Nullable(Type.String()),
        newlyCoveredPopulation: Type.Number(),
        newlyCoveredElderly: Type.Number(),
        newlyCoveredVillages: Type.Integer(),
      }),
    ),
  ),
  delta: Type.Optional(
    Type.Intersect([
      DeltaFigures,
      Type.Object({
        towns: Type.Array(
          Type.Intersect([Type.Object({ code: Type.String(), name: Type.String() }), DeltaFigures]),
        ),
      }),
    ]),
  ),
});
export type CoverageResponse = Static<typeof CoverageResponse>;

export const Suggestion = Type.Object({
  rank: Type.Integer(),
  lon: Type.Number(),
  lat: Type.Number(),
  source: Type.Enum(['village', 'grid']),
  villageCode: Nullable(Type.String()),
  villageName: Nullable(Type.String()),
  townCode: Nullable(Type.String()),
  townName: Nullable(Type.String()),
  radiusM: Type.Number(),
  newlyCoveredPopulation: Type.Number(),
  newlyCoveredElderly: Type.Number(),
  newlyCoveredVillages: Type.Integer(),
  elderlyRateAfter: Nullable(Type.Number()),
});

export const SuggestionsResponse = Type.Object({
  district: Type.Object({ code: Type.String(), name: Type.String() }),
  baseline: Type.Object({
    coveredElderly: Type.Number(),
    elderlyPopulation: Type.Number(),
    elderlyRate: Nullable(Type.Number()),
  }),
  candidatesConsidered: Type.Integer(),
  suggestions: Type.Array(Suggestion),
});
export type SuggestionsResponse = Static<typeof SuggestionsResponse>;

export const RadiusSetting = Type.Object({
  subtype: Type.String(),
  category: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  defaultRadiusM: Type.Integer(),
  changedBy: Nullable(Type.String()),
  changedAt: Nullable(Type.String()),
});

export const Indicator = Type.Object({
  key: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  value: Nullable(Type.Number()),
  target: Nullable(Type.Number()),
  comparison: Type.Enum(['>=', '<=']),
  unit: Type.String({ description: "'count', 'share' (0..1) or 'm2_per_100_households'" }),
  met: Nullable(Type.Boolean()),
  basis: Type.String({ description: 'how the value is computed from the data' }),
  basisZh: Type.String({ description: 'the same in Chinese' }),
  source: Type.String(),
  failingTowns: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), value: Nullable(Type.Number()) }),
  ),
});

export const IndicatorsResponse = Type.Object({
  district: Type.Object({ code: Type.String(), name: Type.String() }),
  indicators: Type.Array(Indicator),
  unsupported: Type.Array(Type.Object({ key: Type.String(), nameZh: Type.String(), reason: Type.String() })),
});
export type IndicatorsResponse = Static<typeof IndicatorsResponse>;
