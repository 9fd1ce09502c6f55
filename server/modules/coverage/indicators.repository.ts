// Plan indicators (docs/DOMAIN.md §3) computed live from facilities, villages and towns. Only operating
// facilities count toward a current value. A facility's town is its town_code, or the town polygon
// it lies in when the code is missing.
import { sql } from 'kysely';
import type { IndicatorsResponse } from '../../contract/coverage.schemas.ts';
import type { Database } from '../../db/database.ts';

type Indicator = IndicatorsResponse['indicators'][number];
type TownValue = { code: string; name: string; value: number | null };

interface TargetRow {
  indicator: string;
  target: string | null;
  comparison: '>=' | '<=';
  source: string;
}

/** Public burial (安葬/安放) facilities: public-welfare cemeteries and ash repositories. */
const PUBLIC_BURIAL = ['urban_public_cemetery', 'rural_public_cemetery', 'ash_repository'];

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1e6) / 1e6 : null);

export async function computeIndicators(
  db: Database,
  district: string,
): Promise<Omit<IndicatorsResponse, 'district'>> {
  const targetRows = await sql<TargetRow>`
    SELECT DISTINCT ON (indicator) indicator, target::text AS target, comparison, source
    FROM plan_targets WHERE district_code IN (${district}, '*')
    ORDER BY indicator, (district_code = '*')`.execute(db);
  const targets = new Map(targetRows.rows.map((r) => [r.indicator, r]));

  // Per town: beds, facilities of the kinds the indicators count, and community figures.
  const { rows: towns } = await sql<{
    code: string;
    name: string;
    beds: number;
    nursingBeds: number;
    publicBeds: number;
    elderlyCentres: number;
    minorsStations: number;
    burialReachM: number | null;
    burialRadiusM: number | null;
    communities: number;
    communitiesMeeting: number;
    villages: number;
    villagesMeeting: number;
    centreArea: number;
    households: number;
    centres: number;
    centresWithVolunteers: number;
  }>`
    WITH fac AS (
      SELECT f.*, coalesce(f.town_code,
               (SELECT t.code FROM towns t WHERE t.district_code = f.district_code AND ST_Intersects(t.geom, f.geom)
                ORDER BY t.code LIMIT 1)) AS town
      FROM facilities f WHERE f.district_code = ${district} AND f.status = 'operating'
    ),
    vil AS (
      SELECT v.code, v.town_code, v.kind, v.households,
             coalesce((SELECT sum(c.floor_area_m2) FROM fac c WHERE c.subtype = 'community_centre' AND c.village_code = v.code), 0) AS area,
             EXISTS (SELECT 1 FROM fac c WHERE c.subtype = 'community_centre' AND c.village_code = v.code) AS has_centre,
             EXISTS (SELECT 1 FROM fac p WHERE p.subtype = 'volunteer_point' AND p.village_code = v.code) AS has_volunteers
      FROM villages v WHERE v.district_code = ${district}
    )
    SELECT t.code, t.name,
      (SELECT coalesce(sum(beds), 0)::int FROM fac WHERE town = t.code AND category = 'elderly_care') AS beds,
      (SELECT coalesce(sum(nursing_beds), 0)::int FROM fac WHERE town = t.code AND category = 'elderly_care') AS "nursingBeds",
      (SELECT coalesce(sum(beds), 0)::int FROM fac WHERE town = t.code AND category = 'elderly_care' AND operator = 'public') AS "publicBeds",
      (SELECT count(*)::int FROM fac WHERE town = t.code AND subtype = 'town_centre') AS "elderlyCentres",
      (SELECT count(*)::int FROM fac WHERE town = t.code AND subtype = 'minors_protection_station') AS "minorsStations",
      (SELECT ST_Distance(f.geom::geography, t.seat::geography) FROM fac f
        WHERE f.subtype = ANY(${PUBLIC_BURIAL}) ORDER BY f.geom::geography <-> t.seat::geography LIMIT 1) AS "burialReachM",
      (SELECT s.default_radius_m FROM fac f JOIN facility_subtypes s ON s.subtype = f.subtype
        WHERE f.subtype = ANY(${PUBLIC_BURIAL}) AND ST_DWithin(f.geom::geography, t.seat::geography, s.default_radius_m + 0.001)
        LIMIT 1) AS "burialRadiusM",
      (SELECT count(*)::int FROM vil WHERE town_code = t.code AND kind = 'community') AS communities,
      (SELECT count(*)::int FROM vil WHERE town_code = t.code AND kind = 'community' AND has_centre
         AND area >= 0.3 * households) AS "communitiesMeeting",
      (SELECT count(*)::int FROM vil WHERE town_code = t.code AND kind = 'village') AS villages,
      (SELECT count(*)::int FROM vil WHERE town_code = t.code AND kind = 'village' AND has_centre
         AND area >= 0.3 * households) AS "villagesMeeting",
      (SELECT coalesce(sum(area), 0)::float8 FROM vil WHERE town_code = t.code) AS "centreArea",
      (SELECT coalesce(sum(households), 0)::int FROM vil WHERE town_code = t.code) AS households,
      (SELECT count(*)::int FROM vil WHERE town_code = t.code AND has_centre) AS centres,
      (SELECT count(*)::int FROM vil WHERE town_code = t.code AND has_centre AND has_volunteers) AS "centresWithVolunteers"
    FROM towns t WHERE t.district_code = ${district}
    ORDER BY t.code`.execute(db);

  const sum = (pick: (t: (typeof towns)[number]) => number) => towns.reduce((s, t) => s + pick(t), 0);
  const indicators: Indicator[] = [];
  const add = (
    key: string,
    nameZh: string,
    nameEn: string,
    unit: string,
    value: number | null,
    basis: string,
    basisZh: string,
    failingTowns: TownValue[],
  ) => {
    const t = targets.get(key);
    const target = t?.target == null ? null : Number(t.target);
    const comparison = t?.comparison ?? '>=';
    const met =
      target === null || value === null
        ? null
        : comparison === '>='
          ? value >= target - 1e-9
          : value <= target + 1e-9;
    indicators.push({
      key,
      nameZh,
      nameEn,
      value,
      target,
      comparison,
      unit,
      met,
      basis,
      basisZh,
      source: t?.source ?? '',
      failingTowns,
    });
  };
  const failing = (
    value: (t: (typeof towns)[number]) => number | null,
    fails: (v: number | null) => boolean,
  ): TownValue[] =>
    towns.map((t) => ({ code: t.code, name: t.name, value: value(t) })).filter((t) => fails(t.value));
  const target = (key: string) => {
    const t = targets.get(key)?.target;
    return t == null ? null : Number(t);
  };

  /** A ratio of two town sums: the district's ratio, and the towns whose own ratio misses the target. */
  const addRatio = (
    key: string,
    nameZh: string,
    nameEn: string,
    unit: string,
    ratio: (part: number, whole: number) => number | null,
    part: (t: (typeof towns)[number]) => number,
    whole: (t: (typeof towns)[number]) => number,
    basis: string,
    basisZh: string,
  ) => {
    const limit = target(key);
    const misses = (v: number | null) =>
      limit !== null && v !== null && (targets.get(key)?.comparison === '<=' ? v > limit : v < limit);
    const value = ratio(sum(part), sum(whole));
    add(
      key,
      nameZh,
      nameEn,
      unit,
      value,
      basis,
      basisZh,
      failing((t) => ratio(part(t), whole(t)), misses),
    );
  };
  const per100 = (area: number, households: number) =>
    households > 0 ? Math.round((area / households) * 100 * 10) / 10 : null;

  const beds = sum((t) => t.beds);
  add(
    'elderly_beds',
    '养老机构床位数',
    'Elderly-institution beds',
    'count',
    beds,
    'sum of beds of operating elderly-care facilities',
    '运营中养老服务设施床位合计',
    [],
  );

  addRatio(
    'nursing_bed_share',
    '护理型床位占比',
    'Nursing-type bed share',
    'share',
    share,
    (t) => t.nursingBeds,
    (t) => t.beds,
    'nursing-type beds / all beds of operating elderly-care facilities',
    '护理型床位 ÷ 运营中养老服务设施床位',
  );

  addRatio(
    'government_operated_share',
    '公办养老机构床位占比',
    'Government-operated bed share',
    'share',
    share,
    (t) => t.publicBeds,
    (t) => t.beds,
    "beds of facilities operated by the government (operator 'public'; 公建民营 counts as privately run) / all beds",
    '公办（政府运营）床位 ÷ 全部床位；公建民营按社会运营计',
  );

  add(
    'towns_with_elderly_centre',
    '镇街综合性养老服务机构覆盖率',
    'Towns with a comprehensive elderly institution',
    'share',
    share(towns.filter((t) => t.elderlyCentres > 0).length, towns.length),
    'towns with an operating town elderly-service centre (镇街养老服务中心) / all towns',
    '有运营中镇街养老服务中心的镇街 ÷ 全部镇街',
    towns.filter((t) => t.elderlyCentres === 0).map((t) => ({ code: t.code, name: t.name, value: 0 })),
  );

  add(
    'public_burial_coverage',
    '公益性安葬（放）设施覆盖率',
    'Public burial facility coverage',
    'share',
    share(towns.filter((t) => t.burialRadiusM !== null).length, towns.length),
    'towns whose seat is within the default service radius of an operating public-welfare cemetery or ash repository / all towns',
    '驻地在公益性公墓或骨灰安放设施默认服务半径内的镇街 ÷ 全部镇街',
    towns
      .filter((t) => t.burialRadiusM === null)
      .map((t) => ({
        code: t.code,
        name: t.name,
        value: t.burialReachM === null ? null : Math.round(t.burialReachM),
      })),
  );

  addRatio(
    'urban_community_standard',
    '城市社区综合服务设施达标率',
    'Urban community facilities meeting the standard',
    'share',
    share,
    (t) => t.communitiesMeeting,
    (t) => t.communities,
    'communities (社区) whose operating community service centre has ≥ 30 m² per 100 households / all communities',
    '综合服务设施达每百户 30 m² 的社区 ÷ 全部社区',
  );

  addRatio(
    'rural_community_standard',
    '农村社区综合服务设施达标率',
    'Rural community facilities meeting the standard',
    'share',
    share,
    (t) => t.villagesMeeting,
    (t) => t.villages,
    'villages (村) whose operating community service centre has ≥ 30 m² per 100 households / all villages',
    '综合服务设施达每百户 30 m² 的村 ÷ 全部村',
  );

  addRatio(
    'community_area_per_100_hh',
    '每百户居民拥有社区综合服务设施面积',
    'Community facility area per 100 households',
    'm2_per_100_households',
    per100,
    (t) => t.centreArea,
    (t) => t.households,
    'floor area of operating community service centres × 100 / households',
    '社区综合服务设施建筑面积 × 100 ÷ 户数',
  );

  addRatio(
    'volunteer_point_share',
    '社区综合服务设施志愿服务站点覆盖率',
    'Volunteer points in community facilities',
    'share',
    share,
    (t) => t.centresWithVolunteers,
    (t) => t.centres,
    'villages/communities with a community service centre that also have a volunteer point / those with a centre',
    '有综合服务设施且设有志愿服务站点的村（社区）÷ 有综合服务设施的村（社区）',
  );

  add(
    'towns_with_minors_station',
    '未成年人保护工作站镇街覆盖率',
    'Towns with a minors-protection station',
    'share',
    share(towns.filter((t) => t.minorsStations > 0).length, towns.length),
    'towns with an operating minors-protection station / all towns',
    '有运营中未成年人保护工作站的镇街 ÷ 全部镇街',
    towns.filter((t) => t.minorsStations === 0).map((t) => ({ code: t.code, name: t.name, value: 0 })),
  );

  return {
    indicators,
    unsupported: [
      { key: 'lottery_outlets', nameZh: '福利彩票销售网点', reason: 'lottery outlets are not in the data' },
    ],
  };
}
