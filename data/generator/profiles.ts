// Per-district settings for the demo generator: facility counts (from the seed policy documents where they
// give one, see docs/DOMAIN.md §2; otherwise proportional guesses), phone prefixes, terrain, and the names of
// natural and cultural features. Positions of all features are synthetic; see data/README.md.

export type FacilityCounts = Record<
  | 'town_centre'
  | 'care_home'
  | 'nursing_centre'
  | 'disabled_care'
  | 'community_station'
  | 'village_point'
  | 'canteen'
  | 'funeral_home'
  | 'funeral_station'
  | 'urban_public_cemetery'
  | 'commercial_cemetery'
  | 'rural_public_cemetery'
  | 'funeral_service_point'
  | 'ash_repository'
  | 'child_home'
  | 'volunteer_point'
  | 'marriage_registry'
  | 'relief_station'
  | 'rehab_home',
  number
>;

/** A named natural or cultural feature; `near` lists town names it should pass by or sit in. */
export interface FeatureSpec {
  name: string;
  near: string[];
}

export interface DistrictProfile {
  code: string;
  /** Short form used in facility names: 大足区, 渝北区, 秀山县. */
  shortName: string;
  /** Prefix of boundary agreement numbers, e.g. 大足勘〔2021〕第017号. */
  agreementPrefix: string;
  authority: string;
  /** Local telephone numbers: 023- plus 8 digits, first four fixed per district. */
  phonePrefix: string;
  elevation: [number, number];
  counts: FacilityCounts;
  /** Beds in elderly-care institutions the generator aims at (Dazu: 7,432 in 2020). */
  targetBeds: number;
  /**
   * A fixed number of private / public-built-private-run institutions instead of filling up to
   * targetBeds (Xiushan's plan counts 33 welfare institutions in all).
   */
  privateInstitutions?: number;
  villagePointLabel: string;
  mountains: FeatureSpec[];
  ridges: FeatureSpec[];
  rivers: FeatureSpec[];
  lakes: FeatureSpec[];
  scenic: FeatureSpec[];
  stations: FeatureSpec[];
  /** The district's former name, if it was renamed (real, from public records; day and month illustrative). */
  formerName: { name: string; validTo: string; note: string } | null;
}

export const PROFILES: DistrictProfile[] = [
  {
    code: '500111',
    shortName: '大足区',
    agreementPrefix: '大足勘',
    authority: '大足区人民政府',
    phonePrefix: '4372',
    elevation: [250, 900],
    targetBeds: 7400,
    villagePointLabel: '互助养老点',
    counts: {
      town_centre: 21,
      care_home: 12,
      nursing_centre: 2,
      disabled_care: 4,
      community_station: 100,
      village_point: 201,
      canteen: 12,
      funeral_home: 1,
      funeral_station: 2,
      urban_public_cemetery: 1,
      commercial_cemetery: 1,
      rural_public_cemetery: 14,
      funeral_service_point: 7,
      ash_repository: 3,
      child_home: 30,
      volunteer_point: 40,
      marriage_registry: 1,
      relief_station: 1,
      rehab_home: 2,
    },
    mountains: [
      { name: '宝顶山', near: ['宝顶镇'] },
      { name: '玉龙山', near: ['玉龙镇'] },
      { name: '北山', near: ['龙岗街道'] },
    ],
    ridges: [{ name: '巴岳山', near: ['邮亭镇', '珠溪镇'] }],
    rivers: [
      { name: '濑溪河', near: ['宝顶镇', '龙岗街道', '棠香街道', '龙水镇', '珠溪镇'] },
      { name: '窟窿河', near: ['中敖镇', '龙水镇'] },
      { name: '淮远河', near: ['石马镇', '拾万镇', '万古镇'] },
    ],
    lakes: [
      { name: '龙水湖', near: ['龙水镇'] },
      { name: '上游水库', near: ['高坪镇'] },
    ],
    scenic: [
      { name: '大足石刻宝顶山景区', near: ['宝顶镇'] },
      { name: '北山摩崖造像', near: ['龙岗街道'] },
      { name: '大足区烈士陵园', near: ['棠香街道'] },
      { name: '龙水湖旅游度假区', near: ['龙水镇'] },
    ],
    stations: [
      { name: '大足南站', near: ['智凤街道'] },
      { name: '大足汽车站', near: ['棠香街道'] },
      { name: '邮亭站', near: ['邮亭镇'] },
    ],
    formerName: {
      name: '大足县',
      validTo: '2011-10-27',
      note: '2011年撤销大足县、双桥区，设立大足区（日期为示意）',
    },
  },
  {
    code: '500112',
    shortName: '渝北区',
    agreementPrefix: '渝北勘',
    authority: '渝北区人民政府',
    phonePrefix: '6781',
    elevation: [180, 1100],
    targetBeds: 9800,
    villagePointLabel: '互助养老点',
    counts: {
      town_centre: 28,
      care_home: 9,
      nursing_centre: 1,
      disabled_care: 2,
      community_station: 200,
      village_point: 120,
      canteen: 40,
      funeral_home: 1,
      funeral_station: 2,
      urban_public_cemetery: 1,
      commercial_cemetery: 3,
      rural_public_cemetery: 11,
      funeral_service_point: 10,
      ash_repository: 4,
      child_home: 45,
      volunteer_point: 60,
      marriage_registry: 1,
      relief_station: 1,
      rehab_home: 3,
    },
    mountains: [
      { name: '玉峰山', near: ['玉峰山镇'] },
      { name: '铜锣山', near: ['龙兴镇'] },
    ],
    ridges: [{ name: '明月山', near: ['统景镇', '大湾镇'] }],
    rivers: [
      { name: '御临河', near: ['大湾镇', '统景镇', '石船镇', '洛碛镇'] },
      { name: '后河', near: ['兴隆镇', '木耳镇', '古路镇'] },
    ],
    lakes: [
      { name: '双龙湖', near: ['双龙湖街道'] },
      { name: '碧津湖', near: ['双凤桥街道'] },
    ],
    scenic: [
      { name: '统景温泉风景区', near: ['统景镇'] },
      { name: '龙兴古镇', near: ['龙兴镇'] },
      { name: '铜锣山矿山公园', near: ['玉峰山镇'] },
      { name: '重庆园博园', near: ['礼嘉街道'] },
    ],
    stations: [
      { name: '江北国际机场', near: ['双凤桥街道'] },
      { name: '渝北汽车站', near: ['双龙湖街道'] },
      { name: '洛碛港', near: ['洛碛镇'] },
    ],
    formerName: { name: '江北县', validTo: '1994-12-31', note: '1994年江北县更名为渝北区（日期为示意）' },
  },
  {
    code: '500241',
    shortName: '秀山县',
    agreementPrefix: '秀山勘',
    authority: '秀山土家族苗族自治县人民政府',
    phonePrefix: '7662',
    elevation: [300, 1300],
    targetBeds: 0,
    privateInstitutions: 8,
    villagePointLabel: '农村幸福院',
    counts: {
      town_centre: 24,
      care_home: 22,
      nursing_centre: 1,
      disabled_care: 2,
      community_station: 62,
      village_point: 98,
      canteen: 8,
      funeral_home: 1,
      funeral_station: 2,
      urban_public_cemetery: 1,
      commercial_cemetery: 1,
      rural_public_cemetery: 32,
      funeral_service_point: 8,
      ash_repository: 3,
      child_home: 25,
      volunteer_point: 30,
      marriage_registry: 1,
      relief_station: 1,
      rehab_home: 1,
    },
    mountains: [
      { name: '川河盖', near: ['钟灵镇'] },
      { name: '平阳盖', near: ['隘口镇'] },
      { name: '凤凰山', near: ['中和街道'] },
    ],
    ridges: [{ name: '高山坪', near: ['妙泉镇', '膏田镇'] }],
    rivers: [
      { name: '梅江河', near: ['梅江镇', '兰桥镇', '官庄街道', '石堤镇'] },
      { name: '平江河', near: ['平凯街道', '清溪场街道', '洪安镇'] },
    ],
    lakes: [{ name: '钟灵水库', near: ['钟灵镇'] }],
    scenic: [
      { name: '洪安边城', near: ['洪安镇'] },
      { name: '川河盖景区', near: ['钟灵镇'] },
      { name: '凤凰山森林公园', near: ['中和街道'] },
    ],
    stations: [
      { name: '秀山站', near: ['乌杨街道'] },
      { name: '秀山汽车站', near: ['中和街道'] },
    ],
    formerName: {
      name: '秀山县',
      validTo: '1983-11-06',
      note: '1983年撤销秀山县，设立秀山土家族苗族自治县（日期为示意）',
    },
  },
];

export function profileFor(code: string): DistrictProfile {
  const p = PROFILES.find((x) => x.code === code);
  if (!p) throw new Error(`no demo profile for district ${code}`);
  return p;
}
