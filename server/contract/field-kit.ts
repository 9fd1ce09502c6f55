// The field kit's vocabularies, shared by the server (sync, offline packages, base maps) and the
// client (outbox, offline store, layer panel): what a queued edit is, what the server answers for
// it, and the zoom range an offline area covers. Plain values only (the page imports them); the
// request schemas are in field-kit.schemas.ts.

/** What can wait in a device's outbox. Deleting needs a connection (it asks for review first). */
export const SYNC_ACTIONS = ['create', 'update'] as const;
export type SyncAction = (typeof SYNC_ACTIONS)[number];

/**
 * The server's answer for one queued edit:
 * - saved: the record was unchanged since the device's base version, the edit applied as it was;
 * - merged: someone else changed other fields meanwhile; theirs kept, the device's applied;
 * - conflict: some fields were changed on both sides; the others applied, those wait for review;
 * - rejected: the edit breaks a rule (the error says which); nothing written, it stays queued.
 */
export const SYNC_OUTCOMES = ['saved', 'merged', 'conflict', 'rejected'] as const;
export type SyncOutcome = (typeof SYNC_OUTCOMES)[number];

/** The state of an edit on the device: waiting, sent, or one of the server's outcomes. */
export const OUTBOX_STATES = ['pending', 'syncing', ...SYNC_OUTCOMES] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export const CONFLICT_CHOICES = ['theirs', 'mine'] as const;
export type ConflictChoice = (typeof CONFLICT_CHOICES)[number];

/**
 * Fields that only make sense together with another: a marker's GPS accuracy belongs to its
 * position, so when the position conflicts the accuracy waits with it, and is chosen with it.
 */
export const FIELD_COMPANIONS: Record<string, string> = { positionAccuracyM: 'geometry' };

/** The areas a device can take offline, and the zoom levels of the tiles it keeps for them. */
export const OFFLINE_AREA_KINDS = ['line', 'town', 'district'] as const;
export type OfflineAreaKind = (typeof OFFLINE_AREA_KINDS)[number];
export const OFFLINE_MIN_ZOOM = 10;
export const OFFLINE_MAX_ZOOM = 17;
/** A line's area: this far either side of it (metres). */
export const OFFLINE_LINE_BUFFER_M = 500;

/** The tiles of one zoom covering an area: one [y, xFrom, xTo] run (inclusive) per row. */
export interface ZoomTiles {
  z: number;
  count: number;
  rows: [number, number, number][];
}

/** Every tile [z, x, y] of a tile list, in order. */
export function* expandTiles(zooms: ZoomTiles[]): Generator<[number, number, number]> {
  for (const { z, rows } of zooms)
    for (const [y, from, to] of rows) for (let x = from; x <= to; x++) yield [z, x, y];
}

/** Our own vector tiles are over-zoomed on the client past this zoom: an offline area keeps them
 * up to here, and the base map up to OFFLINE_MAX_ZOOM. */
export const OVERLAY_TILE_MAX_ZOOM = 14;

/** A line's joint inspection state (boundary-lines' inspectionState): what the filters take. */
export const INSPECTION_STATES = ['overdue', 'due_soon', 'ok', 'not_applicable'] as const;

/** Base layers the server can offer (see server/modules/basemaps). */
export const BASEMAP_KINDS = ['raster', 'vector', 'style'] as const;
export type BasemapKind = (typeof BASEMAP_KINDS)[number];

/** One base layer as GET /api/basemaps describes it. */
export interface BaseLayer {
  id: string;
  name: { zh: string; en: string };
  kind: BasemapKind;
  /** XYZ tile URLs (raster or vector). */
  tiles?: string[];
  /** A MapLibre style (kind style) or a PMTiles archive served by us (pmtiles). */
  url?: string;
  format?: 'pmtiles' | 'mbtiles';
  tileFormat?: string;
  tileSize?: number;
  minzoom: number;
  maxzoom: number;
  bounds?: [number, number, number, number];
  attribution: string;
  /** Drawn on top of the base layer (天地图's annotation: place names). */
  overlay?: { tiles: string[]; attribution: string };
  /** Vector layers of a vector base map, drawn in muted greys. */
  vectorLayers?: string[];
  /** Whether its tiles may be kept on a device for offline use (our own file only). */
  offline: boolean;
}

export interface ConflictField {
  field: string;
  base: unknown;
  theirs: unknown;
  mine: unknown;
  /** Once settled (in the history row of the settling write). */
  chosen?: ConflictChoice;
}

export interface SyncResult {
  opId: string;
  outcome: SyncOutcome;
  kind: string;
  id?: number;
  /** The record after the write (or as it is, when nothing was written). */
  record?: Record<string, unknown>;
  /** Fields applied from the device. */
  applied?: string[];
  /** Fields someone else changed meanwhile, kept as they are. */
  theirs?: string[];
  conflict?: { id: number; fields: ConflictField[] };
  error?: { code: string; message: string; details?: unknown };
}
