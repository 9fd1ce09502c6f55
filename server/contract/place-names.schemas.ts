// Request and response schemas of the place-name API, shared with the client as types.
import { type Static, type TLiteral, Type } from 'typebox';
import { DistrictCode } from './common.ts';
import { Walk } from './network.schemas.ts';
import { PLACE_NAME_STATUSES, type PlaceNameStatus } from './place-name-statuses.ts';
import { FACILITY_CATEGORIES } from './vocabularies.ts';

const Point = Type.Tuple([Type.Number(), Type.Number()], {
  description: '[lon, lat] in degrees (WGS84 / CGCS2000)',
});
const CategoryCode = Type.String({
  pattern: '^[a-z_]{1,40}$',
  description: 'place_name_categories.category',
});
const TownCode = Type.String({ pattern: '^[0-9]{9}$' });
const Lon = Type.Number({ minimum: -180, maximum: 180 });
const Lat = Type.Number({ minimum: -90, maximum: 90 });

export const SearchQuery = Type.Object(
  {
    q: Type.String({
      maxLength: 100,
      description: 'Hanzi, pinyin (with or without spaces), initials, or a mix',
    }),
    district: Type.Optional(DistrictCode),
    category: Type.Optional(CategoryCode),
    town: Type.Optional(TownCode),
    prefer: Type.Optional(
      Type.String({
        pattern: '^[0-9]{6}$',
        description: 'district whose names rank first (the one on screen)',
      }),
    ),
    near: Type.Optional(Type.String({ maxLength: 60, description: 'lon,lat: breaks ties by distance' })),
    limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
  },
  { additionalProperties: false },
);

export const MatchKind = Type.Union([
  Type.Literal('exact'),
  Type.Literal('prefix'),
  Type.Literal('substring'),
  Type.Literal('pinyin'),
  Type.Literal('initials'),
  Type.Literal('homophone'),
  Type.Literal('fuzzy'),
]);
export const MatchedField = Type.Union([
  Type.Literal('name'),
  Type.Literal('pinyin'),
  Type.Literal('initials'),
  Type.Literal('formerName'),
  Type.Literal('alias'),
]);

export const SearchResult = Type.Object({
  id: Type.String(),
  name: Type.String({ description: 'the current standard name' }),
  pinyin: Type.String(),
  category: Type.String(),
  categoryName: Type.String(),
  townName: Type.Union([Type.String(), Type.Null()]),
  townPinyin: Type.Union([Type.String(), Type.Null()]),
  district: Type.Object({ code: Type.String(), name: Type.String() }),
  isHistorical: Type.Boolean(),
  matchedField: MatchedField,
  matchKind: MatchKind,
  highlight: Type.Object({
    text: Type.String({
      description: 'the name that matched: the standard name, or the former name / alias',
    }),
    ranges: Type.Array(Type.Tuple([Type.Integer(), Type.Integer()]), {
      description: '[start, end) in characters of text',
    }),
  }),
  point: Point,
  distanceM: Type.Optional(Type.Number()),
});

const OptionalUnit = Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]);
export const SearchResponse = Type.Object({
  results: Type.Array(SearchResult),
  interpreted: Type.Object(
    { district: OptionalUnit, town: OptionalUnit },
    { description: 'the district and town the query began with, which narrowed the search' },
  ),
});

export const PlaceNameParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });

export const Alias = Type.Object({
  name: Type.String(),
  kind: Type.Union([Type.Literal('former'), Type.Literal('alias')]),
  validFrom: Type.Union([Type.String(), Type.Null()]),
  validTo: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
});

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** On a heritage protection list (地名文化遗产): which list, batch and year; null when not. */
const Protection = Type.Union([
  Type.Object({
    list: Type.String(),
    batch: Type.Union([Type.Integer(), Type.Null()]),
    year: Type.Integer(),
  }),
  Type.Null(),
]);

export const PlaceNameRecord = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  pinyin: Type.String(),
  pinyinOverridden: Type.Boolean(),
  category: Type.String(),
  categoryName: Type.String(),
  categoryNameEn: Type.String(),
  district: Type.Object({ code: Type.String(), name: Type.String() }),
  town: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
  village: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
  geometry: Type.Unknown({
    description: 'GeoJSON geometry: a point, or a line/polygon for rivers and areas',
  }),
  point: Point,
  origin: NullableString,
  meaning: NullableString,
  history: NullableString,
  aliases: Type.Array(Alias),
  isHistorical: Type.Boolean(),
  protection: Protection,
  approval: Type.Object({ by: NullableString, date: NullableString, document: NullableString }),
  source: Type.String(),
  dataOrigin: Type.String(),
  status: Type.Union(PLACE_NAME_STATUSES.map((s) => Type.Literal(s)) as [TLiteral<PlaceNameStatus>], {
    description:
      'naming workflow: proposed 申报, reviewing 审核, approved 批准, published 公告, retired 更名/注销',
  }),
  version: Type.Integer({ description: 'send it back as If-Match when editing' }),
  validFrom: NullableString,
  validTo: NullableString,
  deletedAt: NullableString,
});

export const HistoricalQuery = Type.Object(
  { district: Type.Optional(DistrictCode) },
  { additionalProperties: false },
);
export const HistoricalResponse = Type.Object({
  results: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      pinyin: Type.String(),
      category: Type.String(),
      categoryName: Type.String(),
      townName: NullableString,
      protection: Protection,
      point: Point,
    }),
  ),
});

export const AtQuery = Type.Object(
  { lon: Lon, lat: Lat, limit: Type.Integer({ minimum: 1, maximum: 20, default: 5 }) },
  { additionalProperties: false },
);
const Unit = Type.Object({ code: Type.String(), name: Type.String() });
export const AtResponse = Type.Object({
  district: Type.Union([Unit, Type.Null()]),
  town: Type.Union([
    Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() }),
    Type.Null(),
  ]),
  village: Type.Union([
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      kind: Type.String(),
      distanceM: Type.Number({ description: 'to the village/community seat, which is a point' }),
    }),
    Type.Null(),
  ]),
  nearby: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      category: Type.String(),
      categoryName: Type.String(),
      distanceM: Type.Number(),
      point: Point,
    }),
  ),
});

export const NearestQuery = Type.Object(
  {
    lon: Lon,
    lat: Lat,
    category: Type.Optional(Type.Enum(FACILITY_CATEGORIES)),
    limit: Type.Integer({ minimum: 1, maximum: 50, default: 5 }),
  },
  { additionalProperties: false },
);
export const NearestResponse = Type.Object({
  results: Type.Array(
    Type.Object({
      id: Type.String(),
      code: Type.String(),
      name: Type.String(),
      category: Type.String(),
      subtype: Type.String(),
      subtypeName: Type.String(),
      address: NullableString,
      phone: NullableString,
      townName: NullableString,
      distanceM: Type.Number({ description: 'straight-line metres on the ellipsoid' }),
      point: Point,
      walk: Type.Optional(Walk),
    }),
  ),
});

export type SearchResultBody = Static<typeof SearchResult>;
export type PlaceNameRecordBody = Static<typeof PlaceNameRecord>;
export type AtResponseBody = Static<typeof AtResponse>;
export type NearestResponseBody = Static<typeof NearestResponse>;
export type HistoricalResponseBody = Static<typeof HistoricalResponse>;
