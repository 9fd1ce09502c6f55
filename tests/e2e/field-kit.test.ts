// The field kit in the browser, phone size (390×844):
// - after one visit the app opens with no connection (service worker), and an area taken offline
//   (size, progress, storage.persist()) draws and lists its records without signal;
// - offline, a marker's condition with a photo and a new inspection wait in the outbox; meanwhile
//   a second browser context, online, changes another field and the same field; on reconnect the
//   sync runs by itself: one field merged, one conflict shown (theirs vs mine) and settled, both
//   values in the history, the photo uploaded;
// - with context.setGeolocation: the locate button, the accuracy, distance and direction to the
//   selected marker (checked against PostGIS), "go there" keeps both on screen.
// Needs the built client (`npx vite build`) and demo data in DATABASE_URL.
import path from 'node:path';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openAppPage, SCREENSHOT_DIR, signInThroughUi, useBrowser } from '../helpers/browser.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useBrowser();
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const shot = (name: string) => path.join(SCREENSHOT_DIR, `field-kit-${name}.png`);

interface MarkerRow {
  id: number;
  number: string;
  lineId: number;
  lon: number;
  lat: number;
}

/** A demo marker nobody has edited yet, alone within 150 m (so a tap cannot hit a neighbour). */
async function freshMarker(skip: number): Promise<MarkerRow> {
  const { rows } = await sql<MarkerRow>`
    SELECT m.id::int AS id, m.number, m.line_id::int AS "lineId", ST_X(m.geom) AS lon, ST_Y(m.geom) AS lat
    FROM boundary_markers m JOIN boundary_lines l ON l.id = m.line_id
    WHERE m.deleted_at IS NULL AND m.condition = 'intact' AND l.district_code = '500111' AND m.origin = 'synthetic'
      AND NOT EXISTS (SELECT 1 FROM boundary_history h WHERE h.kind = 'boundary-markers' AND h.record_id = m.id)
      AND NOT EXISTS (SELECT 1 FROM boundary_markers o WHERE o.id <> m.id AND o.deleted_at IS NULL
        AND ST_DWithin(o.geom::geography, m.geom::geography, 150))
      AND NOT EXISTS (SELECT 1 FROM boundary_inspections i WHERE i.line_id = l.id)
    ORDER BY m.id DESC OFFSET ${skip} LIMIT 1`.execute(ctx.database.db);
  if (!rows[0]) throw new Error('no suitable demo marker');
  return rows[0];
}

const markerHash = (m: MarkerRow) =>
  `#/map?mode=boundaries&district=500111&c=${m.lon},${m.lat - 0.0015}&z=16&sel=boundary-markers:${m.id}`;

async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__civicAtlas?.ready === true, null, { timeout: 60_000 });
}

async function serviceWorkerReady(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
}

/** A second editor, online, in a browser context of its own: edits through the API as the page would. */
async function officeEdit(browser: Browser, markerId: number, body: Record<string, unknown>) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${ctx.baseUrl}/api/health`);
    return await page.evaluate(
      async ({ id, body }) => {
        const json = { 'content-type': 'application/json', 'x-requested-with': 'civic-atlas' };
        const login = await fetch('/api/auth/login', {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ username: 'admin', password: 'demo-admin' }),
        });
        if (!login.ok) throw new Error(`login ${login.status}`);
        const current = await (await fetch(`/api/boundary-markers/${id}`)).json();
        const response = await fetch(`/api/boundary-markers/${id}`, {
          method: 'PATCH',
          headers: { ...json, 'if-match': `"${current.version}"` },
          body: JSON.stringify(body),
        });
        return { status: response.status, version: (await response.json()).version as number };
      },
      { id: markerId, body },
    );
  } finally {
    await context.close();
  }
}

async function takeLineOffline(page: Page): Promise<void> {
  await page.getByTestId('offline-area-button').click();
  const panel = page.getByTestId('offline-area-panel');
  await panel.getByTestId('offline-choice-line').click();
  await panel.getByTestId('offline-estimate').waitFor();
  await page.screenshot({ path: shot('2-offline-estimate') });
  await panel.getByTestId('offline-download').click();
  await panel.getByTestId('offline-done').waitFor({ timeout: 60_000 });
  await page.screenshot({ path: shot('3-offline-saved') });
  await panel.locator('button', { hasText: '✕' }).click();
}

describe('field kit (phone)', () => {
  it('opens with no connection after one visit', async () => {
    const page = await openAppPage(ctx.browser, ctx.baseUrl, '#/map?mode=boundaries&district=500111', PHONE);
    const context = page.context();
    try {
      await serviceWorkerReady(page);
      await context.setOffline(true);
      await page.reload();
      await waitReady(page);
      expect(await page.evaluate(() => navigator.onLine)).toBe(false);
      await page.getByTestId('outbox-chip').waitFor();
      expect(await page.getByTestId('outbox-chip').textContent()).toContain('离线');
      await page.screenshot({ path: shot('1-offline-reload') });
    } finally {
      await context.close();
    }
  });

  it('offline: condition + photo + inspection queue; on reconnect one field merges, one conflicts, nothing is lost', async () => {
    const marker = await freshMarker(0);
    const page = await openAppPage(ctx.browser, ctx.baseUrl, markerHash(marker), PHONE);
    const context = page.context();
    try {
      await signInThroughUi(page, 'editor', 'demo-editor');
      await serviceWorkerReady(page);
      await page.getByTestId('record-editor').waitFor();
      // The marker's line goes offline first (records, tiles, thumbnails).
      await page.getByTestId('record-editor').waitFor();
      await takeLineOffline(page);

      // No signal: reload, then change the condition with a photo.
      await context.setOffline(true);
      await page.reload();
      await waitReady(page);
      const editor = page.getByTestId('record-editor');
      await editor.waitFor();
      await page.locator('#ba-condition').selectOption('missing');
      await page.locator('#ba-reason').fill('现场查看：桩已不见');
      const photo = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#7a6' } })
        .jpeg()
        .toBuffer();
      await editor
        .getByTestId('photo-input')
        .setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: photo });
      await page.getByTestId('save').click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="outbox-chip"]')?.getAttribute('data-pending') === '1',
      );
      expect(await page.getByTestId('outbox-chip').textContent()).toContain('待同步 1 条');
      await page.screenshot({ path: shot('4-offline-queued') });

      // … and records an inspection on its line.
      await page.goto(
        `${ctx.baseUrl}/#/map?mode=boundaries&district=500111&c=${marker.lon},${marker.lat - 0.003}&z=15&sel=boundary-lines:${marker.lineId}`,
      );
      await waitReady(page);
      await page.getByTestId('tab-inspections').click();
      await page.getByTestId('new-inspection').click();
      const form = page.getByTestId('inspection-form');
      await form.locator('#insp-status').selectOption('in_progress');
      await form.locator('button[type="submit"]').click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="outbox-chip"]')?.getAttribute('data-pending') === '2',
      );

      // Meanwhile the office, online, changes the note (another field) and the condition (the same).
      const office = await officeEdit(ctx.browser, marker.id, {
        note: '办公室：已通知乡镇',
        condition: 'damaged',
        reason: '村民来电反映桩体开裂',
      });
      expect(office.status).toBe(200);

      // Back in signal: the sync runs by itself.
      await context.setOffline(false);
      await page.getByTestId('conflicts-chip').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('outbox-chip').getAttribute('data-pending')).toBe('0');
      await page.getByTestId('conflicts-chip').click();
      const review = page.getByTestId('conflict-review');
      const conflict = review.getByTestId('conflict').first();
      await conflict.waitFor();
      expect(
        await conflict.locator('[data-field="condition"] [data-testid="conflict-theirs"]').textContent(),
      ).toBe('损坏');
      expect(
        await conflict.locator('[data-field="condition"] [data-testid="conflict-mine"]').textContent(),
      ).toBe('丢失');
      await page.screenshot({ path: shot('5-conflict-review') });

      // Merged already: the office's note and the field photo; the condition is theirs until chosen.
      const { rows } = await sql<{ condition: string; note: string; photos: number }>`
        SELECT condition, note, cardinality(photo_ids) AS photos FROM boundary_markers WHERE id = ${marker.id}`.execute(
        ctx.database.db,
      );
      expect(rows[0]).toEqual({ condition: 'damaged', note: '办公室：已通知乡镇', photos: 1 });
      const { rows: inspections } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM boundary_inspections WHERE line_id = ${marker.lineId} AND deleted_at IS NULL`.execute(
        ctx.database.db,
      );
      expect(inspections[0]!.n).toBe(1);

      // Choose mine for the condition.
      await conflict.locator('[data-field="condition"] input[value="mine"]').check();
      await conflict.getByTestId('apply-choice').click();
      await review.getByTestId('conflict').first().waitFor({ state: 'detached' });
      await page.getByTestId('conflicts-chip').waitFor({ state: 'detached' });
      const { rows: settled } = await sql<{ condition: string }>`
        SELECT condition FROM boundary_markers WHERE id = ${marker.id}`.execute(ctx.database.db);
      expect(settled[0]!.condition).toBe('missing');

      // The history shows both values and says the edit was made offline.
      await page.goto(`${ctx.baseUrl}/${markerHash(marker)}`);
      await waitReady(page);
      await page.getByTestId('tab-history').click();
      const history = page.getByTestId('history-panel');
      await history.getByTestId('history-offline').first().waitFor();
      const text = (await history.textContent()) ?? '';
      expect(text).toContain('现场离线编辑');
      expect(text).toContain('损坏');
      expect(text).toContain('丢失');
      await page.screenshot({ path: shot('6-history') });
      const photoId = (
        await sql<{
          id: string;
        }>`SELECT photo_ids[1]::text AS id FROM boundary_markers WHERE id = ${marker.id}`.execute(
          ctx.database.db,
        )
      ).rows[0]!.id;
      const thumb = await page.evaluate(
        async (id) => (await fetch(`/api/photos/${id}/thumbnail`)).status,
        photoId,
      );
      expect(thumb).toBe(200);
    } finally {
      await context.close();
    }
  });

  it('locate: accuracy circle, distance and direction to the selected marker, go there', async () => {
    const marker = await freshMarker(1);
    // 250 m south-west of the marker.
    const here = { longitude: marker.lon - 0.0018, latitude: marker.lat - 0.0016, accuracy: 12 };
    const { rows } = await sql<{ metres: number; degrees: number }>`
      SELECT ST_Distance(a::geography, b::geography) AS metres, degrees(ST_Azimuth(a::geography, b::geography)) AS degrees
      FROM (SELECT ST_SetSRID(ST_MakePoint(${here.longitude}, ${here.latitude}), 4326) AS a,
                   ST_SetSRID(ST_MakePoint(${marker.lon}, ${marker.lat}), 4326) AS b) p`.execute(
      ctx.database.db,
    );
    const truth = rows[0]!;
    const page = await openAppPage(ctx.browser, ctx.baseUrl, markerHash(marker), {
      ...PHONE,
      geolocation: here,
      permissions: ['geolocation'],
    });
    try {
      await page.getByTestId('locate-button').click();
      await page.getByTestId('locate-accuracy').waitFor();
      expect(await page.getByTestId('locate-accuracy').textContent()).toBe('精度 ±12 m');
      const heading = page.getByTestId('marker-heading-text');
      await heading.waitFor();
      const text = (await heading.textContent()) ?? '';
      const shown = Number(/距离 (\d+) m/.exec(text)?.[1]);
      expect(Math.abs(shown - truth.metres)).toBeLessThanOrEqual(2);
      expect(truth.degrees).toBeGreaterThan(22.5);
      expect(truth.degrees).toBeLessThan(67.5);
      expect(text).toContain('东北');
      const moved = page.evaluate(
        () => new Promise<void>((resolve) => window.__civicAtlas!.map.once('moveend', () => resolve())),
      );
      await page.getByTestId('go-there').click();
      await moved;
      const both = await page.evaluate(
        ([a, b]) => {
          const map = window.__civicAtlas!.map;
          const bounds = map.getBounds();
          return bounds.contains(a as [number, number]) && bounds.contains(b as [number, number]);
        },
        [
          [here.longitude, here.latitude],
          [marker.lon, marker.lat],
        ],
      );
      expect(both).toBe(true);
      await page.screenshot({ path: shot('7-locate') });
      // Moving: the position follows.
      await page
        .context()
        .setGeolocation({ longitude: marker.lon, latitude: marker.lat - 0.0003, accuracy: 5 });
      await page.waitForFunction(
        () => document.querySelector('[data-testid="locate-accuracy"]')?.textContent === '精度 ±5 m',
      );
      expect(await heading.textContent()).toMatch(/· 北$/);
    } finally {
      await page.context().close();
    }
  });

  it('finds what needs fixing: counts open the list, search by marker number, use my position, delete with a reason', async () => {
    const marker = await freshMarker(2);
    const { rows: counts } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM boundary_markers m
      JOIN boundary_lines l ON l.id = m.line_id WHERE l.district_code = '500111' AND m.deleted_at IS NULL
      AND l.deleted_at IS NULL AND m.condition = 'damaged'`.execute(ctx.database.db);
    const here = { longitude: marker.lon + 0.0001, latitude: marker.lat, accuracy: 4 };
    const page = await openAppPage(ctx.browser, ctx.baseUrl, '#/map?mode=boundaries&district=500111', {
      ...PHONE,
      geolocation: here,
      permissions: ['geolocation'],
    });
    try {
      await signInThroughUi(page, 'editor', 'demo-editor');
      // The statistics' count of damaged markers opens exactly those markers.
      await page.getByTestId('count-damaged').click();
      const list = page.getByTestId('marker-list');
      await list.getByTestId('marker-list-item').first().waitFor();
      expect(await list.getByTestId('marker-list-item').count()).toBe(counts[0]!.n);
      await page.screenshot({ path: shot('8-marker-list') });
      await list.locator('button', { hasText: '✕' }).click();

      // The search finds the marker by number; the hit opens it.
      await page.getByTestId('boundary-search').fill(`界桩 ${marker.number}`);
      const hit = page.getByTestId('boundary-hit').filter({ hasText: marker.number }).first();
      await hit.waitFor();
      const hits = await page.getByTestId('boundary-hit').allTextContents();
      expect(hits.every((h) => h.includes(marker.number))).toBe(true);
      await page.goto(`${ctx.baseUrl}/${markerHash(marker)}`);
      await page.getByTestId('record-editor').waitFor();

      // "Use my position": the move is confirmed with a reason; the GPS accuracy is stored with it.
      await page.getByTestId('use-my-position').click();
      const dialog = page.getByTestId('reason-dialog');
      await dialog.waitFor();
      await dialog.locator('textarea').fill('现场定位复测');
      await dialog.locator('button[type="submit"]').click();
      await page.waitForFunction(
        (v) =>
          document.querySelector('[data-testid="record-editor"]')?.getAttribute('data-version') === String(v),
        2,
      );
      const { rows: moved } = await sql<{ accuracy: string; metres: number }>`
        SELECT position_accuracy_m::text AS accuracy,
          ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(${here.longitude}, ${here.latitude}), 4326)::geography) AS metres
        FROM boundary_markers WHERE id = ${marker.id}`.execute(ctx.database.db);
      expect(moved[0]!.accuracy).toBe('4.0');
      expect(moved[0]!.metres).toBeLessThan(0.5);

      // Delete, with the reason asked.
      await page.getByTestId('delete-boundary-markers').click();
      await dialog.waitFor();
      await dialog.locator('textarea').fill('重复录入');
      await dialog.locator('button[type="submit"]').click();
      await page.getByTestId('record-editor').waitFor({ state: 'detached' });
      const { rows: gone } = await sql<{ deleted: boolean }>`
        SELECT deleted_at IS NOT NULL AS deleted FROM boundary_markers WHERE id = ${marker.id}`.execute(
        ctx.database.db,
      );
      expect(gone[0]!.deleted).toBe(true);
      const { rows: why } = await sql<{ reason: string }>`SELECT reason FROM boundary_history
        WHERE kind = 'boundary-markers' AND record_id = ${marker.id} AND action = 'delete'`.execute(
        ctx.database.db,
      );
      expect(why[0]!.reason).toBe('重复录入');
    } finally {
      await page.context().close();
    }
  });
});
