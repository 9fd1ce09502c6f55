// District and town of an imported point, found in memory while the file is read: the outlines
// (a few thousand vertices) are loaded once per import and indexed by a coarse grid, so 100k points
// cost a fraction of a second and nothing in the database. A point within a hair (1e-9°, 0.1 mm) of
// an outline edge is left undecided and located by PostGIS instead (ST_Intersects counts the edge
// as inside), so the answer is always the database's.

type Ring = Float64Array; // x0, y0, x1, y1, … (closed)

interface Area {
  code: string;
  rings: Ring[]; // outer ring and holes of one polygon: even-odd over all of them
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const EDGE = 1e-9;
const CELLS = 128;

/** 'inside' | 'outside' | 'edge' for one polygon (even-odd over its rings). */
function pointInArea(area: Area, x: number, y: number): 'inside' | 'outside' | 'edge' {
  let inside = false;
  for (const ring of area.rings) {
    for (let i = 0, n = ring.length - 2; i < n; i += 2) {
      const x1 = ring[i]!;
      const y1 = ring[i + 1]!;
      const x2 = ring[i + 2]!;
      const y2 = ring[i + 3]!;
      // Close to this edge (within its bounding box grown by EDGE, then by distance)?
      if (
        x >= Math.min(x1, x2) - EDGE &&
        x <= Math.max(x1, x2) + EDGE &&
        y >= Math.min(y1, y2) - EDGE &&
        y <= Math.max(y1, y2) + EDGE
      ) {
        const dx = x2 - x1;
        const dy = y2 - y1;
        const length2 = dx * dx + dy * dy;
        const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / length2));
        const px = x1 + t * dx - x;
        const py = y1 + t * dy - y;
        if (px * px + py * py <= EDGE * EDGE) return 'edge';
      }
      if (y1 > y !== y2 > y && x < ((x2 - x1) * (y - y1)) / (y2 - y1) + x1) inside = !inside;
    }
  }
  return inside ? 'inside' : 'outside';
}

/** Polygons of a GeoJSON Polygon or MultiPolygon. */
function polygonsOf(geometry: { type: string; coordinates: unknown }): number[][][][] {
  if (geometry.type === 'Polygon') return [geometry.coordinates as number[][][]];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates as number[][][][];
  return [];
}

export class AreaIndex {
  private readonly areas: Area[] = [];
  private readonly grid: number[][] = [];
  private minX = Number.POSITIVE_INFINITY;
  private minY = Number.POSITIVE_INFINITY;
  private cellW = 1;
  private cellH = 1;

  constructor(outlines: { code: string; geometry: { type: string; coordinates: unknown } }[]) {
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (const { code, geometry } of outlines)
      for (const polygon of polygonsOf(geometry)) {
        const area: Area = {
          code,
          rings: polygon.map((ring) => Float64Array.from(ring.flatMap((p) => [p[0]!, p[1]!]))),
          minX: Number.POSITIVE_INFINITY,
          minY: Number.POSITIVE_INFINITY,
          maxX: Number.NEGATIVE_INFINITY,
          maxY: Number.NEGATIVE_INFINITY,
        };
        for (const p of polygon[0] ?? []) {
          area.minX = Math.min(area.minX, p[0]!);
          area.minY = Math.min(area.minY, p[1]!);
          area.maxX = Math.max(area.maxX, p[0]!);
          area.maxY = Math.max(area.maxY, p[1]!);
        }
        if (!Number.isFinite(area.minX)) continue;
        this.areas.push(area);
        this.minX = Math.min(this.minX, area.minX);
        this.minY = Math.min(this.minY, area.minY);
        maxX = Math.max(maxX, area.maxX);
        maxY = Math.max(maxY, area.maxY);
      }
    if (this.areas.length === 0) return;
    this.cellW = (maxX - this.minX) / CELLS || 1;
    this.cellH = (maxY - this.minY) / CELLS || 1;
    for (let i = 0; i < CELLS * CELLS; i++) this.grid.push([]);
    this.areas.forEach((area, id) => {
      const [c0, r0] = this.cell(area.minX - EDGE, area.minY - EDGE);
      const [c1, r1] = this.cell(area.maxX + EDGE, area.maxY + EDGE);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) this.grid[r * CELLS + c]!.push(id);
    });
  }

  private cell(x: number, y: number): [number, number] {
    const clamp = (v: number) => Math.max(0, Math.min(CELLS - 1, Math.floor(v)));
    return [clamp((x - this.minX) / this.cellW), clamp((y - this.minY) / this.cellH)];
  }

  /**
   * The lowest code among the areas containing the point, null when none does, undefined when the
   * point lies on (or within 1e-9° of) an edge and PostGIS must decide.
   */
  locate(x: number, y: number): string | null | undefined {
    if (this.areas.length === 0) return null;
    const col = (x - this.minX) / this.cellW;
    const row = (y - this.minY) / this.cellH;
    if (col < 0 || row < 0 || col >= CELLS || row >= CELLS) {
      // Outside every bounding box (by more than the edge margin) is outside every area.
      const margin = EDGE / Math.min(this.cellW, this.cellH);
      if (col < -margin || row < -margin || col >= CELLS + margin || row >= CELLS + margin) return null;
      return undefined;
    }
    let found: string | null = null;
    for (const id of this.grid[Math.floor(row) * CELLS + Math.floor(col)]!) {
      const area = this.areas[id]!;
      if (x < area.minX - EDGE || x > area.maxX + EDGE || y < area.minY - EDGE || y > area.maxY + EDGE)
        continue;
      const where = pointInArea(area, x, y);
      if (where === 'edge') return undefined;
      if (where === 'inside' && (found === null || area.code < found)) found = area.code;
    }
    return found;
  }
}
