// The feature collections served read-only through OGC API – Features. Each collection is data:
// its FROM clause, id and geometry expressions, and its camelCase properties as SQL expressions.
// Everything here is trusted code, never request input; request values are bound as parameters.

export interface CollectionDefinition {
  id: string;
  title: string;
  description: string;
  from: string;
  idExpr: string;
  /** What a valid id looks like: bigint identities travel as numbers, 9/12-digit codes as strings. */
  idPattern: RegExp;
  numericIds: boolean;
  geomExpr: string;
  districtExpr: string;
  orderBy: string;
  /** Filters a request may use besides district and bbox, mapped to the column they compare. */
  filters: Partial<Record<'town' | 'category' | 'subtype' | 'status' | 'kind' | 'line', string>>;
  /** Extra always-on condition, e.g. hiding soft-deleted rows. */
  where?: string;
  properties: Record<string, string>;
  /** The one GeoJSON geometry type of every feature, or null where types are mixed (declared so). */
  geometryType: 'Point' | 'LineString' | 'Polygon' | 'MultiPolygon' | 'MultiLineString' | null;
  /** What `datetime` compares: an instant (end omitted) or an interval (null end = still valid). */
  temporal?: { start: string; end?: string | null; description: string };
  /** The kind of record for the staff-only declaration (server/contract/staff-only.ts); default id. */
  recordKind?: string;
}

const NUMERIC_ID = /^[0-9]{1,18}$/;

export const COLLECTIONS: CollectionDefinition[] = [
  {
    id: 'towns',
    title: '镇街 Towns and subdistricts',
    description:
      'Town (镇/乡) and subdistrict (街道) areas. Names and codes are official; polygons are synthetic.',
    from: 'towns t JOIN districts d ON d.code = t.district_code',
    idExpr: 't.code',
    idPattern: /^[0-9]{9}$/,
    numericIds: false,
    geomExpr: 't.geom',
    districtExpr: 't.district_code',
    orderBy: 't.code',
    geometryType: 'MultiPolygon',
    filters: { kind: 't.kind' },
    properties: {
      code: 't.code',
      name: 't.name',
      kind: 't.kind',
      districtCode: 't.district_code',
      districtName: 'd.name',
      areaKm2: 'round((ST_Area(t.geom::geography) / 1e6)::numeric, 2)',
      seat: 'json_build_array(round(ST_X(t.seat)::numeric, 6), round(ST_Y(t.seat)::numeric, 6))',
      geomOrigin: 't.geom_origin',
    },
  },
  {
    id: 'villages',
    title: '村（社区） Villages and communities',
    description:
      'Villages (村) and urban communities (社区). Names and codes are official; points and population are synthetic.',
    from: 'villages v JOIN towns t ON t.code = v.town_code',
    idExpr: 'v.code',
    idPattern: /^[0-9]{12}$/,
    numericIds: false,
    geomExpr: 'v.geom',
    districtExpr: 'v.district_code',
    orderBy: 'v.code',
    geometryType: 'Point',
    filters: { town: 'v.town_code', kind: 'v.kind' },
    properties: {
      code: 'v.code',
      name: 'v.name',
      kind: 'v.kind',
      townCode: 'v.town_code',
      townName: 't.name',
      districtCode: 'v.district_code',
      population: 'v.population',
      elderlyPopulation: 'v.elderly_population',
      households: 'v.households',
      geomOrigin: 'v.geom_origin',
      populationOrigin: 'v.population_origin',
    },
  },
  {
    id: 'facilities',
    title: '民政设施 Civil-affairs facilities',
    description: 'Elderly-care, funeral and community-service facilities.',
    from: 'facilities f JOIN facility_subtypes s ON s.subtype = f.subtype LEFT JOIN towns t ON t.code = f.town_code LEFT JOIN villages v ON v.code = f.village_code',
    idExpr: 'f.id',
    idPattern: NUMERIC_ID,
    numericIds: true,
    geomExpr: 'f.geom',
    districtExpr: 'f.district_code',
    orderBy: 'f.id',
    geometryType: 'Point',
    temporal: { start: 'f.updated_at', description: 'last change of the record' },
    filters: { town: 'f.town_code', category: 'f.category', subtype: 'f.subtype', status: 'f.status' },
    properties: {
      id: 'f.id',
      code: 'f.code',
      name: 'f.name',
      category: 'f.category',
      subtype: 'f.subtype',
      subtypeName: 's.name_zh',
      tier: 's.tier',
      address: 'f.address',
      operator: 'f.operator',
      status: 'f.status',
      beds: 'f.beds',
      nursingBeds: 'f.nursing_beds',
      floorAreaM2: 'f.floor_area_m2',
      openedYear: 'f.opened_year',
      phone: 'f.phone',
      townCode: 'f.town_code',
      townName: 't.name',
      villageCode: 'f.village_code',
      villageName: 'v.name',
      districtCode: 'f.district_code',
      origin: 'f.origin',
    },
  },
  {
    id: 'place-names',
    title: '地名 Place names',
    description:
      'Standard and historical place names (标准地名, 历史地名) with pinyin, origin, meaning and history.',
    from: 'place_names p JOIN place_name_categories c ON c.category = p.category LEFT JOIN towns t ON t.code = p.town_code',
    idExpr: 'p.id',
    idPattern: NUMERIC_ID,
    numericIds: true,
    geomExpr: 'p.geom',
    districtExpr: 'p.district_code',
    orderBy: 'p.id',
    geometryType: null,
    temporal: {
      start: 'p.approved_date',
      end: null,
      description: 'in force from its approval date (open start when not recorded) on',
    },
    filters: { town: 'p.town_code', category: 'p.category' },
    properties: {
      id: 'p.id',
      code: 'p.code',
      name: 'p.name',
      pinyin: 'p.pinyin',
      category: 'p.category',
      categoryName: 'c.name_zh',
      townCode: 'p.town_code',
      townName: 't.name',
      villageCode: 'p.village_code',
      districtCode: 'p.district_code',
      labelPoint:
        'json_build_array(round(ST_X(p.label_point)::numeric, 6), round(ST_Y(p.label_point)::numeric, 6))',
      nameOrigin: 'p.name_origin',
      nameMeaning: 'p.name_meaning',
      nameHistory: 'p.name_history',
      isHistorical: 'p.is_historical',
      protectionList: 'p.protection_list',
      protectionBatch: 'p.protection_batch',
      protectionYear: 'p.protection_year',
      approvedBy: 'p.approved_by',
      approvedDate: 'p.approved_date',
      approvalDocument: 'p.approval_document',
      formerNames: `(SELECT coalesce(json_agg(json_build_object('name', a.name, 'kind', a.kind, 'validFrom', a.valid_from,
        'validTo', a.valid_to, 'note', a.note) ORDER BY a.valid_from NULLS FIRST, a.id), '[]'::json)
        FROM place_name_aliases a WHERE a.place_name_id = p.id)`,
      source: 'p.source',
      origin: 'p.origin',
    },
  },
  {
    id: 'boundary-lines',
    title: '行政区域界线 Boundary lines',
    description: 'Township boundary lines with survey status (勘界), agreement and joint-inspection dates.',
    from: 'boundary_lines l',
    idExpr: 'l.id',
    idPattern: NUMERIC_ID,
    numericIds: true,
    geomExpr: 'l.geom',
    districtExpr: 'l.district_code',
    orderBy: 'l.id',
    geometryType: 'MultiLineString',
    temporal: { start: 'l.updated_at', description: 'last change of the record' },
    where: 'l.deleted_at IS NULL',
    filters: { status: 'l.status' },
    properties: {
      id: 'l.id',
      code: 'l.code',
      name: 'l.name',
      level: 'l.level',
      districtCode: 'l.district_code',
      leftUnitCode: 'l.left_unit_code',
      leftUnitName: 'l.left_unit_name',
      rightUnitCode: 'l.right_unit_code',
      rightUnitName: 'l.right_unit_name',
      status: 'l.status',
      agreementNumber: 'l.agreement_number',
      approvingAuthority: 'l.approving_authority',
      agreementDate: 'l.agreement_date',
      description: 'l.description',
      lastInspectionDate: 'l.last_inspection_date',
      nextInspectionDue: "(l.last_inspection_date + interval '5 years')::date",
      lengthKm: 'round((ST_Length(l.geom::geography) / 1000)::numeric, 2)',
      markerCount:
        '(SELECT count(*) FROM boundary_markers m WHERE m.line_id = l.id AND m.deleted_at IS NULL)',
      version: 'l.version',
      origin: 'l.origin',
    },
  },
  {
    id: 'boundary-markers',
    title: '界桩 Boundary markers',
    description: 'Boundary markers with number, type, material and condition.',
    from: 'boundary_markers m JOIN boundary_lines l ON l.id = m.line_id',
    idExpr: 'm.id',
    idPattern: NUMERIC_ID,
    numericIds: true,
    geomExpr: 'm.geom',
    districtExpr: 'l.district_code',
    orderBy: 'm.id',
    geometryType: 'Point',
    temporal: { start: 'm.updated_at', description: 'last change of the record' },
    where: 'm.deleted_at IS NULL',
    filters: { line: 'm.line_id' },
    properties: {
      id: 'm.id',
      lineId: 'm.line_id',
      lineCode: 'l.code',
      lineName: 'l.name',
      number: 'm.number',
      markerType: 'm.marker_type',
      material: 'm.material',
      condition: 'm.condition',
      elevationM: 'm.elevation_m',
      dateSet: 'm.date_set',
      responsibleSide: 'm.responsible_side',
      offLineException: 'm.off_line_exception',
      note: 'm.note',
      version: 'm.version',
      origin: 'm.origin',
    },
  },
];

// Place names come as points, lines and areas: the mixed collection declares so, and these three
// hold one geometry type each, for clients (Shapefile writers, GDAL's type guess) that need one.
const placeNames = COLLECTIONS.find((c) => c.id === 'place-names')!;
for (const [suffix, type, title] of [
  ['points', 'Point', '点'],
  ['lines', 'LineString', '线'],
  ['polygons', 'Polygon', '面'],
] as const) {
  COLLECTIONS.push({
    ...placeNames,
    id: `place-names-${suffix}`,
    recordKind: 'place-names',
    title: `地名（${title}） Place names: ${suffix}`,
    description: `${placeNames.description} Only those mapped as ${suffix}.`,
    geometryType: type,
    where: `GeometryType(p.geom) = '${type.toUpperCase()}'`,
  });
}

export const COLLECTIONS_BY_ID = new Map(COLLECTIONS.map((c) => [c.id, c]));
