// Downloads made in the browser: the per-town table as CSV (the shared writer in
// server/contract/csv.ts: UTF-8 with BOM, formula guard, codes as text) and the service area as GeoJSON.
export { toCsv } from '../../../server/contract/csv.ts';
export { download } from '../../ui/download.ts';
