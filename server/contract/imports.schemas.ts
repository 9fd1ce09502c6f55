// The import report as the API answers it (dry run or commit); the client imports its type.
import type { Geometry } from 'geojson';
import { type Static, Type } from 'typebox';
import { IMPORT_COLLECTIONS } from './import-collections.ts';
import { QualityReport, type QualityReport as QualityReportType } from './quality.schemas.ts';

export type ImportMode = 'dry-run' | 'commit' | 'commit-valid';
export const IMPORT_MODES: readonly ImportMode[] = ['dry-run', 'commit', 'commit-valid'];

export type ImportFormat = 'csv' | 'xlsx' | 'geojson' | 'shapefile' | 'geopackage' | 'kml';
export const IMPORT_FORMATS: readonly ImportFormat[] = [
  'csv',
  'xlsx',
  'geojson',
  'shapefile',
  'geopackage',
  'kml',
];

/** What is wrong with an imported row, as a code (the message says it in words). */
export type ProblemCode =
  | 'missing_required'
  | 'unknown_category'
  | 'unknown_subtype'
  | 'invalid_geometry'
  | 'outside_district'
  | 'duplicate_code'
  | 'invalid_value'
  | 'unknown_reference'
  | 'deleted_record'
  | 'conflict'
  | 'rule_violation';

export const RowProblem = Type.Object({
  row: Type.Integer(),
  field: Type.String(),
  code: Type.Unsafe<ProblemCode>(Type.String()),
  problem: Type.String(),
});
export const ImportReport = Type.Object({
  importId: Type.Union([Type.Integer(), Type.Null()]),
  previewId: Type.Union([Type.String(), Type.Null()], {
    description:
      "a dry run's id: send it with the commit, which then refuses to overwrite records changed since",
  }),
  collection: Type.Enum(IMPORT_COLLECTIONS),
  mode: Type.Enum(IMPORT_MODES),
  format: Type.Enum(IMPORT_FORMATS),
  encoding: Type.Union([Type.String(), Type.Null()]),
  crs: Type.String(),
  fileName: Type.String(),
  committed: Type.Boolean(),
  warnings: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
  quality: Type.Optional(Type.Unsafe<QualityReportType>(QualityReport)),
  reassigned: Type.Optional(
    Type.Object({
      villages: Type.Integer(),
      facilities: Type.Integer(),
      placeNames: Type.Integer(),
      townsRemoved: Type.Integer(),
    }),
  ),
  rowsRead: Type.Integer(),
  rowsValid: Type.Integer(),
  rowsInvalid: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  toInsert: Type.Integer({
    description: 'records new to the database the valid rows would add (dry run) or added',
  }),
  toUpdate: Type.Integer(),
  ignoredColumns: Type.Array(Type.String()),
  problems: Type.Array(RowProblem),
  problemsTruncated: Type.Boolean({ description: 'problems are one per (row, field), capped' }),
  preview: Type.Array(
    Type.Object({
      row: Type.Integer(),
      key: Type.String(),
      name: Type.Union([Type.String(), Type.Null()]),
      geometry: Type.Unsafe<Geometry>(Type.Unknown()),
    }),
  ),
  message: Type.String(),
});

export type ImportReport = Static<typeof ImportReport>;
export type RowProblem = Static<typeof RowProblem>;
