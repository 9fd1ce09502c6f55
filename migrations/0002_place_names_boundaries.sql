-- Place names (DOMAIN.md §6) and boundary survey data (DOMAIN.md §5): lines and markers.

-- 12 classes of the 2nd national place-name census (after GB/T 18521).
CREATE TABLE place_name_categories (
  category   text PRIMARY KEY,
  name_zh    text NOT NULL,
  name_en    text NOT NULL,
  importance smallint NOT NULL,  -- ranking tie-breaker in search: higher first
  sort_order smallint NOT NULL
);
INSERT INTO place_name_categories (category, name_zh, name_en, importance, sort_order) VALUES
  ('sea_area',         '海域',             'Sea area',                   3, 1),
  ('water_system',     '陆地水系',         'Rivers and lakes',           6, 2),
  ('terrain',          '陆地地形',         'Landforms',                  6, 3),
  ('admin_region',     '行政区域',         'Administrative area',       10, 4),
  ('autonomous_org',   '群众自治组织',     'Village / community',        8, 5),
  ('non_admin_region', '非行政区域',       'Non-administrative area',    5, 6),
  ('settlement',       '居民点',           'Settlement',                 7, 7),
  ('transport',        '交通运输设施',     'Transport facility',         5, 8),
  ('utility',          '水利电力通信设施', 'Water, power, telecom',      4, 9),
  ('memorial_tourism', '纪念地旅游景点',   'Memorial or scenic site',    7, 10),
  ('building',         '建筑物',           'Building',                   3, 11),
  ('organization',     '单位',             'Organisation',               3, 12);

CREATE TABLE place_names (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code              text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  pinyin            text NOT NULL,                 -- 罗马字母拼写 with tone marks, e.g. Lóngshuǐ Zhèn
  pinyin_overridden boolean NOT NULL DEFAULT false, -- set by hand for polyphonic characters
  category          text NOT NULL REFERENCES place_name_categories (category),
  district_code     text NOT NULL REFERENCES districts (code) ON DELETE CASCADE,
  town_code         text REFERENCES towns (code) ON DELETE SET NULL,
  village_code      text REFERENCES villages (code) ON DELETE SET NULL,
  geom              geometry(Geometry, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  label_point       geometry(Point, 4326) NOT NULL,
  label_point_3857  geometry(Point, 3857) GENERATED ALWAYS AS (ST_Transform(label_point, 3857)) STORED,
  name_origin       text,   -- 来历
  name_meaning      text,   -- 含义
  name_history      text,   -- 沿革
  is_historical     boolean NOT NULL DEFAULT false, -- 历史地名: a name with recognised historical value
  protection_list   text,   -- e.g. 重庆市第一批历史地名保护名录
  protection_batch  smallint CHECK (protection_batch BETWEEN 1 AND 50),
  protection_year   smallint CHECK (protection_year BETWEEN 1900 AND 2100),
  approved_by       text,
  approved_date     date,
  approval_document text,
  source            text NOT NULL,
  origin            data_origin NOT NULL,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((protection_list IS NULL) = (protection_year IS NULL))
);
CREATE INDEX place_names_district_idx ON place_names (district_code, category);
CREATE INDEX place_names_town_idx ON place_names (town_code);
CREATE INDEX place_names_geom_gix ON place_names USING gist (geom);
CREATE INDEX place_names_label_gix ON place_names USING gist (label_point);
CREATE INDEX place_names_label_3857_gix ON place_names USING gist (label_point_3857);

-- Former names and aliases, each with the period it was in use.
CREATE TABLE place_name_aliases (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  place_name_id bigint NOT NULL REFERENCES place_names (id) ON DELETE CASCADE,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind          text NOT NULL CHECK (kind IN ('former', 'alias')),
  valid_from    date,
  valid_to      date,
  note          text,
  CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to)
);
CREATE INDEX place_name_aliases_place_idx ON place_name_aliases (place_name_id);

-- 行政区域界线. Each line separates two units (left/right as seen walking the line's direction).
CREATE TABLE boundary_lines (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code                 text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
  name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  level                text NOT NULL CHECK (level IN ('provincial', 'county', 'township')),
  district_code        text NOT NULL REFERENCES districts (code) ON DELETE CASCADE,
  left_unit_code       text NOT NULL,
  left_unit_name       text NOT NULL,
  right_unit_code      text NOT NULL,
  right_unit_name      text NOT NULL,
  status               text NOT NULL CHECK (status IN ('undelimited', 'delimiting', 'delimited', 'disputed')),
  agreement_number     text,   -- 协议书编号
  approving_authority  text,
  agreement_date       date,
  description          text,   -- 走向说明
  last_inspection_date date,
  geom                 geometry(MultiLineString, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  geom_3857            geometry(MultiLineString, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  origin               data_origin NOT NULL,
  version              integer NOT NULL DEFAULT 1,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  deleted_at           timestamptz,
  CHECK (left_unit_code <> right_unit_code),
  CHECK (status <> 'delimited' OR agreement_number IS NOT NULL)
);
CREATE INDEX boundary_lines_district_idx ON boundary_lines (district_code) WHERE deleted_at IS NULL;
CREATE INDEX boundary_lines_geom_gix ON boundary_lines USING gist (geom);
CREATE INDEX boundary_lines_geom_3857_gix ON boundary_lines USING gist (geom_3857);

-- 界桩. Number per line: 3 digits from 001 (west→east or north→south) + type letter:
-- single 单立 Q; same-number pair 同号双立 A/B; same-number triple 同号三立 C/D/E.
CREATE TABLE boundary_markers (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  line_id            bigint NOT NULL REFERENCES boundary_lines (id),
  number             text NOT NULL CHECK (number ~ '^[0-9]{3}[ABCDEQ]$'),
  marker_type        text NOT NULL CHECK (marker_type IN ('single', 'double', 'triple')),
  material           text NOT NULL CHECK (material IN ('granite', 'concrete', 'steel', 'composite', 'other')),
  condition          text NOT NULL CHECK (condition IN ('intact', 'damaged', 'missing', 'displaced', 'illegible')),
  geom               geometry(Point, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  geom_3857          geometry(Point, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  elevation_m        numeric(7, 2) CHECK (elevation_m BETWEEN -500 AND 9000),
  date_set           date,
  responsible_side   text,
  off_line_exception boolean NOT NULL DEFAULT false, -- allowed to stand > 50 m from its line
  note               text,
  origin             data_origin NOT NULL,
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  deleted_at         timestamptz,
  CHECK (
    (marker_type = 'single' AND right(number, 1) = 'Q') OR
    (marker_type = 'double' AND right(number, 1) IN ('A', 'B')) OR
    (marker_type = 'triple' AND right(number, 1) IN ('C', 'D', 'E'))
  )
);
CREATE UNIQUE INDEX boundary_markers_line_number_key ON boundary_markers (line_id, number) WHERE deleted_at IS NULL;
CREATE INDEX boundary_markers_geom_gix ON boundary_markers USING gist (geom);
CREATE INDEX boundary_markers_geom_3857_gix ON boundary_markers USING gist (geom_3857);
