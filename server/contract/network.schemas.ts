// TypeBox schemas of the walking-network parts of the coverage API.
import { Type } from 'typebox';
import { MAX_SPEED_MPS, MEASURES, MIN_SPEED_MPS, OFF_NETWORK_CAP_M, SPEED_PRESETS } from './network.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const MeasureField = Type.Enum([...MEASURES], {
  description: "'straight' (default): geodesic distance; 'network': walking distance along the roads",
});

export const SpeedField = Type.Union(
  [
    Type.Enum([...SPEED_PRESETS]),
    Type.Number({ minimum: MIN_SPEED_MPS, maximum: MAX_SPEED_MPS, description: 'metres per second' }),
  ],
  {
    description:
      "walking speed: 'gb50180' (1000 m in 15 min, the default), 'elderly' (0.8 m/s) or any m/s. A radius or life circle is the time to walk it at the GB 50180 pace; the reach is that time at this speed",
  },
);

const Figures = {
  population: Type.Number(),
  elderlyPopulation: Type.Number(),
  coveredPopulation: Type.Number(),
  coveredElderly: Type.Number(),
  rate: Nullable(Type.Number()),
  elderlyRate: Nullable(Type.Number()),
  villageCount: Type.Integer(),
  coveredVillageCount: Type.Integer(),
};

const Gap = Type.Object({
  rate: Nullable(Type.Number({ description: 'straight-line rate − walking rate (0..1)' })),
  elderlyRate: Nullable(Type.Number()),
});

export const NetworkCoverage = Type.Object({
  speedMps: Type.Number(),
  minutes: Nullable(
    Type.Number({ description: 'the walking time of the life circle or radius (one radius for all)' }),
  ),
  reachM: Nullable(
    Type.Number({ description: 'metres walked in that time at this speed (one radius for all)' }),
  ),
  graph: Type.Object({ edges: Type.Integer(), vertices: Type.Integer() }),
  offNetwork: Type.Object({
    capM: Type.Number({ default: OFF_NETWORK_CAP_M }),
    villagesBeyondCap: Type.Integer(),
    facilitiesBeyondCap: Type.Integer(),
    maxVillageWalkM: Nullable(
      Type.Number({ description: 'longest straight walk onto the network of a village' }),
    ),
    meanVillageWalkM: Nullable(Type.Number()),
  }),
  totals: Type.Object({ ...Figures, gap: Gap }),
  towns: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      ...Figures,
      medianNearestM: Nullable(Type.Number({ description: 'median walking metres to the nearest facility' })),
      straightRate: Nullable(Type.Number()),
      straightElderlyRate: Nullable(Type.Number()),
      gap: Gap,
    }),
  ),
  serviceArea: Type.Unknown({
    description: 'GeoJSON MultiLineString: the reached streets, partial edges included',
  }),
  uncoveredVillages: Type.Object({
    type: Type.Literal('FeatureCollection'),
    numberMatched: Type.Integer(),
    numberReturned: Type.Integer(),
    features: Type.Array(Type.Unknown()),
  }),
  villages: Type.Optional(
    Type.Array(
      Type.Object({
        code: Type.String(),
        networkM: Nullable(Type.Number()),
        offNetworkM: Nullable(Type.Number()),
        edgeId: Nullable(Type.Number()),
        fraction: Nullable(Type.Number()),
        covered: Type.Boolean(),
      }),
    ),
  ),
  sites: Type.Optional(
    Type.Array(
      Type.Object({
        edgeId: Nullable(Type.Number()),
        fraction: Nullable(Type.Number()),
        offNetworkM: Nullable(Type.Number()),
      }),
    ),
  ),
  delta: Type.Optional(
    Type.Object(
      {
        coveredPopulation: Type.Number(),
        coveredElderly: Type.Number(),
        rate: Nullable(Type.Number()),
        elderlyRate: Nullable(Type.Number()),
      },
      { description: 'with proposed sites: walking coverage after minus before' },
    ),
  ),
  proposed: Type.Optional(
    Type.Array(
      Type.Object({
        newlyCoveredPopulation: Type.Number(),
        newlyCoveredElderly: Type.Number(),
        newlyCoveredVillages: Type.Integer(),
      }),
    ),
  ),
});

export const Walk = Nullable(
  Type.Object(
    {
      distanceM: Type.Number({
        description: 'walking metres along the road network, both walks onto it included',
      }),
      minutes: Type.Number({ description: 'at the GB 50180 pace (1000 m in 15 min)' }),
      elderlyMinutes: Type.Number({ description: 'at 0.8 m/s' }),
      offNetworkM: Type.Number({ description: 'of which walked straight onto and off the network' }),
      route: Type.Object({
        type: Type.Literal('LineString'),
        coordinates: Type.Array(Type.Array(Type.Number())),
      }),
    },
    { description: 'null when the district has no road network or either end is off it' },
  ),
);
