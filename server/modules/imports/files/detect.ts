// What an uploaded file really is, told from its bytes (the name only breaks ties): the formats we
// read, and the files people send by mistake, each with a message that says what to send instead.
import { open } from 'node:fs/promises';

export type FileKind = 'zip' | 'geopackage' | 'kml' | 'geojson' | 'csv';

export class WrongFile extends Error {}

export async function readHead(path: string, bytes = 64 * 1024): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const startsWith = (head: Buffer, ...bytes: number[]) => bytes.every((b, i) => head[i] === b);

export function sniff(head: Buffer, name: string): FileKind {
  const lower = name.toLowerCase();
  if (head.length === 0) throw new WrongFile('the file is empty');
  if (startsWith(head, 0x50, 0x4b, 0x03, 0x04) || startsWith(head, 0x50, 0x4b, 0x05, 0x06)) return 'zip';
  if (head.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000') {
    const applicationId = head.length >= 72 ? head.readUInt32BE(68) : 0;
    // 'GPKG' (GeoPackage 1.2+) or 'GP10'/'GP11' (1.0/1.1)
    if ([0x47504b47, 0x47503130, 0x47503131].includes(applicationId)) return 'geopackage';
    throw new WrongFile(
      'this is an SQLite database but not a GeoPackage; export the layer from your GIS as GeoPackage (.gpkg)',
    );
  }
  if (startsWith(head, 0x00, 0x00, 0x27, 0x0a))
    throw new WrongFile(
      'this is only the .shp part of a Shapefile; zip it together with its .shx, .dbf, .prj and .cpg files and send the zip',
    );
  if ((head[0] === 0x03 || head[0] === 0x83 || head[0] === 0x30) && lower.endsWith('.dbf'))
    throw new WrongFile(
      'this is only the .dbf part of a Shapefile; zip it together with its .shp, .shx, .prj and .cpg files and send the zip',
    );
  if (startsWith(head, 0x25, 0x50, 0x44, 0x46))
    throw new WrongFile(
      'this is a PDF document, not a table or map file; send CSV, Excel (.xlsx), Shapefile (zip), GeoPackage, KML or GeoJSON',
    );
  if (startsWith(head, 0xd0, 0xcf, 0x11, 0xe0))
    throw new WrongFile(
      'this is an old Office file (Excel 97–2003 .xls or Word .doc); open it in Excel or WPS and save it as .xlsx or CSV',
    );
  if (startsWith(head, 0x52, 0x61, 0x72, 0x21))
    throw new WrongFile('this is a RAR archive; pack the files as a .zip instead');
  if (startsWith(head, 0x37, 0x7a, 0xbc, 0xaf))
    throw new WrongFile('this is a 7z archive; pack the files as a .zip instead');
  if (startsWith(head, 0x89, 0x50, 0x4e, 0x47) || startsWith(head, 0xff, 0xd8, 0xff))
    throw new WrongFile('this is a picture, not a table or map file');
  if (startsWith(head, 0x1f, 0x8b))
    throw new WrongFile('this is a gzip file; unpack it, or pack the files as a .zip');
  const text = head
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'geojson';
  if (text.startsWith('<')) {
    if (/<kml[\s>]/.test(text)) return 'kml';
    throw new WrongFile(
      'this is an XML or HTML file, not KML; send KML/KMZ, GeoJSON, CSV, Excel, Shapefile (zip) or GeoPackage',
    );
  }
  return 'csv';
}

export type ZipContent =
  | { kind: 'xlsx' }
  | { kind: 'shapefile'; shp: string }
  | { kind: 'kmz'; kml: string }
  | { kind: 'inner'; entry: string };

const extension = (name: string) => name.slice(name.lastIndexOf('.') + 1).toLowerCase();

/** What a zip archive holds, from its entry names. */
export function zipContent(names: string[]): ZipContent {
  const files = names.filter((n) => !n.endsWith('/') && !n.includes('__MACOSX/'));
  if (
    files.includes('xl/workbook.xml') ||
    (files.includes('[Content_Types].xml') && files.some((n) => n.startsWith('xl/')))
  )
    return { kind: 'xlsx' };
  if (files.some((n) => n.startsWith('word/')))
    throw new WrongFile(
      'this is a Word document (.docx), not a table or map file; put the table in Excel (.xlsx) or CSV',
    );
  if (files.some((n) => n.startsWith('ppt/')))
    throw new WrongFile('this is a PowerPoint file, not a table or map file');
  const shps = files.filter((n) => extension(n) === 'shp');
  if (shps.length > 1)
    throw new WrongFile(
      `the zip holds ${shps.length} Shapefiles (${shps.slice(0, 5).join(', ')}); import one layer at a time`,
    );
  if (shps.length === 1) {
    const base = shps[0]!.slice(0, -4);
    for (const part of ['dbf', 'shx'])
      if (!files.some((n) => n.toLowerCase() === `${base}.${part}`.toLowerCase()))
        throw new WrongFile(
          `the zip has ${shps[0]} but no .${part} next to it; a Shapefile needs its .shp, .shx and .dbf`,
        );
    return { kind: 'shapefile', shp: shps[0]! };
  }
  const kml = files.find((n) => extension(n) === 'kml');
  if (kml) return { kind: 'kmz', kml };
  const inner = files.filter((n) => ['gpkg', 'geojson', 'json', 'csv', 'xlsx'].includes(extension(n)));
  if (inner.length === 1) return { kind: 'inner', entry: inner[0]! };
  throw new WrongFile(
    `the zip holds no .shp (a Shapefile needs .shp, .shx and .dbf), no KML, GeoPackage, GeoJSON, CSV or Excel file; it holds: ${files.slice(0, 10).join(', ') || 'nothing'}`,
  );
}
