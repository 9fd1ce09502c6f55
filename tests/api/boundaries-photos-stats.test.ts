// Photos (type from content, size limit, thumbnails, staff only), what anonymous callers may see of
// inspections, disputes and markers, and the statistics endpoint.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { FROM_APP } from '../helpers/auth.ts';
import { boundaryTestApp, json, lineBody, markerBody } from './boundaries-helpers.ts';

const who = boundaryTestApp();
const ctx = who.ctx;

function multipart(fileName: string, contentType: string, bytes: Buffer) {
  const boundary = `----civic${Date.now()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, bytes, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function upload(fileName: string, contentType: string, bytes: Buffer, cookie = who.editor) {
  const body = multipart(fileName, contentType, bytes);
  return ctx.app.inject({
    method: 'POST',
    url: '/api/photos',
    headers: { cookie, ...FROM_APP, 'content-type': body.contentType },
    payload: body.payload,
  });
}

const png = () =>
  sharp({ create: { width: 800, height: 600, channels: 3, background: '#4a7' } })
    .png()
    .toBuffer();
const jpeg = () =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: '#a74' } })
    .jpeg()
    .toBuffer();

describe('photos', () => {
  it('stores a JPEG with a thumbnail, served to staff only', async () => {
    const response = await upload('界桩.jpg', 'image/jpeg', await jpeg());
    expect(response.statusCode, response.body).toBe(201);
    const photo = response.json();
    expect(photo).toMatchObject({ contentType: 'image/jpeg', width: 640, height: 480, hasThumbnail: true });

    const original = await ctx.app.inject({ method: 'GET', url: photo.url, headers: { cookie: who.viewer } });
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('image/jpeg');
    const thumbnail = await ctx.app.inject({
      method: 'GET',
      url: photo.thumbnailUrl,
      headers: { cookie: who.viewer },
    });
    expect(thumbnail.statusCode).toBe(200);
    const meta = await sharp(thumbnail.rawPayload).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(320);

    expect((await ctx.app.inject({ method: 'GET', url: photo.url })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: photo.thumbnailUrl })).statusCode).toBe(401);
  });

  it('takes the type from the content: a PNG named .jpg is stored as PNG', async () => {
    const response = await upload('photo.jpg', 'image/jpeg', await png());
    expect(response.statusCode).toBe(201);
    expect(response.json().contentType).toBe('image/png');
  });

  it('refuses a file with a fake image extension', async () => {
    const fake = Buffer.from('<html><script>alert(1)</script></html>');
    const response = await upload('photo.jpg', 'image/jpeg', fake);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details).toEqual([
      { field: 'body.file', problem: expect.stringMatching(/not a JPEG or PNG/), code: 'photo_not_image' },
    ]);
    const gif = await upload('photo.png', 'image/png', Buffer.from('GIF89a\x01\x00\x01\x00'));
    expect(gif.statusCode).toBe(422);
  });

  it('refuses a truncated image that only starts like a JPEG', async () => {
    const bytes = (await jpeg()).subarray(0, 40);
    const response = await upload('broken.jpg', 'image/jpeg', bytes);
    expect(response.statusCode).toBe(422);
  });

  it('refuses photos over 10 MB', async () => {
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(10 * 1024 * 1024 + 10)]);
    const response = await upload('big.jpg', 'image/jpeg', big);
    expect(response.statusCode).toBe(413);
  });

  it('uploads need a boundary editor', async () => {
    expect((await upload('a.jpg', 'image/jpeg', await jpeg(), who.viewer)).statusCode).toBe(403);
    expect((await upload('a.jpg', 'image/jpeg', await jpeg(), '')).statusCode).toBe(401);
  });
});

describe('what anonymous callers see', () => {
  let lineId: number;
  let inspectionId: number;
  let disputeId: number;
  let markerId: number;

  beforeAll(async () => {
    const line = await ctx.app.inject(json('POST', '/api/boundary-lines', who.editor, lineBody(who.place)));
    lineId = line.json().id;
    const photo = (await upload('m.jpg', 'image/jpeg', await jpeg())).json();
    const marker = await ctx.app.inject(
      json(
        'POST',
        '/api/boundary-markers',
        who.editor,
        markerBody(who.place, lineId, { photoIds: [photo.id], note: '山脊东侧' }),
      ),
    );
    markerId = marker.json().id;
    const inspection = await ctx.app.inject(
      json('POST', '/api/inspections', who.editor, {
        lineId,
        round: 1,
        status: 'completed',
        startDate: '2024-05-01',
        endDate: '2024-05-02',
        ourSidePeople: [{ name: '张三', phone: '13800000000' }],
        otherSidePeople: [{ name: '李四', phone: '13900000000' }],
        findings: [{ markerId, condition: 'intact', note: '完好', photoIds: [photo.id] }],
        problems: '无',
      }),
    );
    expect(inspection.statusCode, inspection.body).toBe(201);
    inspectionId = inspection.json().id;
    const dispute = await ctx.app.inject(
      json('POST', '/api/disputes', who.editor, {
        title: '甲村与乙村林地争议',
        districtCode: who.place.district,
        lineId,
        parties: [{ name: '甲村' }, { name: '乙村' }],
        causeType: 'forest',
        cause: '山林权属不清',
        stage: 'negotiating',
        riskLevel: 'high',
        discoveredOn: '2024-01-10',
      }),
    );
    expect(dispute.statusCode, dispute.body).toBe(201);
    disputeId = dispute.json().id;
  });

  it('inspections without people, notes, findings or photos', async () => {
    const anonymous = (
      await ctx.app.inject({ method: 'GET', url: `/api/inspections/${inspectionId}` })
    ).json();
    expect(anonymous).toMatchObject({
      id: inspectionId,
      lineId,
      round: 1,
      status: 'completed',
      endDate: '2024-05-02',
    });
    for (const f of [
      'ourSidePeople',
      'otherSidePeople',
      'findings',
      'problems',
      'settlement',
      'surveyNotes',
      'report',
    ]) {
      expect(anonymous).not.toHaveProperty(f);
    }
    const list = (await ctx.app.inject({ method: 'GET', url: `/api/inspections?line=${lineId}` })).json();
    expect(JSON.stringify(list)).not.toContain('张三');
    expect(JSON.stringify(list)).not.toContain('13800000000');
    const staff = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/inspections/${inspectionId}`,
        headers: { cookie: who.viewer },
      })
    ).json();
    expect(staff.ourSidePeople[0]).toEqual({ name: '张三', phone: '13800000000' });
  });

  it('disputes without their details', async () => {
    const anonymous = (await ctx.app.inject({ method: 'GET', url: `/api/disputes/${disputeId}` })).json();
    expect(anonymous).toMatchObject({ id: disputeId, stage: 'negotiating', causeType: 'forest', lineId });
    for (const f of ['title', 'parties', 'area', 'claims', 'cause', 'documents', 'riskLevel', 'resolution']) {
      expect(anonymous).not.toHaveProperty(f);
    }
    const staff = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/disputes/${disputeId}`,
        headers: { cookie: who.viewer },
      })
    ).json();
    expect(staff).toMatchObject({ title: '甲村与乙村林地争议', riskLevel: 'high' });
  });

  it('markers without photos', async () => {
    const anonymous = (
      await ctx.app.inject({ method: 'GET', url: `/api/boundary-markers/${markerId}` })
    ).json();
    expect(anonymous).toMatchObject({ id: markerId, number: '001Q', condition: 'intact' });
    expect(anonymous).not.toHaveProperty('photoIds');
    const feature = await ctx.app.inject({
      method: 'GET',
      url: `/api/collections/boundary-markers/items/${markerId}`,
    });
    expect(JSON.stringify(feature.json())).not.toMatch(/photo/i);
  });
});

describe('statistics', () => {
  it('gives per-town and district figures that add up', async () => {
    const response = await ctx.app.inject({
      method: 'GET',
      url: `/api/boundaries/stats?district=${who.place.district}`,
    });
    expect(response.statusCode).toBe(200);
    const stats = response.json();
    expect(stats.code).toBe(who.place.district);
    const d = stats.district;
    expect(d.lineCount).toBeGreaterThan(0);
    const km = Object.values(d.kmByStatus as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(km).toBeCloseTo(d.totalKm, 1);
    expect(d.delimitedShare).toBeCloseTo(d.kmByStatus.delimited / d.totalKm, 3);
    const markers = Object.values(d.markersByCondition as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(markers).toBe(d.markerCount);
    expect(d.openDisputes).toBeGreaterThanOrEqual(1);
    expect(Object.keys(d.openDisputesByStage)).toEqual(['found', 'negotiating', 'reported', 'adjudicated']);
    expect(stats.towns.length).toBeGreaterThan(0);
    // A township line borders two towns: each town counts it, the district once.
    const townLines = stats.towns.reduce((sum: number, t: { lineCount: number }) => sum + t.lineCount, 0);
    expect(townLines).toBeLessThanOrEqual(2 * d.lineCount);
    expect(typeof d.inspectionsOverdue).toBe('number');
    expect(typeof d.inspectionsDueWithin12Months).toBe('number');
  });

  it('counts an overdue inspection and one due within 12 months', async () => {
    const line = (days: number) => {
      const date = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
      return lineBody(who.place, {
        status: 'delimited',
        agreementNumber: '协-测试',
        approvingAuthority: '测试区人民政府',
        agreementDate: '2000-01-01',
        lastInspectionDate: date,
        leftUnitCode: `U${days}`,
        rightUnitCode: `V${days}`,
      });
    };
    const before = (
      await ctx.app.inject({ method: 'GET', url: `/api/boundaries/stats?district=${who.place.district}` })
    ).json().district;
    await ctx.app.inject(json('POST', '/api/boundary-lines', who.editor, line(6 * 365))); // due a year ago
    await ctx.app.inject(json('POST', '/api/boundary-lines', who.editor, line(5 * 365 - 100))); // due in ~100 days
    const after = (
      await ctx.app.inject({ method: 'GET', url: `/api/boundaries/stats?district=${who.place.district}` })
    ).json().district;
    expect(after.inspectionsOverdue - before.inspectionsOverdue).toBe(1);
    expect(after.inspectionsDueWithin12Months - before.inspectionsDueWithin12Months).toBe(1);
  });

  it('404 for an unknown district, 400 for a malformed one', async () => {
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/boundaries/stats?district=999999' })).statusCode,
    ).toBe(404);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/boundaries/stats?district=abc' })).statusCode,
    ).toBe(400);
  });
});
