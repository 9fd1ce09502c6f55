// Search across districts the way people type addresses: every district by default (results say
// their district), the district on screen first, leading district and town names narrowing.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

// biome-ignore lint/correctness/useHookAtTopLevel: vitest setup helper, not a React hook.
const ctx = useTestApp();

async function search(q: string, extra = '') {
  const r = await ctx.app.inject({
    method: 'GET',
    url: `/api/place-names/search?q=${encodeURIComponent(q)}&limit=5${extra}`,
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as {
    results: {
      name: string;
      district: { code: string; name: string };
      townName: string | null;
      townPinyin: string | null;
    }[];
    interpreted: {
      q: string;
      district: { code: string } | null;
      town: { code: string; name: string } | null;
    };
  };
}

describe('search across districts', () => {
  it('finds a name of another district with a homophone typo, saying its district', async () => {
    const { results } = await search('冬湖', '&prefer=500111');
    expect(results[0]).toMatchObject({ name: '东湖南路社区', district: { code: '500112', name: '渝北区' } });
  });

  it('ranks the district on screen first among equally good matches', async () => {
    // A village name both 大足 and 秀山 (or 渝北) have.
    const { rows } = await sql<{ name: string; a: string; b: string }>`
      SELECT p.name, min(p.district_code) AS a, max(p.district_code) AS b FROM place_names p
      WHERE p.category = 'autonomous_org' GROUP BY p.name HAVING count(DISTINCT p.district_code) > 1
      ORDER BY p.name LIMIT 1`.execute(ctx.app.db);
    const shared = rows[0]!;
    expect((await search(shared.name, `&prefer=${shared.a}`)).results[0]!.district.code).toBe(shared.a);
    expect((await search(shared.name, `&prefer=${shared.b}`)).results[0]!.district.code).toBe(shared.b);
  });

  it.each([
    ['大足区龙水镇', '500111', null, '龙水镇'],
    ['渝北 东湖', '500112', null, '东湖'],
    ['秀山 峨溶', '500241', null, '峨溶'],
  ])('reads "%s" as district %s', async (q, district, _town, rest) => {
    const { interpreted, results } = await search(q);
    expect(interpreted.district?.code).toBe(district);
    expect(results[0]!.name.startsWith(rest)).toBe(true);
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.district.code === district)).toBe(true);
  });

  it('reads a leading town and narrows to it', async () => {
    const { rows } = await sql<{ town: string; village: string }>`
      SELECT t.name AS town, v.name AS village FROM villages v JOIN towns t ON t.code = v.town_code
      WHERE t.district_code = '500111' AND t.name LIKE '%镇' ORDER BY v.code LIMIT 1`.execute(ctx.app.db);
    const { town, village } = rows[0]!;
    const short = village.replace(/(村|社区)$/, '');
    const { interpreted, results } = await search(`${town}${short}`);
    expect(interpreted.town?.name).toBe(town);
    expect(results[0]).toMatchObject({ townName: town });
    expect(results[0]!.name.startsWith(short)).toBe(true);
  });

  it('keeps names that only begin like a district whole, and the town pinyin for English', async () => {
    const { interpreted, results } = await search('大足石刻');
    expect(interpreted.district).toBeNull();
    expect(results[0]!.name.startsWith('大足石刻')).toBe(true);
    const town = (await search('龙水镇')).results[0]!;
    expect(town.townPinyin).toMatch(/^Lóngshuǐ/);
  });
});
