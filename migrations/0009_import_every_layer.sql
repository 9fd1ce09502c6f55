-- Every layer of a district can be imported: district outlines, towns, boundary lines and a
-- villages' statistics table beside facilities, villages, place names and markers; files in any
-- format GDAL reads, in any coordinate system (an EPSG code or the file's own).

-- A village or community imported as a polygon keeps its outline; geom stays its point (inside it).
ALTER TABLE villages ADD COLUMN area geometry(MultiPolygon, 4326) CHECK (area IS NULL OR ST_IsValid(area));

ALTER TABLE import_runs DROP CONSTRAINT import_runs_collection_check;
ALTER TABLE import_runs ADD CONSTRAINT import_runs_collection_check CHECK (collection IN
  ('districts', 'towns', 'villages', 'village-statistics', 'facilities', 'place-names', 'boundary-lines', 'boundary-markers'));
ALTER TABLE import_runs DROP CONSTRAINT import_runs_format_check;
ALTER TABLE import_runs ADD CONSTRAINT import_runs_format_check CHECK (format IN
  ('csv', 'xlsx', 'geojson', 'shapefile', 'geopackage', 'kml'));
-- The coordinate system as read: the file's own (its name and EPSG code) or the one chosen.
ALTER TABLE import_runs DROP CONSTRAINT import_runs_crs_check;
ALTER TABLE import_runs ADD CONSTRAINT import_runs_crs_check CHECK (length(crs) BETWEEN 1 AND 200);
ALTER TABLE import_runs ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]';
