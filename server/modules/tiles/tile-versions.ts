// The data version of each tile layer (migrations/0018_tile_versions.sql), and a small in-process
// cache of hot tiles keyed by it. A version names the data exactly, so a cached tile is never
// invalidated: an edit moves the version and old entries simply age out.
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { TileLayer } from './tile-layers.ts';

/** How long a read of data_versions is reused: an edit shows in tiles within this (plus the query). */
const VERSIONS_TTL_MS = 250;

/** Writes this process answered; a read of the versions after one goes to the database. */
let writes = 0;

/** A write of this process succeeded: its own next tile shows it at once, not within the TTL. */
export function noteDataWrite(): void {
  writes += 1;
}

interface TableVersion {
  version: number;
  changedAt: number;
}

export class TileVersions {
  private tables = new Map<string, TableVersion>();
  private readAt = 0;
  private seenWrites = -1;
  private pending: Promise<void> | null = null;

  constructor(private readonly db: Database) {}

  private async refresh(): Promise<void> {
    const seen = writes;
    const { rows } = await sql<{ table_name: string; version: string; changed_at: Date }>`
      SELECT table_name, version, changed_at FROM data_versions`.execute(this.db);
    this.tables = new Map(
      rows.map((r) => [r.table_name, { version: Number(r.version), changedAt: r.changed_at.getTime() }]),
    );
    this.readAt = Date.now();
    this.seenWrites = seen;
  }

  /** The layer's version token: its newest table's version and change time (unique across restores). */
  async of(layer: TileLayer, fresh = false): Promise<string> {
    if (fresh || this.seenWrites !== writes || Date.now() - this.readAt > VERSIONS_TTL_MS) {
      this.pending ??= this.refresh().finally(() => {
        this.pending = null;
      });
      await this.pending;
    }
    let newest: TableVersion = { version: 0, changedAt: 0 };
    for (const table of layer.tables) {
      const v = this.tables.get(table);
      if (v && v.version > newest.version) newest = v;
    }
    return `${newest.version}-${newest.changedAt.toString(36)}`;
  }
}

/** Least-recently-used tiles within a byte budget; concurrent misses for one tile share one query. */
export class TileCache {
  private entries = new Map<string, Buffer>();
  private bytes = 0;
  private inFlight = new Map<string, Promise<Buffer>>();

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  async get(key: string, load: () => Promise<Buffer>): Promise<Buffer> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    let loading = this.inFlight.get(key);
    if (!loading) {
      loading = load().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, loading);
      const tile = await loading;
      this.put(key, tile);
      return tile;
    }
    return loading;
  }

  private put(key: string, tile: Buffer): void {
    if (tile.length > this.maxBytes / 16) return;
    this.entries.set(key, tile);
    this.bytes += tile.length;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.bytes -= old.length;
    }
  }
}
