// Printable labels: the QR code in each label (PNG, PDF, A4 sheets) is decoded with jsQR and must
// open the record it was printed for; the Chinese text is really in the PDF (poppler's pdftotext);
// proposals get no sign.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHash } from '../../client/app/url.ts';
import { useTestApp } from '../helpers/app.ts';
import { FROM_APP, signIn } from '../helpers/auth.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();

// The records made here leave the shared demo data as it was (other files count its rows).
afterAll(async () => {
  await sql`UPDATE place_name_records SET deleted_at = now() WHERE deleted_at IS NULL AND name = '未公告测试地名'`.execute(
    ctx.app.db,
  );
});
const dir = mkdtempSync(path.join(tmpdir(), 'labels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let line: { id: number; name: string; count: number };
let marker: { id: number; number: string };
let place: { id: number; name: string; town: string };

beforeAll(async () => {
  const { rows } = await sql<{ id: string; name: string; count: number }>`
    SELECT l.id::text AS id, l.name, count(m.id)::int AS count FROM boundary_lines l
    JOIN boundary_markers m ON m.line_id = l.id AND m.deleted_at IS NULL
    WHERE l.deleted_at IS NULL GROUP BY l.id ORDER BY count(m.id) DESC, l.id LIMIT 1`.execute(ctx.app.db);
  line = { id: Number(rows[0]!.id), name: rows[0]!.name, count: rows[0]!.count };
  const first = await sql<{ id: string; number: string }>`SELECT id::text AS id, number FROM boundary_markers
    WHERE line_id = ${line.id} AND deleted_at IS NULL ORDER BY number, id LIMIT 1`.execute(ctx.app.db);
  marker = { id: Number(first.rows[0]!.id), number: first.rows[0]!.number };
  const names = await sql<{
    id: string;
    name: string;
    town_code: string;
  }>`SELECT id::text AS id, name, town_code
    FROM place_names WHERE category = 'autonomous_org' AND town_code IS NOT NULL ORDER BY id LIMIT 1`.execute(
    ctx.app.db,
  );
  place = { id: Number(names.rows[0]!.id), name: names.rows[0]!.name, town: names.rows[0]!.town_code };
});

async function get(url: string) {
  const r = await ctx.app.inject({ method: 'GET', url, headers: { host: 'atlas.example.test' } });
  return r;
}

/** The text of the QR code in an image (the whole image, or a region of it in pixels). */
async function decode(image: Buffer, region?: { left: number; top: number; width: number; height: number }) {
  let pipeline = sharp(image).flatten({ background: '#ffffff' });
  if (region) pipeline = pipeline.extract(region);
  const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const code = jsQR(
    new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
    info.width,
    info.height,
  );
  return code?.data;
}

function pdfToPng(pdf: Buffer, name: string, dpi: number, page = 1): Buffer {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', [
    '-r',
    String(dpi),
    '-f',
    String(page),
    '-l',
    String(page),
    '-png',
    file,
    path.join(dir, name),
  ]);
  const out = readFileSync(path.join(dir, `${name}-${page}.png`));
  return out;
}
const pdfText = (pdf: Buffer, name: string) => {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
};
const pdfPages = (pdf: Buffer, name: string) => {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString('utf8'))![1]);
};

/** Follows a scanned permalink the way the app does: the hash names the record to open. */
async function openPermalink(url: string) {
  const parsed = new URL(url);
  expect(parsed.origin).toBe('http://atlas.example.test');
  const state = parseHash(parsed.hash);
  const ref = state.selection!;
  const api =
    ref.collection === 'place-names' ? `/api/place-names/${ref.id}` : `/api/${ref.collection}/${ref.id}`;
  const r = await ctx.app.inject({ method: 'GET', url: api });
  expect(r.statusCode).toBe(200);
  return r.json();
}

describe('marker labels', () => {
  it('a PNG label whose QR opens the marker', async () => {
    const r = await get(`/api/labels/boundary-markers/${marker.id}.png`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('image/png');
    const url = await decode(r.rawPayload);
    expect(url).toBeDefined();
    expect((await openPermalink(url!)).number).toBe(marker.number);
  });

  it('a PDF label with the line name in Chinese and a QR that opens the marker', async () => {
    const r = await get(`/api/labels/boundary-markers/${marker.id}.pdf`);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(pdfText(r.rawPayload, 'marker')).toContain(line.name);
    const url = await decode(pdfToPng(r.rawPayload, 'marker', 300));
    expect((await openPermalink(url!)).id).toBe(marker.id);
  });

  it('an A4 sheet of every marker of the line, ten to a page, first marker first', async () => {
    const r = await get(`/api/labels/boundary-lines/${line.id}/markers.pdf`);
    expect(r.statusCode).toBe(200);
    expect(pdfPages(r.rawPayload, 'sheet')).toBe(Math.ceil(line.count / 10));
    const page = pdfToPng(r.rawPayload, 'sheet', 150);
    const meta = await sharp(page).metadata();
    // A4 at 150 dpi: 210 × 297 mm.
    expect(Math.abs(meta.width! - 1240)).toBeLessThanOrEqual(1);
    expect(Math.abs(meta.height! - 1754)).toBeLessThanOrEqual(1);
    // The first label: top left, 90 × 50 mm from (12, 20.5) mm.
    const mm = 150 / 25.4;
    const url = await decode(page, {
      left: Math.round(12 * mm),
      top: Math.round(20.5 * mm),
      width: Math.round(45 * mm),
      height: Math.round(50 * mm),
    });
    expect((await openPermalink(url!)).number).toBe(marker.number);
  });

  it('404 for a deleted or unknown marker', async () => {
    expect((await get('/api/labels/boundary-markers/999999999.png')).statusCode).toBe(404);
  });
});

describe('place-name labels', () => {
  it('a published name: PNG with a QR that opens its public card', async () => {
    const r = await get(`/api/labels/place-names/${place.id}.png`);
    expect(r.statusCode).toBe(200);
    const url = await decode(r.rawPayload);
    expect(url).toMatch(/#\/place\/\d+$/);
    expect((await openPermalink(url!)).name).toBe(place.name);
  });

  it('a town sheet with its published names and no proposal', async () => {
    const editor = await signIn(ctx.app, 'place_name_editor');
    const { rows } = await sql<{ lon: number; lat: number }>`SELECT ST_X(seat) AS lon, ST_Y(seat) AS lat
      FROM towns WHERE code = ${place.town}`.execute(ctx.app.db);
    const proposal = await ctx.app.inject({
      method: 'POST',
      url: '/api/place-names',
      headers: { cookie: editor, ...FROM_APP },
      payload: {
        name: '未公告测试地名',
        category: 'settlement',
        geometry: { type: 'Point', coordinates: [rows[0]!.lon, rows[0]!.lat] },
      },
    });
    expect(proposal.statusCode, proposal.body).toBe(201);
    expect(proposal.json().townCode).toBe(place.town);
    expect((await get(`/api/labels/place-names/${proposal.json().id}.png`)).statusCode).toBe(404);
    const r = await get(`/api/labels/towns/${place.town}/place-names.pdf`);
    expect(r.statusCode).toBe(200);
    const text = pdfText(r.rawPayload, 'town');
    expect(text).toContain(place.name);
    expect(text).not.toContain('未公告测试地名');
  });
});
