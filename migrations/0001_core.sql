-- Core geography: districts, towns, villages/communities, and the facility taxonomy + facilities.
-- All geometry is SRID 4326; inputs are CGCS2000 (EPSG:4490), which agrees with WGS84 to within
-- centimetres at map scale. Layers drawn as vector tiles keep a generated 3857 copy so tile
-- queries use an index in the tile's own projection.

CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Where a row came from. 'synthetic' rows are made by the demo generator and must be labelled so.
CREATE DOMAIN data_origin AS text CHECK (VALUE IN ('real', 'synthetic', 'imported', 'manual'));

-- Facts about the loaded data set, e.g. {"demo": true} while the synthetic demo data is loaded.
CREATE TABLE app_meta (
  key   text PRIMARY KEY,
  value jsonb NOT NULL
);

CREATE TABLE districts (
  code        text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  outline     geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(outline)),
  outline_3857 geometry(MultiPolygon, 3857) GENERATED ALWAYS AS (ST_Transform(outline, 3857)) STORED,
  outline_origin data_origin NOT NULL,
  outline_source text NOT NULL
);
CREATE INDEX districts_outline_gix ON districts USING gist (outline);
CREATE INDEX districts_outline_3857_gix ON districts USING gist (outline_3857);

CREATE TABLE towns (
  code          text PRIMARY KEY CHECK (code ~ '^[0-9]{9}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  kind          text NOT NULL CHECK (kind IN ('town', 'township', 'subdistrict')), -- 镇 / 乡 / 街道
  district_code text NOT NULL REFERENCES districts (code) ON DELETE CASCADE,
  geom          geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  geom_3857     geometry(MultiPolygon, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  seat          geometry(Point, 4326) NOT NULL,           -- label / town-government point
  geom_origin   data_origin NOT NULL
);
CREATE INDEX towns_district_idx ON towns (district_code);
CREATE INDEX towns_geom_gix ON towns USING gist (geom);
CREATE INDEX towns_geom_3857_gix ON towns USING gist (geom_3857);

CREATE TABLE villages (
  code               text PRIMARY KEY CHECK (code ~ '^[0-9]{12}$'),
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  kind               text NOT NULL CHECK (kind IN ('village', 'community')), -- 村 / 社区
  town_code          text NOT NULL REFERENCES towns (code) ON DELETE CASCADE,
  district_code      text NOT NULL REFERENCES districts (code) ON DELETE CASCADE,
  geom               geometry(Point, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  geom_3857          geometry(Point, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  population         integer NOT NULL CHECK (population >= 0),
  elderly_population integer NOT NULL CHECK (elderly_population >= 0 AND elderly_population <= population),
  households         integer NOT NULL CHECK (households >= 0),
  geom_origin        data_origin NOT NULL,
  population_origin  data_origin NOT NULL
);
CREATE INDEX villages_town_idx ON villages (town_code);
CREATE INDEX villages_district_idx ON villages (district_code);
CREATE INDEX villages_geom_gix ON villages USING gist (geom);
CREATE INDEX villages_geom_3857_gix ON villages USING gist (geom_3857);
CREATE INDEX villages_geog_gix ON villages USING gist ((geom::geography));

-- The facility taxonomy (DOMAIN.md §2) as data: the API codes, Chinese/English names, the tier
-- (map symbol size: higher tiers draw larger) and the default service radius used by coverage.
CREATE TABLE facility_subtypes (
  subtype          text PRIMARY KEY CHECK (subtype ~ '^[a-z_]+$'),
  category         text NOT NULL CHECK (category IN ('elderly_care', 'funeral', 'community')),
  name_zh          text NOT NULL,
  name_en          text NOT NULL,
  tier             smallint NOT NULL CHECK (tier BETWEEN 1 AND 4), -- 1 district … 4 village/home
  default_radius_m integer NOT NULL CHECK (default_radius_m BETWEEN 50 AND 50000),
  sort_order       smallint NOT NULL,
  UNIQUE (category, subtype)
);

INSERT INTO facility_subtypes (subtype, category, name_zh, name_en, tier, default_radius_m, sort_order) VALUES
  ('institution',              'elderly_care', '养老机构',             'Elderly-care institution',        1, 5000, 10),
  ('nursing_centre',           'elderly_care', '老年养护中心',         'Elderly nursing centre',          1, 5000, 11),
  ('care_home',                'elderly_care', '敬老院',               'Township care home',              2, 3000, 12),
  ('town_centre',              'elderly_care', '镇街养老服务中心',     'Town elderly-service centre',     2, 3000, 13),
  ('community_station',        'elderly_care', '社区养老服务站',       'Community elderly-care station',  3, 1000, 14),
  ('village_point',            'elderly_care', '农村互助养老点',       'Village mutual-aid point',        4, 2000, 15),
  ('canteen',                  'elderly_care', '社区老年食堂',         'Elderly canteen',                 3, 1000, 16),
  ('funeral_home',             'funeral',      '殡仪馆',               'Funeral home',                    1, 30000, 20),
  ('funeral_station',          'funeral',      '殡仪服务站',           'Funeral service station',         2, 10000, 21),
  ('urban_public_cemetery',    'funeral',      '城市公益性公墓',       'Urban public-welfare cemetery',   1, 20000, 22),
  ('commercial_cemetery',      'funeral',      '经营性公墓',           'Commercial cemetery',             1, 20000, 23),
  ('rural_public_cemetery',    'funeral',      '农村公益性公墓',       'Rural public cemetery',           2, 8000, 24),
  ('funeral_service_point',    'funeral',      '治丧服务中心（点）',   'Funeral service point',           3, 5000, 25),
  ('ash_repository',           'funeral',      '骨灰安放设施',         'Ash repository',                  2, 8000, 26),
  ('community_centre',         'community',    '城乡社区综合服务设施', 'Community service centre',        3, 1000, 30),
  ('social_work_station',      'community',    '镇街社会工作站',       'Social-work station',             2, 3000, 31),
  ('minors_protection_station','community',    '未成年人保护工作站',   'Minors-protection station',       2, 3000, 32),
  ('child_home',               'community',    '儿童之家',             'Children''s home',                3, 1000, 33),
  ('rehab_home',               'community',    '渝康家园',             'Mental-health rehab home',        2, 5000, 34),
  ('volunteer_point',          'community',    '志愿服务站点',         'Volunteer point',                 3, 1000, 35),
  ('marriage_registry',        'community',    '婚姻登记处',           'Marriage registry',               1, 30000, 36),
  ('relief_station',           'community',    '救助管理站',           'Relief station',                  1, 30000, 37);

CREATE TABLE facilities (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code           text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
  category       text NOT NULL CHECK (category IN ('elderly_care', 'funeral', 'community')),
  subtype        text NOT NULL,
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  address        text CHECK (length(address) <= 200),
  operator       text NOT NULL CHECK (operator IN ('public', 'private', 'public_built_private_run')),
  status         text NOT NULL CHECK (status IN ('operating', 'under_construction', 'planned')),
  beds           integer CHECK (beds >= 0),
  nursing_beds   integer CHECK (nursing_beds >= 0 AND nursing_beds <= coalesce(beds, 0)),
  floor_area_m2  numeric(10, 1) CHECK (floor_area_m2 >= 0),
  opened_year    smallint CHECK (opened_year BETWEEN 1900 AND 2100),
  phone          text CHECK (phone ~ '^[0-9+() -]{3,30}$'),
  town_code      text REFERENCES towns (code) ON DELETE SET NULL,
  village_code   text REFERENCES villages (code) ON DELETE SET NULL,
  district_code  text NOT NULL REFERENCES districts (code) ON DELETE CASCADE,
  geom           geometry(Point, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  geom_3857      geometry(Point, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  origin         data_origin NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (category, subtype) REFERENCES facility_subtypes (category, subtype)
);
CREATE INDEX facilities_district_idx ON facilities (district_code, category, subtype);
CREATE INDEX facilities_town_idx ON facilities (town_code);
CREATE INDEX facilities_geom_gix ON facilities USING gist (geom);
CREATE INDEX facilities_geom_3857_gix ON facilities USING gist (geom_3857);
CREATE INDEX facilities_geog_gix ON facilities USING gist ((geom::geography));
