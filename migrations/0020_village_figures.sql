-- Village/community figures by year: population, aged 60+ and households, one row per village and
-- year, edited one by one with versions and history like every record. The village row carries the
-- latest year's figures (and which year that is), so coverage and the map read one place and can
-- say which year they use.

CREATE TABLE village_figures (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  village_code       text NOT NULL REFERENCES villages (code) ON DELETE CASCADE,
  year               smallint NOT NULL CHECK (year BETWEEN 1949 AND 2100),
  population         integer NOT NULL CHECK (population >= 0),
  elderly_population integer NOT NULL CHECK (elderly_population >= 0 AND elderly_population <= population),
  households         integer NOT NULL CHECK (households >= 0),
  source             text CHECK (length(source) <= 200),
  origin             data_origin NOT NULL DEFAULT 'manual',
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  deleted_at         timestamptz
);
CREATE UNIQUE INDEX village_figures_village_year_key ON village_figures (village_code, year) WHERE deleted_at IS NULL;

ALTER TABLE villages ADD COLUMN figures_year smallint;

CREATE FUNCTION village_figures_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target text := CASE WHEN TG_OP = 'DELETE' THEN OLD.village_code ELSE NEW.village_code END;
BEGIN
  UPDATE villages v
     SET population = f.population, elderly_population = f.elderly_population, households = f.households,
         figures_year = f.year, population_origin = f.origin
    FROM (SELECT * FROM village_figures
           WHERE village_code = target AND deleted_at IS NULL ORDER BY year DESC LIMIT 1) f
   WHERE v.code = target
     AND (v.population, v.elderly_population, v.households, v.figures_year, v.population_origin)
         IS DISTINCT FROM (f.population, f.elderly_population, f.households, f.year, f.origin);
  RETURN NULL;
END
$$;
CREATE TRIGGER village_figures_apply AFTER INSERT OR UPDATE OR DELETE ON village_figures
  FOR EACH ROW EXECUTE FUNCTION village_figures_apply();
