// Synthetic civil-affairs facilities (docs/DOMAIN.md §2) in the counts the seed plans give, placed by tier:
// district facilities near the urban core, town facilities near the town seat, village facilities next
// to their village. Names, addresses and phone numbers follow local conventions but are invented.
import { FACILITY_SUBTYPE_TERMS, type FacilitySubtype } from '../../server/contract/vocabularies.ts';
import type { DemoFacility } from '../../server/db/dataset-types.ts';
import { type DistrictContext, pointNear, type TownState, type VillageState } from './context.ts';
import type { XY } from './geometry.ts';
import type { Random } from './random.ts';

type Category = DemoFacility['category'];
type Operator = DemoFacility['operator'];
type Status = DemoFacility['status'];

const ROADS = [
  '人民路',
  '解放路',
  '建设路',
  '新华街',
  '中心街',
  '正街',
  '滨河路',
  '文化路',
  '育才路',
  '健康路',
  '兴业路',
  '南环路',
  '北环路',
  '朝阳路',
  '幸福路',
  '康宁路',
  '和平街',
  '迎宾大道',
];

const INSTITUTION_BRANDS = [
  '福寿',
  '康乐',
  '夕阳红',
  '颐和',
  '松鹤',
  '福星',
  '长青',
  '康宁',
  '乐康',
  '金色年华',
  '幸福家园',
  '寿星',
  '安康',
  '仁爱',
  '福缘',
  '常青藤',
  '颐养',
  '慈恩',
  '惠民',
  '桃源',
];
const INSTITUTION_KINDS = ['养老院', '康养中心', '颐养院', '老年公寓', '养老服务中心'];
const CEMETERY_NAMES = ['福寿园', '安乐园', '龙归山陵园', '青松陵园'];

interface Placement {
  town: TownState;
  village?: VillageState;
  at: XY;
}

interface Spec {
  subtype: FacilitySubtype;
  category: Category;
  name: string;
  operator: Operator;
  status?: Status;
  beds?: number | null;
  nursingBeds?: number | null;
  place: Placement;
}

// Floor area (m²) and opening years by subtype; village-level facilities are small and recent.
const SIZE: Record<FacilitySubtype, [number, number, number, number]> = {
  institution: [2000, 12000, 2005, 2023],
  nursing_centre: [8000, 20000, 2016, 2023],
  care_home: [1500, 5000, 1985, 2012],
  town_centre: [800, 3000, 2018, 2024],
  community_station: [200, 800, 2017, 2024],
  village_point: [100, 400, 2016, 2024],
  canteen: [80, 300, 2021, 2024],
  funeral_home: [5000, 15000, 1990, 2010],
  funeral_station: [600, 2000, 2012, 2022],
  urban_public_cemetery: [30000, 120000, 2000, 2020],
  commercial_cemetery: [50000, 200000, 1998, 2018],
  rural_public_cemetery: [5000, 30000, 2012, 2024],
  funeral_service_point: [200, 800, 2018, 2024],
  ash_repository: [300, 1500, 2010, 2023],
  community_centre: [200, 1200, 2008, 2024],
  social_work_station: [100, 400, 2020, 2024],
  minors_protection_station: [60, 200, 2021, 2024],
  child_home: [60, 200, 2014, 2024],
  rehab_home: [300, 1200, 2018, 2024],
  volunteer_point: [30, 150, 2015, 2024],
  marriage_registry: [400, 1200, 2005, 2020],
  relief_station: [800, 3000, 2000, 2016],
};

const CATEGORY: Record<string, Category> = Object.fromEntries(
  FACILITY_SUBTYPE_TERMS.map((t) => [t.code, t.category]),
);

export function generateFacilities(ctx: DistrictContext, rng: Random): DemoFacility[] {
  const { profile, towns, villages } = ctx;
  const counts = profile.counts;
  const specs: Spec[] = [];
  const add = (
    subtype: FacilitySubtype,
    name: string,
    operator: Operator,
    place: Placement,
    extra: Partial<Spec> = {},
  ) => specs.push({ subtype, category: CATEGORY[subtype]!, name, operator, place, ...extra });

  const byCore = towns.slice().sort((a, b) => a.coreDistance - b.coreDistance);
  const streets = byCore.filter((t) => t.kind === 'subdistrict');
  const rural = towns.filter((t) => t.kind !== 'subdistrict');
  const ruralByCore = byCore.filter((t) => t.kind !== 'subdistrict');
  const coreTown = byCore[0]!;
  const urbanTowns = streets.length > 0 ? streets : [coreTown];
  const communities = villages.filter((v) => v.kind === 'community');
  const countryVillages = villages.filter((v) => v.kind === 'village');
  const cycle = <T>(items: T[], n: number): T[] =>
    Array.from({ length: n }, (_, i) => items[i % items.length]!);
  const nearSeat = (town: TownState, maxR = 1.2): Placement => ({
    town,
    at: pointNear(town, town.seat, 0.1, maxR, rng),
  });
  const nearVillage = (v: VillageState, minR = 0.03, maxR = 0.3): Placement => ({
    town: v.town,
    village: v,
    at: pointNear(v.town, v.at, minR, maxR, rng),
  });
  const d = profile.shortName;

  // --- elderly care --------------------------------------------------------------------------------
  const centreTowns = [...rural, ...streets].slice(0, counts.town_centre);
  for (const t of centreTowns) {
    const beds = rng.int(20, 60);
    add(
      'town_centre',
      `${t.name}养老服务中心`,
      rng.chance(0.6) ? 'public_built_private_run' : 'public',
      nearSeat(t, 0.8),
      {
        beds,
        nursingBeds: Math.round(beds * rng.range(0.4, 0.7)),
      },
    );
  }
  for (const t of cycle(rng.shuffle(rural), counts.care_home)) {
    const beds = rng.int(60, 160);
    add(
      'care_home',
      `${t.name}${rng.chance(0.3) ? '中心' : ''}敬老院`,
      rng.chance(0.3) ? 'public_built_private_run' : 'public',
      nearSeat(t),
      {
        beds,
        nursingBeds: Math.round(beds * rng.range(0.25, 0.45)),
      },
    );
  }
  for (let i = 0; i < counts.nursing_centre; i++) {
    const planned = i === 1;
    const beds = planned ? 500 : rng.int(260, 360);
    add(
      'nursing_centre',
      `${d}${i === 0 ? '' : '第二'}老年养护中心`,
      'public',
      nearSeat(urbanTowns[(i + 1) % urbanTowns.length]!, 1.5),
      {
        beds,
        nursingBeds: Math.round(beds * 0.8),
        status: planned ? 'planned' : 'operating',
      },
    );
  }
  for (let i = 0; i < counts.disabled_care; i++) {
    const t = i === 0 ? urbanTowns[0]! : rng.pick(ruralByCore.slice(0, 8));
    const beds = i === 0 ? 400 : rng.int(60, 150);
    add(
      'institution',
      i === 0 ? `${d}失能特困人员集中照护中心` : `${t.name}失能集中照护中心`,
      i === 0 ? 'public' : 'public_built_private_run',
      nearSeat(t),
      {
        beds,
        nursingBeds: Math.round(beds * 0.9),
      },
    );
  }
  // Private and public-built-private-run institutions make up the rest of the bed stock, so that the
  // district total lands near the plan figure with about half of the beds nursing-type.
  const bedsSoFar = () => specs.reduce((s, x) => s + (x.beds ?? 0), 0);
  const nursingSoFar = () => specs.reduce((s, x) => s + (x.nursingBeds ?? 0), 0);
  const remaining = Math.max(0, profile.targetBeds - bedsSoFar());
  const nursingRatio = Math.max(
    0.1,
    Math.min(0.9, (profile.targetBeds * 0.5 - nursingSoFar()) / Math.max(1, remaining)),
  );
  let left = remaining;
  let n = 0;
  const usedNames = new Set<string>();
  const fixed = profile.privateInstitutions;
  for (let k = 0; fixed === undefined ? left >= 50 : k < fixed; k++) {
    const beds = fixed === undefined ? Math.min(left, rng.int(60, 320)) : rng.int(50, 200);
    const t = rng.chance(0.7)
      ? rng.pick(urbanTowns)
      : rng.pick(ruralByCore.slice(0, Math.max(1, Math.ceil(ruralByCore.length / 2))));
    let name = '';
    for (let k = 0; k < 10 && (name === '' || usedNames.has(name)); k++) {
      const where = rng.chance(0.5) ? d : t.name;
      name = `${where}${rng.pick(INSTITUTION_BRANDS)}${rng.pick(INSTITUTION_KINDS)}`;
    }
    if (usedNames.has(name)) name = `${name}${++n}号院`;
    usedNames.add(name);
    add('institution', name, rng.chance(0.6) ? 'private' : 'public_built_private_run', nearSeat(t, 2), {
      beds,
      nursingBeds: Math.round(
        beds * Math.max(0, Math.min(1, (fixed === undefined ? nursingRatio : 0.45) + rng.range(-0.15, 0.15))),
      ),
    });
    left -= beds;
  }
  const stationSites = [...rng.shuffle(communities), ...rng.shuffle(countryVillages)].slice(
    0,
    counts.community_station,
  );
  for (const v of stationSites.sort(byCode)) {
    add(
      'community_station',
      `${v.name}养老服务站`,
      rng.weighted<Operator>([
        ['public_built_private_run', 5],
        ['private', 3],
        ['public', 2],
      ]),
      nearVillage(v),
    );
  }
  for (const v of rng.shuffle(countryVillages).slice(0, counts.village_point).sort(byCode)) {
    add('village_point', `${v.name}${profile.villagePointLabel}`, 'public', nearVillage(v));
  }
  const canteenSites = [
    ...rng.shuffle(communities.filter((v) => v.town.kind === 'subdistrict')),
    ...rng.shuffle(communities.filter((v) => v.town.kind !== 'subdistrict')),
  ];
  for (const v of canteenSites.slice(0, counts.canteen).sort(byCode)) {
    add(
      'canteen',
      `${v.name}老年食堂`,
      rng.weighted<Operator>([
        ['private', 4],
        ['public_built_private_run', 4],
        ['public', 2],
      ]),
      nearVillage(v),
    );
  }

  // --- funeral -------------------------------------------------------------------------------------
  const periUrban = ruralByCore[0] ?? coreTown;
  for (let i = 0; i < counts.funeral_home; i++) {
    // Dazu's plan: "到2025年，建成大足区殡仪馆" — the funeral home is still being built.
    add('funeral_home', `${d}殡仪馆`, 'public', nearSeat(periUrban, 3), {
      status: ctx.code === '500111' ? 'under_construction' : 'operating',
    });
  }
  for (const t of rng.shuffle(ruralByCore.slice(2)).slice(0, counts.funeral_station)) {
    add('funeral_station', `${d}${t.short}殡仪服务站`, 'public', nearSeat(t, 2));
  }
  const outerStreet = streets[streets.length - 1] ?? periUrban;
  for (let i = 0; i < counts.urban_public_cemetery; i++) {
    add('urban_public_cemetery', `${d}城市公益性公墓`, 'public', nearSeat(outerStreet, 4));
  }
  for (let i = 0; i < counts.commercial_cemetery; i++) {
    add(
      'commercial_cemetery',
      `${d}${CEMETERY_NAMES[i % CEMETERY_NAMES.length]}`,
      'private',
      nearSeat(ruralByCore[(i + 1) % ruralByCore.length] ?? periUrban, 4),
    );
  }
  const cemeteryTowns = cycle(rng.shuffle(rural), counts.rural_public_cemetery);
  const seenCemeteryTown = new Set<string>();
  for (const t of cemeteryTowns) {
    const host = rng.pick(
      villages
        .filter((v) => v.town === t && v.kind === 'village')
        .concat(villages.filter((v) => v.town === t)),
    );
    const second = seenCemeteryTown.has(t.code);
    seenCemeteryTown.add(t.code);
    add(
      'rural_public_cemetery',
      second ? `${t.name}${host.name}公益性公墓` : `${t.name}农村公益性公墓`,
      'public',
      nearVillage(host, 0.4, 1.5),
    );
  }
  for (const t of rng.shuffle(towns).slice(0, counts.funeral_service_point)) {
    add('funeral_service_point', `${t.name}治丧服务中心`, 'public', nearSeat(t));
  }
  for (const t of rng.shuffle(rural).slice(0, counts.ash_repository)) {
    add('ash_repository', `${t.name}骨灰堂`, 'public', nearSeat(t, 2.5));
  }

  // --- community -----------------------------------------------------------------------------------
  for (const v of villages)
    add('community_centre', `${v.name}党群服务中心`, 'public', nearVillage(v, 0.02, 0.15));
  for (const t of towns) add('social_work_station', `${t.name}社会工作服务站`, 'public', nearSeat(t, 0.6));
  // About 40 % of towns: the plan's ≥ 50 % target is deliberately not yet met in the demo.
  for (const t of rng
    .shuffle(towns)
    .slice(0, Math.floor(towns.length * 0.4))
    .sort(byCode)) {
    add('minors_protection_station', `${t.name}未成年人保护工作站`, 'public', nearSeat(t, 0.6));
  }
  for (const v of rng.shuffle(villages).slice(0, counts.child_home).sort(byCode)) {
    add('child_home', `${v.name}儿童之家`, 'public', nearVillage(v));
  }
  for (const v of rng.shuffle(villages).slice(0, counts.volunteer_point).sort(byCode)) {
    add('volunteer_point', `${v.name}志愿服务站`, 'public', nearVillage(v));
  }
  for (let i = 0; i < counts.marriage_registry; i++)
    add('marriage_registry', `${d}婚姻登记处`, 'public', nearSeat(coreTown, 0.8));
  for (let i = 0; i < counts.relief_station; i++)
    add('relief_station', `${d}救助管理站`, 'public', nearSeat(urbanTowns[1 % urbanTowns.length]!, 1.5));
  for (let i = 0; i < counts.rehab_home; i++) {
    const t = urbanTowns[(i + 2) % urbanTowns.length]!;
    add('rehab_home', `${d}${t.short}渝康家园`, 'public', nearSeat(t));
  }

  return specs.map((s, i) => toFacility(ctx, s, i + 1, rng));
}

function byCode(a: { code: string }, b: { code: string }): number {
  return a.code.localeCompare(b.code);
}

function toFacility(ctx: DistrictContext, s: Spec, seq: number, rng: Random): DemoFacility {
  const status: Status =
    s.status ??
    rng.weighted<Status>([
      ['operating', 90],
      ['under_construction', 6],
      ['planned', 4],
    ]);
  const [minArea, maxArea, fromYear, toYear] = SIZE[s.subtype] ?? [100, 1000, 2010, 2024];
  const villageLevel = s.place.village !== undefined;
  const town = s.place.town;
  const address = villageLevel
    ? `${ctx.profile.shortName}${town.name}${s.place.village!.name}${rng.int(1, 12)}组`
    : `${ctx.profile.shortName}${town.name}${rng.pick(ROADS)}${rng.int(1, 299)}号`;
  const phone =
    villageLevel && rng.chance(0.25)
      ? null
      : `023-${ctx.profile.phonePrefix}${String(rng.int(0, 9999)).padStart(4, '0')}`;
  return {
    code: `${ctx.code}-F${String(seq).padStart(4, '0')}`,
    category: s.category,
    subtype: s.subtype,
    name: s.name,
    address,
    operator: s.operator,
    status,
    beds: s.beds ?? null,
    nursing_beds: s.nursingBeds ?? null,
    floor_area_m2: Math.round(rng.range(minArea, maxArea) * 10) / 10,
    opened_year: status === 'operating' ? rng.int(fromYear, toYear) : null,
    phone,
    town_code: town.code,
    village_code: s.place.village?.code ?? null,
    district_code: ctx.code,
    geom: { type: 'Point', coordinates: ctx.frame.toLonLat(s.place.at) },
    origin: 'synthetic',
  };
}
