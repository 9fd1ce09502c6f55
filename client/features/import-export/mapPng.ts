// The current map view as a PNG for reports: a title band (district + what is shown), the map as
// drawn, a legend of the visible layers, a scale bar, a north arrow, the date and the demo-data note.

import type { Swatch } from '../../map/layers.ts';
import type { MapController } from '../../map/MapController.ts';

export interface PngOptions {
  title: string;
  subtitle: string;
  legendTitle: string;
  legend: { label: string; swatch: Swatch }[];
  /** e.g. "制图日期 2025-01-31" */
  dateLine: string;
  /** e.g. "示例数据…"; empty when real data is loaded. */
  note: string;
  attribution: string;
}

const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const INK = '#1d2939';
const INK_2 = '#475467';
const SEAL = '#b4232a';

/** A round length (1, 2, 5 × 10ⁿ metres) that fits in `maxMetres`. */
export function niceLength(maxMetres: number): number {
  const power = 10 ** Math.floor(Math.log10(maxMetres));
  for (const step of [5, 2, 1]) if (step * power <= maxMetres) return step * power;
  return power;
}

function drawSwatch(ctx: CanvasRenderingContext2D, swatch: Swatch, x: number, y: number, s: number): void {
  ctx.save();
  switch (swatch.kind) {
    case 'circle': {
      const r = Math.min(swatch.radius, 8) * s;
      ctx.beginPath();
      ctx.arc(x + 9 * s, y, r, 0, Math.PI * 2);
      ctx.fillStyle = swatch.hollow ? '#ffffff' : swatch.colour;
      ctx.fill();
      ctx.lineWidth = (swatch.hollow ? 2 : 1.2) * s;
      ctx.strokeStyle = swatch.hollow ? swatch.colour : '#ffffff';
      ctx.stroke();
      break;
    }
    case 'line':
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + 18 * s, y);
      ctx.strokeStyle = swatch.colour;
      ctx.lineWidth = swatch.width * s;
      if (swatch.dashed) ctx.setLineDash([4 * s, 3 * s]);
      ctx.stroke();
      break;
    case 'fill':
      ctx.fillStyle = swatch.colour;
      ctx.fillRect(x, y - 6 * s, 18 * s, 12 * s);
      ctx.strokeStyle = swatch.outline;
      ctx.lineWidth = 1.5 * s;
      ctx.strokeRect(x, y - 6 * s, 18 * s, 12 * s);
      break;
    case 'text':
      ctx.fillStyle = swatch.colour;
      ctx.font = `${swatch.italic ? 'italic ' : ''}${12 * s}px ${FONT}`;
      ctx.textBaseline = 'middle';
      ctx.fillText('地名', x - 1 * s, y);
      break;
    case 'badge':
      ctx.fillStyle = swatch.colour;
      ctx.fillRect(x + 2 * s, y - 7 * s, 14 * s, 14 * s);
      ctx.fillStyle = '#ffffff';
      ctx.font = `${10 * s}px ${FONT}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(swatch.text, x + 9 * s, y + 0.5 * s);
      break;
  }
  ctx.restore();
}

function drawNorthArrow(ctx: CanvasRenderingContext2D, cx: number, cy: number, s: number, bearing: number) {
  ctx.save();
  ctx.translate(cx, cy);
  ctx.rotate((-bearing * Math.PI) / 180);
  ctx.beginPath();
  ctx.moveTo(0, -16 * s);
  ctx.lineTo(8 * s, 10 * s);
  ctx.lineTo(0, 5 * s);
  ctx.closePath();
  ctx.fillStyle = INK;
  ctx.fill();
  ctx.beginPath();
  ctx.moveTo(0, -16 * s);
  ctx.lineTo(-8 * s, 10 * s);
  ctx.lineTo(0, 5 * s);
  ctx.closePath();
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.strokeStyle = INK;
  ctx.lineWidth = 1.2 * s;
  ctx.stroke();
  ctx.fillStyle = INK;
  ctx.font = `bold ${12 * s}px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText('N', 0, -18 * s);
  ctx.restore();
}

/** Draws the composed image and returns it as a PNG blob. */
export async function renderMapPng(controller: MapController, options: PngOptions): Promise<Blob> {
  const mapImage = await controller.capture();
  const map = controller.map;
  const cssWidth = map.getCanvas().clientWidth || mapImage.width;
  const s = mapImage.width / cssWidth; // device pixels per CSS pixel
  const header = 64 * s;
  const footer = 52 * s;
  const legendWidth = 210 * s;
  const rowHeight = 20 * s;
  const legendHeight = 44 * s + options.legend.length * rowHeight;
  const mapHeight = Math.max(mapImage.height, legendHeight);

  const canvas = document.createElement('canvas');
  canvas.width = mapImage.width + legendWidth;
  canvas.height = header + mapHeight + footer;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas unavailable');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);

  // Title band.
  ctx.fillStyle = SEAL;
  ctx.fillRect(0, 0, 6 * s, header);
  ctx.fillStyle = INK;
  ctx.textBaseline = 'alphabetic';
  ctx.font = `bold ${22 * s}px ${FONT}`;
  ctx.fillText(options.title, 20 * s, 32 * s);
  ctx.fillStyle = INK_2;
  ctx.font = `${13 * s}px ${FONT}`;
  ctx.fillText(options.subtitle, 20 * s, 53 * s, canvas.width - 40 * s); // long captions are narrowed to fit

  // The map, framed.
  ctx.fillStyle = '#f6f7f9';
  ctx.fillRect(0, header, mapImage.width, mapHeight);
  ctx.drawImage(mapImage, 0, header);
  ctx.strokeStyle = '#98a2b3';
  ctx.lineWidth = 1 * s;
  ctx.strokeRect(0.5 * s, header + 0.5 * s, mapImage.width - s, mapImage.height - s);

  // North arrow, top right of the map.
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(mapImage.width - 52 * s, header + 10 * s, 40 * s, 48 * s);
  drawNorthArrow(ctx, mapImage.width - 32 * s, header + 38 * s, s, map.getBearing());

  // Scale bar, bottom left of the map (metres per CSS pixel at the map's centre, 512-px tiles).
  const lat = map.getCenter().lat;
  const metresPerPx = (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** map.getZoom());
  const metres = niceLength(metresPerPx * 140);
  const barPx = (metres / metresPerPx) * s;
  const bx = 16 * s;
  const by = header + mapImage.height - 18 * s;
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(bx - 8 * s, by - 26 * s, barPx + 16 * s, 36 * s);
  ctx.fillStyle = INK;
  ctx.fillRect(bx, by - 4 * s, barPx / 2, 4 * s);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(bx + barPx / 2, by - 4 * s, barPx / 2, 4 * s);
  ctx.strokeStyle = INK;
  ctx.lineWidth = 1 * s;
  ctx.strokeRect(bx, by - 4 * s, barPx, 4 * s);
  ctx.fillStyle = INK;
  ctx.font = `${11 * s}px ${FONT}`;
  ctx.textAlign = 'left';
  ctx.fillText('0', bx - 3 * s, by - 8 * s);
  ctx.textAlign = 'right';
  ctx.fillText(metres >= 1000 ? `${metres / 1000} km` : `${metres} m`, bx + barPx + 4 * s, by - 8 * s);
  ctx.textAlign = 'left';

  // Legend column.
  const lx = mapImage.width + 16 * s;
  let ly = header + 22 * s;
  ctx.fillStyle = INK;
  ctx.font = `bold ${14 * s}px ${FONT}`;
  ctx.fillText(options.legendTitle, lx, ly);
  ly += 22 * s;
  ctx.font = `${12 * s}px ${FONT}`;
  for (const entry of options.legend) {
    drawSwatch(ctx, entry.swatch, lx, ly - 4 * s, s);
    ctx.fillStyle = INK;
    ctx.textBaseline = 'alphabetic';
    ctx.font = `${12 * s}px ${FONT}`;
    ctx.fillText(entry.label, lx + 26 * s, ly, legendWidth - 40 * s);
    ly += rowHeight;
  }

  // Footer: date, demo-data note, sources.
  const fy = header + mapHeight;
  ctx.fillStyle = '#f6f7f9';
  ctx.fillRect(0, fy, canvas.width, footer);
  ctx.fillStyle = INK_2;
  ctx.font = `${12 * s}px ${FONT}`;
  ctx.fillText(options.dateLine, 16 * s, fy + 21 * s);
  ctx.fillText(options.attribution, 16 * s, fy + 40 * s, canvas.width - 32 * s);
  if (options.note) {
    ctx.font = `bold ${12 * s}px ${FONT}`;
    const width = ctx.measureText(options.note).width + 16 * s;
    const nx = canvas.width - width - 16 * s;
    ctx.fillStyle = '#fef3e2';
    ctx.fillRect(nx, fy + 8 * s, width, 20 * s);
    ctx.fillStyle = '#b45309';
    ctx.fillText(options.note, nx + 8 * s, fy + 22 * s);
  }

  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('toBlob failed'))), 'image/png'),
  );
}
