// npm run roads:import -- FILE.osm.pbf [--district CODE] --user USERNAME [--margin METRES] [--dry-run]
// Loads a district's walking network from an OpenStreetMap extract through the roads import: the
// same dry run, validation, history and undo as a file uploaded in the app, written as USERNAME
// (a planner or admin). The district defaults to the only one on the map.
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/database.ts';
import { findUserByUsername } from '../server/modules/auth/auth.repository.ts';
import { runImport } from '../server/modules/imports/imports.service.ts';
import { osmToRoads } from '../server/modules/network/osm.ts';

const USAGE =
  'usage: npm run roads:import -- FILE.osm.pbf [--district CODE] --user USERNAME [--margin METRES] [--dry-run]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      district: { type: 'string' },
      user: { type: 'string' },
      margin: { type: 'string', default: '1000' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const source = positionals[0];
  if (!source || !values.user) {
    console.error(USAGE);
    return 2;
  }
  const margin = Number(values.margin);
  if (!Number.isFinite(margin) || margin < 0 || margin > 50_000) {
    console.error('--margin must be metres between 0 and 50000');
    return 2;
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (run through npm run roads:import)');
  const database = openDatabase(url, 3);
  try {
    const user = await findUserByUsername(database.db, values.user);
    if (!user || user.disabled || !['planner', 'admin'].includes(user.role)) {
      console.error(
        `user '${values.user}' is not an enabled planner or admin: roads are written by a planner`,
      );
      return 1;
    }
    let district = values.district;
    if (!district) {
      const districts = await database.db.selectFrom('districts').select('code').execute();
      if (districts.length !== 1) {
        console.error(`--district is needed: the map has ${districts.length} districts`);
        return 2;
      }
      district = districts[0]!.code;
    }
    const converted = await osmToRoads(database.db, url, source, district, margin);
    console.error(`[civic-atlas] ${converted.ways} OSM ways → ${converted.segments} walking segments`);
    const actor = { id: user.id, name: user.displayName || user.username };
    const request = {
      collection: 'roads' as const,
      crs: 'wgs84' as const,
      encoding: 'auto' as const,
      district,
      file: converted.file,
      user: actor,
    };
    try {
      const dry = await runImport(database.db, { ...request, mode: 'dry-run', preview: null });
      if (values['dry-run'] || dry.rowsValid === 0) {
        console.log(JSON.stringify({ ...dry, preview: undefined }, null, 2));
        return dry.rowsInvalid > 0 && dry.rowsValid === 0 ? 1 : 0;
      }
      const report = await runImport(database.db, {
        ...request,
        mode: 'commit-valid',
        preview: dry.previewId,
      });
      console.log(JSON.stringify({ ...report, preview: undefined }, null, 2));
      return report.committed ? 0 : 1;
    } finally {
      await converted.file.dispose();
    }
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
