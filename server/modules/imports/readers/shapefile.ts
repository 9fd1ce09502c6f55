// Zipped Shapefile → GeoJSON features with shpjs. The .prj is honoured (projected data, e.g. a
// CGCS2000 Gauss–Krüger zone, is reprojected to longitude/latitude by proj4) and the .cpg names the
// attribute encoding; without a .cpg the chosen encoding is used, or detected from the .dbf bytes.
import { iter } from 'but-unzip';
import type { Feature } from 'geojson';
import getShapefile from 'shpjs';
import { AppError } from '../../../errors.ts';
import { detectEncoding, type EncodingChoice, type TextEncoding } from './text.ts';

const fileError = (problem: string) =>
  new AppError(400, 'bad_request', `file: ${problem}`, [{ field: 'file', problem }]);

export interface ShapefileContent {
  features: Feature[];
  encoding: TextEncoding | string;
  projected: boolean;
}

/**
 * Whether the archive ends with an intact end-of-central-directory record pointing inside the file.
 * but-unzip scans for that record without bounds, and never returns on a truncated archive.
 */
function zipLooksComplete(bytes: Buffer): boolean {
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= earliest; at--) {
    if (bytes.readUInt32LE(at) !== 0x06054b50) continue;
    const size = bytes.readUInt32LE(at + 12);
    const offset = bytes.readUInt32LE(at + 16);
    return offset + size <= at && bytes.length >= 22;
  }
  return false;
}

export async function readShapefileZip(bytes: Buffer, choice: EncodingChoice): Promise<ShapefileContent> {
  const files = new Map<string, Uint8Array>();
  if (bytes.length < 22 || !zipLooksComplete(bytes))
    throw fileError('the zip archive is damaged or truncated (no central directory at its end)');
  try {
    for (const entry of iter(bytes)) {
      if (entry.filename.includes('__MACOSX')) continue;
      const ext = entry.filename.slice(entry.filename.lastIndexOf('.') + 1).toLowerCase();
      if (['shp', 'dbf', 'prj', 'cpg'].includes(ext) && !files.has(ext)) files.set(ext, await entry.read());
    }
  } catch (error) {
    throw fileError(
      `the zip archive is damaged or truncated (${error instanceof Error ? error.message : 'unreadable'})`,
    );
  }
  const shp = files.get('shp');
  if (!shp)
    throw fileError(
      'the zip archive holds no .shp file (a Shapefile zip needs .shp, .shx, .dbf and ideally .prj)',
    );
  const dbf = files.get('dbf');
  if (!dbf) throw fileError('the zip archive holds no .dbf file, so the features have no attributes');
  const cpgText = files.has('cpg') ? new TextDecoder().decode(files.get('cpg')).trim() : '';
  const encoding = cpgText || (choice === 'auto' ? detectEncoding(dbf.subarray(32)) : choice);
  const prj = files.has('prj') ? new TextDecoder().decode(files.get('prj')) : undefined;
  try {
    const collection = await getShapefile({ shp, dbf, cpg: encoding === 'gbk' ? 'gb18030' : encoding, prj });
    return { features: collection.features, encoding, projected: prj !== undefined && /PROJCS/i.test(prj) };
  } catch (error) {
    throw fileError(
      `the Shapefile cannot be read (${error instanceof Error ? error.message : 'unreadable'})`,
    );
  }
}
