// An upload made ready for GDAL, as a job of the work pool (server/modules/work/): what the file is
// from its bytes (detect.ts), zips unpacked within their caps (unzip.ts), CSV and GeoJSON decoded
// (UTF-8 or GBK) into UTF-8, a GeoJSON's `crs` members made safe (geojson-crs.ts: no link reaches
// GDAL), and the Shapefile encoding told from its .cpg or .dbf. Whole-file work, so off the event
// loop. Everything is written in the upload's own folder; problems are 400s naming the file.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImportFormat } from '../../../contract/imports.schemas.ts';
import { AppError } from '../../../errors.ts';
import { readHead, sniff, WrongFile, zipContent } from './detect.ts';
import { detectEncoding, type EncodingChoice, type TextEncoding } from './encoding.ts';
import { rewriteCrsMembers } from './geojson-crs.ts';
import { unzipEntries, ZipProblem, zipNames } from './unzip.ts';

export const fileError = (problem: string) =>
  new AppError(400, 'bad_request', `file: ${problem}`, [{ field: 'file', problem }]);

export interface PrepareWarning {
  code: string;
  message: string;
}

export interface Prepared {
  format: ImportFormat;
  /** What GDAL opens. */
  source: string;
  openOptions: string[];
  encoding: string | null;
  tabular: boolean;
  warnings: PrepareWarning[];
}

export interface PrepareJob {
  /** The upload (files/spool.ts) and its folder; `name` is the client's, never used as a path. */
  path: string;
  dir: string;
  name: string;
  encoding: EncodingChoice;
}

/** Normalises a .cpg's content to the name GDAL's ENCODING option takes. */
export function cpgEncoding(cpg: string): 'UTF-8' | 'CP936' | string {
  const value = cpg.trim().toUpperCase().replace(/\s+/g, ' ');
  if (/^(UTF-?8|65001)$/.test(value)) return 'UTF-8';
  if (/^((CP|ANSI |WINDOWS-)?936|GBK|GB2312|GB18030|EUC-CN)$/.test(value)) return 'CP936';
  return value;
}

const encodingLabel = (gdalEncoding: string): string =>
  gdalEncoding === 'CP936' ? 'gbk' : gdalEncoding === 'UTF-8' ? 'utf-8' : gdalEncoding.toLowerCase();

/** The records of a .dbf (after its header): UTF-8 when they decode as UTF-8, else GBK. */
function dbfEncoding(dbf: Uint8Array): TextEncoding {
  const headerLength = dbf.length >= 10 ? dbf[8]! | (dbf[9]! << 8) : 0;
  return detectEncoding(dbf.subarray(headerLength));
}

/** The job: the file as GDAL will open it, or a 400 naming the file. */
export async function prepareFile(job: PrepareJob): Promise<Prepared> {
  try {
    return await prepare(job);
  } catch (error) {
    if (error instanceof WrongFile || error instanceof ZipProblem) throw fileError(error.message);
    throw error;
  }
}

const withoutWarnings = (p: Omit<Prepared, 'warnings'>): Prepared => ({ ...p, warnings: [] });

async function prepare(file: PrepareJob): Promise<Prepared> {
  const head = await readHead(file.path);
  const kind = sniff(head, file.name);
  const work = path.join(file.dir, 'work');
  await mkdir(work, { recursive: true });
  if (kind === 'geopackage')
    return withoutWarnings({
      format: 'geopackage',
      source: file.path,
      openOptions: [],
      encoding: null,
      tabular: false,
    });
  if (kind === 'kml') {
    const kml = path.join(work, 'layer.kml');
    await copyFile(file.path, kml);
    return withoutWarnings({
      format: 'kml',
      source: kml,
      openOptions: [],
      encoding: 'utf-8',
      tabular: false,
    });
  }
  if (kind === 'geojson' || kind === 'csv')
    return prepareText(await readFile(file.path), kind, work, file.encoding);

  const bytes = await readFile(file.path);
  const content = zipContent(zipNames(bytes));
  if (content.kind === 'xlsx') {
    const xlsx = path.join(work, 'table.xlsx');
    await copyFile(file.path, xlsx);
    return withoutWarnings({ format: 'xlsx', source: xlsx, openOptions: [], encoding: null, tabular: true });
  }
  if (content.kind === 'kmz') {
    const [entry] = await unzipEntries(bytes, (n) => n === content.kml);
    const kml = path.join(work, 'layer.kml');
    await writeFile(kml, entry!.bytes);
    return withoutWarnings({
      format: 'kml',
      source: kml,
      openOptions: [],
      encoding: 'utf-8',
      tabular: false,
    });
  }
  if (content.kind === 'inner') {
    const [entry] = await unzipEntries(bytes, (n) => n === content.entry);
    const ext = content.entry.slice(content.entry.lastIndexOf('.') + 1).toLowerCase();
    if (ext === 'gpkg' || ext === 'xlsx') {
      const target = path.join(work, `inner.${ext}`);
      await writeFile(target, entry!.bytes);
      return withoutWarnings(
        ext === 'gpkg'
          ? { format: 'geopackage', source: target, openOptions: [], encoding: null, tabular: false }
          : { format: 'xlsx', source: target, openOptions: [], encoding: null, tabular: true },
      );
    }
    return prepareText(Buffer.from(entry!.bytes), ext === 'csv' ? 'csv' : 'geojson', work, file.encoding);
  }
  // A Shapefile: its parts under one safe name, whatever the archive called them.
  const base = content.shp.slice(0, -4).toLowerCase();
  const parts = await unzipEntries(bytes, (n) => n.toLowerCase().startsWith(`${base}.`));
  const byExt = new Map(parts.map((p) => [p.name.slice(p.name.lastIndexOf('.') + 1).toLowerCase(), p.bytes]));
  for (const [ext, data] of byExt)
    if (['shp', 'shx', 'dbf', 'prj', 'cpg'].includes(ext))
      await writeFile(path.join(work, `layer.${ext}`), data);
  const cpg = byExt.get('cpg');
  const gdalEncoding =
    file.encoding !== 'auto'
      ? file.encoding === 'gbk'
        ? 'CP936'
        : 'UTF-8'
      : cpg && new TextDecoder().decode(cpg).trim() !== ''
        ? cpgEncoding(new TextDecoder().decode(cpg))
        : dbfEncoding(byExt.get('dbf')!) === 'gbk'
          ? 'CP936'
          : 'UTF-8';
  return withoutWarnings({
    format: 'shapefile',
    source: path.join(work, 'layer.shp'),
    openOptions: ['-oo', `ENCODING=${gdalEncoding}`],
    encoding: encodingLabel(gdalEncoding),
    tabular: false,
  });
}

/** CSV and GeoJSON text: decoded (UTF-8 or GBK) into a UTF-8 file GDAL reads. */
async function prepareText(
  bytes: Buffer,
  kind: 'csv' | 'geojson',
  work: string,
  choice: EncodingChoice,
): Promise<Prepared> {
  const encoding = choice === 'auto' ? detectEncoding(bytes) : choice;
  let text = new TextDecoder(encoding === 'gbk' ? 'gb18030' : 'utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A NUL would end GDAL's C strings mid-cell; as U+FFFD it reaches the row check, which names
  // that row instead of refusing the whole file.
  if (text.includes('\u0000')) text = text.replaceAll('\u0000', '\uFFFD');
  const warnings: PrepareWarning[] = [];
  if (kind === 'geojson') {
    // GDAL would fetch a crs link (twice); named EPSG systems are kept, anything else is ignored.
    const rewritten = rewriteCrsMembers(text);
    text = rewritten.text;
    if (rewritten.ignored > 0)
      warnings.push({
        code: 'crs_ignored',
        message:
          'the file declares its coordinate system by a link or a name that is not an EPSG code; that was ignored (links are never followed): choose the coordinate system if the coordinates are not longitude/latitude',
      });
  }
  const target = path.join(work, kind === 'csv' ? 'table.csv' : 'layer.geojson');
  await writeFile(target, text);
  return { format: kind, source: target, openOptions: [], encoding, tabular: kind === 'csv', warnings };
}
