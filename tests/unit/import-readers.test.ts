// The pure parts of the import readers (no database, no GDAL): text encodings, a Shapefile's .cpg,
// the coordinate-system choice and its datum warnings, the GCJ-02 offset, the structural checks of
// geometries, which line of a sheet is its header, which columns hold coordinates, and the layer
// chosen from a multi-layer file.
import { describe, expect, it } from 'vitest';
import { haversineMetres } from '../../server/contract/geodesy.ts';
import { IMPORT_DEFINITIONS } from '../../server/contract/import-collections.ts';
import {
  fromWgs84,
  geometryProblem,
  geometryToWgs84,
  parseCrsChoice,
  positionProblem,
  srsWarnings,
  toWgs84,
} from '../../server/modules/imports/coordinates.ts';
import { detectEncoding } from '../../server/modules/imports/files/encoding.ts';
import {
  chooseLayer,
  cpgEncoding,
  headerLine,
  locationPoint,
  srsName,
  tableGeometry,
} from '../../server/modules/imports/sources.ts';

describe('text encoding', () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);
  it('takes a BOM, ASCII and valid UTF-8 as UTF-8', () => {
    expect(detectEncoding(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41))).toBe('utf-8');
    expect(detectEncoding(utf8('code,name\r\n1,a'))).toBe('utf-8');
    expect(detectEncoding(utf8('编码,名称\r\n1,敬老院'))).toBe('utf-8');
  });
  it('takes bytes that are not UTF-8 as GBK', () => {
    expect(detectEncoding(Uint8Array.of(0xd6, 0xd0, 0xce, 0xc4))).toBe('gbk'); // 中文 in GBK
  });
  it('does not take a character cut at the end of the 64 KB sample for GBK', () => {
    const text = utf8('中'.repeat(30_000)); // 90 000 bytes: the sample ends inside a character
    expect(65_536 % 3).not.toBe(0);
    expect(detectEncoding(text)).toBe('utf-8');
  });
  it("reads a .cpg's spellings of UTF-8 and GBK as GDAL's names", () => {
    for (const cpg of ['UTF-8', 'utf8', '65001', ' UTF-8\r\n']) expect(cpgEncoding(cpg)).toBe('UTF-8');
    for (const cpg of ['936', 'ANSI 936', 'cp936', 'GBK', 'GB2312', 'gb18030', 'Windows-936'])
      expect(cpgEncoding(cpg)).toBe('CP936');
    expect(cpgEncoding('iso-8859-1')).toBe('ISO-8859-1');
  });
});

describe('coordinate systems', () => {
  it('names the CGCS2000 Gauss-Krüger systems by their EPSG codes', () => {
    // EPSG:4544 is CGCS2000 / 3-degree Gauss-Kruger CM 105E; 4523 is its zone-numbered twin (zone 35).
    expect(parseCrsChoice('epsg:4544')).toEqual({
      srs: 'EPSG:4544',
      label: 'CGCS2000 3° Gauss-Krüger CM 105E (EPSG:4544)',
      offset: null,
      projected: true,
    });
    expect(parseCrsChoice('EPSG:4523').label).toBe('CGCS2000 3° Gauss-Krüger zone 35 (EPSG:4523)');
    expect(parseCrsChoice('epsg:4498').label).toBe('CGCS2000 6° Gauss-Krüger zone 20 (EPSG:4498)');
    expect(parseCrsChoice('epsg:4490')).toMatchObject({ projected: false, offset: null });
    expect(parseCrsChoice('epsg:99999')).toMatchObject({ label: 'EPSG:99999', projected: true });
  });
  it('knows the web-map offsets and takes auto as WGS84', () => {
    expect(parseCrsChoice('GCJ02').offset).toBe('gcj02');
    expect(parseCrsChoice('gcj02').srs).toBeUndefined(); // GDAL reads it as lon/lat; gcoord removes the offset
    expect(parseCrsChoice('bd09').offset).toBe('bd09');
    expect(parseCrsChoice('auto')).toEqual({ label: 'WGS84 (EPSG:4326)', offset: null, projected: false });
  });
  it('warns of Beijing 1954 and Xian 1980 unless the file gives its shift', () => {
    expect(srsWarnings('EPSG:2431').map((w) => w.code)).toEqual(['no_datum_shift']); // Beijing 1954 GK
    expect(srsWarnings('EPSG:2360')[0]?.message).toContain('Xian 1980');
    expect(
      srsWarnings('GEOGCS["Xian 1980",DATUM["Xian_1980",SPHEROID["IAG 1975",6378140,298.257]]]'),
    ).toHaveLength(1);
    expect(
      srsWarnings('BOUNDCRS[SOURCECRS[GEOGCRS["Beijing 1954"]],TARGETCRS[],ABRIDGEDTRANSFORMATION[]]'),
    ).toEqual([]);
    expect(srsWarnings('EPSG:4544')).toEqual([]);
  });
  it('removes the GCJ-02 offset (a few hundred metres in Chongqing) and round-trips', () => {
    const truth = [106.5516, 29.563];
    const shifted = fromWgs84(truth, 'gcj02');
    const offset = haversineMetres(truth, shifted);
    expect(offset).toBeGreaterThan(100);
    expect(offset).toBeLessThan(700);
    expect(haversineMetres(toWgs84(shifted, 'gcj02'), truth)).toBeLessThan(1);
    expect(toWgs84([106.5, 29.5], 'cgcs2000')).toEqual([106.5, 29.5]);
  });
});

describe('geometry checks', () => {
  it('names what is wrong with a position', () => {
    expect(positionProblem([106.5, 29.5])).toBeNull();
    expect(positionProblem([106.5])).toBe('a position needs a longitude and a latitude');
    expect(positionProblem(['106.5', 29.5])).toBe('the coordinates are not numbers');
    expect(positionProblem([Number.NaN, 29.5])).toBe('the coordinates are not numbers');
    expect(positionProblem([500_000, 3_300_000])).toMatch(
      /^\(500000, 3300000\) is not a longitude\/latitude; .*epsg:4544/,
    );
  });
  it('names what is wrong with a geometry', () => {
    const ring = [
      [106, 29],
      [106.1, 29],
      [106.1, 29.1],
      [106, 29],
    ];
    expect(geometryProblem({ type: 'Polygon', coordinates: [ring] })).toBeNull();
    expect(geometryProblem({ type: 'Polygon', coordinates: [ring.slice(0, 3)] })).toBe(
      'a polygon ring needs at least 4 positions',
    );
    expect(geometryProblem({ type: 'Polygon', coordinates: [[...ring.slice(0, 3), [106, 29.05]]] })).toBe(
      'a polygon ring is not closed',
    );
    expect(geometryProblem({ type: 'LineString', coordinates: [[106, 29]] })).toBe(
      'a line needs at least 2 positions',
    );
    expect(geometryProblem({ type: 'MultiPolygon', coordinates: [] })).toBe('the geometry is empty');
    expect(geometryProblem({ type: 'GeometryCollection', geometries: [] })).toBe(
      'geometry type GeometryCollection is not supported',
    );
    expect(geometryProblem(null)).toBe('the row has no geometry');
  });
  it('converts every position of a geometry, and leaves WGS84 as it is', () => {
    const line = {
      type: 'LineString' as const,
      coordinates: [
        [106.5, 29.5],
        [106.6, 29.6],
      ],
    };
    expect(geometryToWgs84(line, 'wgs84')).toBe(line);
    expect(geometryToWgs84(line, 'gcj02')).toEqual({
      type: 'LineString',
      coordinates: line.coordinates.map((p) => toWgs84(p, 'gcj02')),
    });
  });
});

describe('tables', () => {
  const facilities = IMPORT_DEFINITIONS.facilities;
  it('finds the header below a yearbook title (the first line naming two known fields)', () => {
    const sheet = ['某区养老服务设施统计表,,', '单位：个,,', '设施编码,设施名称,类型', 'F1,敬老院,敬老院'];
    expect(headerLine(sheet, facilities)).toBe(2);
    expect(headerLine(sheet.slice(2), facilities)).toBe(0);
    // One known name in a title line is not a header.
    expect(headerLine(['名称表,,', 'code,name,subtype'], facilities)).toBe(1);
    expect(headerLine(['a,b', 'c,d'], facilities)).toBe(0);
    // Only the first ten lines are looked at.
    expect(headerLine([...Array(10).fill('x,y'), 'code,name'], facilities)).toBe(0);
  });
  it('reads coordinates from lon/lat-like, WKT or Amap location columns', () => {
    expect(tableGeometry(['名称', '经度', '纬度'], [], false, [])).toEqual({
      openOptions: ['-oo', 'X_POSSIBLE_NAMES=经度', '-oo', 'Y_POSSIBLE_NAMES=纬度'],
      geometryField: '经度/纬度',
      x: '经度',
      y: '纬度',
    });
    expect(tableGeometry(['name', 'WKT'], [], false, [])).toMatchObject({ wkt: 'WKT', geometryField: 'WKT' });
    expect(tableGeometry(['name', 'location'], [], false, [])).toMatchObject({ location: 'location' });
    expect(tableGeometry(['name'], [], false, []).geometryField).toBe('geometry');
  });
  it('swaps a survey table whose X holds northings (only in a projected system)', () => {
    const sample = [{ X: '3266000.5', Y: '511000.2' }];
    const warnings: { code: string; message: string }[] = [];
    expect(tableGeometry(['X', 'Y'], sample, true, warnings)).toMatchObject({ x: 'Y', y: 'X' });
    expect(warnings.map((w) => w.code)).toEqual(['swapped_axes']);
    expect(tableGeometry(['X', 'Y'], sample, false, [])).toMatchObject({ x: 'X', y: 'Y' });
  });
  it('reads an Amap location cell', () => {
    expect(locationPoint(' 106.55,29.56 ')).toEqual({ type: 'Point', coordinates: [106.55, 29.56] });
    expect(locationPoint('106.55;29.56')).toBeNull();
  });
});

describe('layers and coordinate-system names', () => {
  const facilities = IMPORT_DEFINITIONS.facilities;
  const layer = (name: string, featureCount: number) => ({
    name,
    geometryType: 'Point',
    featureCount,
    srsWkt: null,
  });
  it('reads the only layer with rows, else the one named like the collection, and says so', () => {
    expect(chooseLayer([layer('empty', 0), layer('a', 3)], facilities, []).name).toBe('a');
    const warnings: { code: string; message: string }[] = [];
    expect(chooseLayer([layer('roads', 5), layer('民政设施点', 2)], facilities, warnings).name).toBe(
      '民政设施点',
    );
    expect(warnings[0]?.code).toBe('several_layers');
    expect(() => chooseLayer([layer('empty', 0)], facilities, [])).toThrow(/no rows/);
  });
  it("names a file's coordinate system by its WKT name and closing EPSG ID", () => {
    expect(
      srsName(
        'PROJCRS["CGCS2000 / 3-degree Gauss-Kruger CM 105E",BASEGEOGCRS["China Geodetic Coordinate System 2000",ID["EPSG",4490]],ID["EPSG",4544]]',
      ),
    ).toBe('CGCS2000 / 3-degree Gauss-Kruger CM 105E (EPSG:4544)');
    expect(srsName('PROJCS["Xian_1980_3_Degree_GK_CM_105E",GEOGCS["GCS_Xian_1980"]]')).toBe(
      'Xian_1980_3_Degree_GK_CM_105E',
    );
  });
});
