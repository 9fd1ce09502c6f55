// 规划分析: the planner's coverage panel. Choose facility kinds, statuses and a life circle or radius;
// the map shows the service area and uncovered villages; a sortable per-town table (click → zoom);
// proposed sites dropped and dragged on the map with the change at once; greedy siting suggestions;
// CSV / GeoJSON export; and the plan indicators view. Every value is rendered as text.

import { type CSSProperties, useEffect, useMemo, useRef, useState } from 'react';
import { SPEED_PRESET_TERMS } from '../../../server/contract/network.ts';
import {
  FACILITY_CATEGORIES,
  FACILITY_STATUSES,
  LIFE_CIRCLES,
  termLabel,
} from '../../../server/contract/vocabularies.ts';
import type { FacilitySubtype } from '../../api/types.ts';
import { setAnalysisCaption } from '../../app/analysis-caption.ts';
import { useDataVersion } from '../../app/dataChanges.ts';
import { addLeaveGuard } from '../../app/leave-guard.ts';
import { formatDistance, formatInteger, formatPercent } from '../../i18n/format.ts';
import { type Language, translate, useI18n } from '../../i18n/index.tsx';
import { useMapController, useMapOverlay } from '../../map/context.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { useAuth } from '../auth/auth.tsx';
import { FacilityWorkspace } from '../facilities/FacilityWorkspace.tsx';
import type { ModePanelProps } from '../modes.tsx';
import {
  type CoverageBody,
  type CoverageResponse,
  coverageApi,
  type SuggestionsResponse,
  type TownRow,
} from './coverageApi.ts';
import { COVERAGE_COLOURS, CoverageLayer, type ProposedSite } from './coverageLayer.ts';
import { download, toCsv } from './export.ts';
import { IndicatorsView } from './IndicatorsView.tsx';
import { ScenarioBar } from './ScenarioBar.tsx';
import { describe, fromParams, type Measure, type Speed, sameParams, toParams } from './scenario.ts';
import { type SavedScenario, scenariosApi } from './scenariosApi.ts';
import { CATEGORY_LABELS, pick, STATUS_LABELS, type TextKey } from './text.ts';
import { UncoveredList, uncoveredRows } from './UncoveredList.tsx';
import './coverage.css';

type RadiusMode = '5min' | '10min' | '15min' | 'default' | 'custom';
type Site = ProposedSite & { subtype: string };
/** A town's row: on foot its rates and median are the walking ones, the straight rate beside them. */
type TownView = TownRow & { straightRate: number | null; straightElderlyRate: number | null };
type SortKey =
  | 'name'
  | 'population'
  | 'elderlyPopulation'
  | 'rate'
  | 'elderlyRate'
  | 'facilityCount'
  | 'medianNearestM';

const CATEGORIES = FACILITY_CATEGORIES;
const STATUSES = FACILITY_STATUSES;
const FIXED: Record<string, number> = LIFE_CIRCLES;
const RADIUS_LABELS: [RadiusMode, TextKey][] = [
  ['5min', 'lc5'],
  ['10min', 'lc10'],
  ['15min', 'lc15'],
  ['default', 'lcDefault'],
  ['custom', 'lcCustom'],
];

const signedInteger = (n: number) => `${n > 0 ? '+' : ''}${formatInteger(n)}`;
const signedPercent = (r: number | null) => (r === null ? '' : `${r > 0 ? '+' : ''}${formatPercent(r)}`);

export function CoverageWorkspace({
  district,
  meta,
  selection,
  select,
  scenario: scenarioId,
  setScenario,
}: ModePanelProps) {
  const mapController = useMapController();
  const { language, t } = useI18n();
  const auth = useAuth();
  const [measure, setMeasure] = useState<Measure>('straight');
  const [speed, setSpeed] = useState<Speed>('gb50180');
  const [saved, setSaved] = useState<SavedScenario | null>(null);
  const [tab, setTab] = useState<'coverage' | 'indicators' | 'facilities'>('coverage');
  // A facility saved in the facilities tab changes the figures: read them again.
  const facilitiesVersion = useDataVersion('facilities');
  // A facility chosen on the map opens in the facilities tab.
  useEffect(() => {
    if (selection?.collection === 'facilities') setTab('facilities');
  }, [selection]);
  const [categories, setCategories] = useState<string[]>(['elderly_care']);
  const [subtypes, setSubtypes] = useState<string[] | null>(null);
  const [statuses, setStatuses] = useState<string[]>(['operating']);
  const [radiusMode, setRadiusMode] = useState<RadiusMode>('15min');
  const [customRadius, setCustomRadius] = useState(800);
  const [sites, setSites] = useState<Site[]>([]);
  const [siteSubtype, setSiteSubtype] = useState('community_station');
  const [placing, setPlacing] = useState(false);
  const [result, setResult] = useState<CoverageResponse | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: 'elderlyRate',
    descending: false,
  });
  const [suggestions, setSuggestions] = useState<SuggestionsResponse | null>(null);
  const [suggesting, setSuggesting] = useState(false);
  const [suggestError, setSuggestError] = useState<unknown>(undefined);
  const nextId = useRef(1);

  const subtypeInfo = useMemo(
    () => new Map((meta?.facilitySubtypes ?? []).map((s) => [s.subtype, s])),
    [meta],
  );

  // The overlay lives while the panel does; the map controller hands it the clicks it takes.
  const layer = useMapOverlay(
    () =>
      new CoverageLayer({
        onAdd: (lon, lat) =>
          setSites((current) => [...current, { id: nextId.current++, lon, lat, radiusM: 0, subtype: '' }]),
        onMove: (id, lon, lat) =>
          setSites((current) => current.map((s) => (s.id === id ? { ...s, lon, lat } : s))),
      }),
  );

  // A new site takes the kind chosen for proposed sites; its radius follows the current settings.
  const placedSites = useMemo(
    () =>
      sites.map((s) => {
        const subtype = s.subtype || siteSubtype;
        const radiusM =
          radiusMode === 'custom'
            ? customRadius
            : (FIXED[radiusMode] ?? subtypeInfo.get(subtype)?.defaultRadiusM ?? 1000);
        return { ...s, subtype, radiusM };
      }),
    [sites, siteSubtype, radiusMode, customRadius, subtypeInfo],
  );
  useEffect(() => layer?.setSites(placedSites), [layer, placedSites]);
  useEffect(() => layer?.setPlacing(placing && tab === 'coverage'), [layer, placing, tab]);

  const body: CoverageBody | null = useMemo(() => {
    if (!district || categories.length === 0 || statuses.length === 0) return null;
    const radius: Pick<CoverageBody, 'lifeCircle' | 'radiusMeters'> =
      radiusMode === 'custom' ? { radiusMeters: customRadius } : { lifeCircle: radiusMode };
    return {
      district: district.code,
      facilities: {
        categories: categories as NonNullable<CoverageBody['facilities']>['categories'],
        ...(subtypes ? { subtypes } : {}),
        statuses: statuses as NonNullable<CoverageBody['facilities']>['statuses'],
      },
      ...radius,
      measure,
      ...(measure === 'network' ? { speed } : {}),
      ...(placedSites.length > 0
        ? {
            proposed: placedSites.map((s) => ({
              lon: s.lon,
              lat: s.lat,
              ...(radiusMode === 'default' ? { subtype: s.subtype } : {}),
            })),
          }
        : {}),
    };
  }, [district, categories, subtypes, statuses, radiusMode, customRadius, placedSites, measure, speed]);

  // Recompute shortly after any change (of the selection, or of the facilities themselves); the
  // previous answer stays on screen meanwhile.
  // biome-ignore lint/correctness/useExhaustiveDependencies: facilitiesVersion re-runs it after a facility is saved.
  useEffect(() => {
    if (!body) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setLoading(true);
      coverageApi.coverage(body, controller.signal).then(
        (answer) => {
          setResult(answer);
          setError(undefined);
          setLoading(false);
        },
        (reason: unknown) => {
          if (controller.signal.aborted) return;
          setError(reason);
          setLoading(false);
        },
      );
    }, 250);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [body, facilitiesVersion]);

  useEffect(() => {
    const uncovered = result?.network?.uncoveredVillages ?? result?.uncoveredVillages;
    layer?.showResult(
      (result?.serviceArea as GeoJSON.Geometry | null) ?? null,
      (uncovered as GeoJSON.FeatureCollection | undefined) ?? { type: 'FeatureCollection', features: [] },
    );
    layer?.showNetwork((result?.network?.serviceArea as GeoJSON.Geometry | undefined) ?? null);
  }, [layer, result]);

  // The view as scenario parameters; a saved scenario's own are compared with them (unsaved work).
  const params = useMemo(
    () =>
      body
        ? toParams({
            categories,
            subtypes,
            statuses,
            radiusMode,
            customRadius,
            measure,
            speed,
            sites: placedSites,
          })
        : null,
    [body, categories, subtypes, statuses, radiusMode, customRadius, measure, speed, placedSites],
  );
  useEffect(() => {
    setAnalysisCaption(
      params
        ? describe(language, params, saved?.name ?? null)
            // The sites' coordinates are in the CSV and GeoJSON; the image names how many.
            .map(([label, value]) =>
              label === t('coverage.proposed')
                ? `${label}：${params.proposed?.length ?? 0}`
                : `${label}：${value}`,
            )
            .join('；')
        : null,
    );
    return () => setAnalysisCaption(null);
  }, [language, params, saved?.name, t]);
  const unsaved = placedSites.length > 0 && (!saved || !params || !sameParams(saved.params, params));
  const unsavedRef = useRef(unsaved);
  unsavedRef.current = unsaved;
  useEffect(() => addLeaveGuard(() => (unsavedRef.current ? t('coverage.leaveWarning') : null)), [t]);

  // A scenario in the address bar (a shared link, or one just opened): load it and show its view.
  const apply = (scenario: SavedScenario) => {
    const view = fromParams(scenario.params, siteSubtype);
    setCategories(view.categories);
    setSubtypes(view.subtypes);
    setStatuses(view.statuses);
    setRadiusMode(view.radiusMode);
    setCustomRadius(view.customRadius);
    setMeasure(view.measure);
    setSpeed(view.speed);
    setSites(view.sites.map((site) => ({ ...site, id: nextId.current++, radiusM: 0 })));
    setSaved(scenario);
  };
  const [scenarioError, setScenarioError] = useState<unknown>(undefined);
  // Scenarios are for signed-in staff: a link opened before signing in loads once the user has.
  const userId = auth.user?.id ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: load when the id in the address bar changes.
  useEffect(() => {
    if (!scenarioId || saved?.id === Number(scenarioId) || userId === null) return;
    const controller = new AbortController();
    scenariosApi.get(Number(scenarioId), controller.signal).then(
      (scenario) => {
        setScenarioError(undefined);
        if (district && scenario.districtCode !== district.code) return;
        apply(scenario);
      },
      (reason: unknown) => {
        if (!controller.signal.aborted) setScenarioError(reason);
      },
    );
    return () => controller.abort();
  }, [scenarioId, district?.code, userId]);
  useEffect(
    () => layer?.showSuggestions(suggestions?.suggestions.map((s) => [s.lon, s.lat]) ?? []),
    [layer, suggestions],
  );
  // Suggestions belong to the selection they were computed for.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset whenever the selection changes.
  useEffect(
    () => setSuggestions(null),
    [district?.code, categories, subtypes, statuses, radiusMode, customRadius, measure, speed],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new district starts without sites.
  useEffect(() => {
    if (saved && saved.districtCode === district?.code) return;
    setSites([]);
    setResult(null);
    setSaved(null);
  }, [district?.code]);

  const towns = useMemo(() => {
    // On foot, the table's rates and medians are the walking ones, with the straight rate beside them.
    const walking = new Map((result?.network?.towns ?? []).map((w) => [w.code, w]));
    const rows: TownView[] = (result?.towns ?? []).map((row) => {
      const w = walking.get(row.code);
      return w
        ? {
            ...row,
            rate: w.rate,
            elderlyRate: w.elderlyRate,
            medianNearestM: w.medianNearestM,
            straightRate: row.rate,
            straightElderlyRate: row.elderlyRate,
          }
        : { ...row, straightRate: null, straightElderlyRate: null };
    });
    const { key, descending } = sort;
    rows.sort((a, b) => {
      const x = a[key];
      const y = b[key];
      const order =
        typeof x === 'string' && typeof y === 'string'
          ? x.localeCompare(y, 'zh-CN')
          : (x === null ? Number.POSITIVE_INFINITY : Number(x)) -
            (y === null ? Number.POSITIVE_INFINITY : Number(y));
      return descending ? -order : order;
    });
    return rows;
  }, [result, sort]);

  const toggle = (list: string[], value: string) =>
    list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  const availableSubtypes = (meta?.facilitySubtypes ?? []).filter((s) => categories.includes(s.category));

  const suggest = () => {
    if (!body) return;
    setSuggesting(true);
    setSuggestError(undefined);
    const { uncoveredLimit: _limit, ...selection } = body as CoverageBody & { uncoveredLimit?: number };
    coverageApi
      .suggestions({ ...selection, k: 5, ...(radiusMode === 'default' ? { subtype: siteSubtype } : {}) })
      .then(setSuggestions, setSuggestError)
      .finally(() => setSuggesting(false));
  };

  const percent = (ratio: number | null) => (ratio === null ? null : Math.round(ratio * 1000) / 10);
  const exportCsv = () => {
    if (!result || !params) return;
    const walking = result.network !== undefined;
    const header = [
      t('coverage.town'),
      '代码 code',
      t('coverage.population'),
      t('coverage.elderly'),
      t('coverage.coveredPopulation'),
      t('coverage.coveredElderly'),
      ...(walking
        ? [
            `${t('coverage.straight')} ${t('coverage.rate')} (%)`,
            `${t('coverage.walking')} ${t('coverage.rate')} (%)`,
            `${t('coverage.gap')} (%)`,
            `${t('coverage.walking')} ${t('coverage.elderlyRate')} (%)`,
          ]
        : [`${t('coverage.rate')} (%)`, `${t('coverage.elderlyRate')} (%)`]),
      t('coverage.facilityCount'),
      `${t('coverage.median')} (m)`,
    ];
    const rows = towns.map((town) => [
      town.name,
      town.code,
      town.population,
      town.elderlyPopulation,
      town.coveredPopulation,
      town.coveredElderly,
      ...(walking
        ? [
            percent(town.straightRate),
            percent(town.rate),
            town.straightRate === null || town.rate === null ? null : percent(town.straightRate - town.rate),
            percent(town.elderlyRate),
          ]
        : [percent(town.rate), percent(town.elderlyRate)]),
      town.facilityCount,
      town.medianNearestM,
    ]);
    // The parameters first, so the file says what it measured; then a blank row and the table.
    const meta = describe(language, params, saved?.name ?? null);
    download(
      `coverage-${result.district.code}${walking ? '-walking' : ''}.csv`,
      toCsv([t('coverage.parameter'), t('coverage.paramValue')], [...meta, [], header, ...rows]),
      'text/csv;charset=utf-8',
    );
  };
  const exportGeojson = () => {
    if (!result?.serviceArea || !params) return;
    const scenario = { name: saved?.name ?? null, id: saved?.id ?? null, params };
    const collection = {
      type: 'FeatureCollection',
      scenario,
      features: [
        {
          type: 'Feature',
          properties: {
            kind: 'straight',
            district: result.district.code,
            radius: result.radius,
            totals: result.totals,
            scenario,
          },
          geometry: result.serviceArea,
        },
        ...(result.network
          ? [
              {
                type: 'Feature',
                properties: {
                  kind: 'walking',
                  district: result.district.code,
                  speedMps: result.network.speedMps,
                  reachM: result.network.reachM,
                  totals: result.network.totals,
                  scenario,
                },
                geometry: result.network.serviceArea,
              },
            ]
          : []),
      ],
    };
    download(
      `service-area-${result.district.code}.geojson`,
      JSON.stringify(collection),
      'application/geo+json',
    );
  };

  return (
    <div className="mode-panel coverage-panel" data-mode-panel="planning">
      <h2 className="panel-title">
        {district?.name} · {t('coverage.title')}
      </h2>
      <div className="cv-tabs" role="tablist">
        {(['coverage', 'indicators', 'facilities'] as const).map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            data-tab={id}
            className={tab === id ? 'cv-tab is-active' : 'cv-tab'}
            onClick={() => setTab(id)}
          >
            {t(
              id === 'coverage'
                ? 'coverage.tabCoverage'
                : id === 'indicators'
                  ? 'coverage.tabIndicators'
                  : 'records.tabFacilities',
            )}
          </button>
        ))}
      </div>

      {tab === 'facilities' ? (
        <FacilityWorkspace meta={meta} selection={selection} select={select} />
      ) : tab === 'indicators' && district ? (
        <IndicatorsView district={district.code} language={language} onTown={(code) => fitTown(code)} />
      ) : (
        <>
          {district && (
            <ScenarioBar
              district={district.code}
              params={params}
              current={saved}
              canSave={auth.can('planner')}
              signedIn={auth.user !== null}
              onOpen={(scenario) => {
                apply(scenario);
                setScenario?.(String(scenario.id));
              }}
              onSaved={(scenario) => {
                setSaved(scenario);
                setScenario?.(String(scenario.id));
              }}
            />
          )}
          {scenarioError !== undefined && <ErrorMessage error={scenarioError} />}
          <fieldset className="cv-fieldset">
            <legend>{t('coverage.facilities')}</legend>
            <div className="cv-chips">
              {CATEGORIES.map((c) => (
                <label key={c} className="cv-chip">
                  <input
                    type="checkbox"
                    checked={categories.includes(c)}
                    onChange={() => {
                      setCategories(toggle(categories, c));
                      setSubtypes(null);
                    }}
                  />
                  {pick(language, CATEGORY_LABELS[c], c)}
                </label>
              ))}
            </div>
            <details className="cv-subtypes">
              <summary>
                {t('coverage.subtypes')}：
                {subtypes
                  ? subtypes.map((s) => subtypeName(subtypeInfo.get(s), language, s)).join('、')
                  : t('coverage.allSubtypes')}
              </summary>
              <div className="cv-chips">
                {availableSubtypes.map((s) => (
                  <label key={s.subtype} className="cv-chip">
                    <input
                      type="checkbox"
                      checked={subtypes ? subtypes.includes(s.subtype) : true}
                      onChange={() => {
                        const next = toggle(subtypes ?? availableSubtypes.map((x) => x.subtype), s.subtype);
                        setSubtypes(
                          next.length === availableSubtypes.length || next.length === 0 ? null : next,
                        );
                      }}
                    />
                    {subtypeName(s, language, s.subtype)}
                  </label>
                ))}
              </div>
            </details>
          </fieldset>
          <fieldset className="cv-fieldset">
            <legend>{t('coverage.statuses')}</legend>
            <div className="cv-chips">
              {STATUSES.map((s) => (
                <label key={s} className="cv-chip">
                  <input
                    type="checkbox"
                    data-status={s}
                    checked={statuses.includes(s)}
                    onChange={() => setStatuses(toggle(statuses, s))}
                  />
                  {pick(language, STATUS_LABELS[s], s)}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset className="cv-fieldset">
            <legend>{t('coverage.radius')}</legend>
            <select
              className="cv-select"
              aria-label={t('coverage.radius')}
              data-field="radius"
              value={radiusMode}
              onChange={(e) => setRadiusMode(e.target.value as RadiusMode)}
            >
              {RADIUS_LABELS.map(([mode, key]) => (
                <option key={mode} value={mode}>
                  {t(`coverage.${key}` as const)}
                </option>
              ))}
            </select>
            {radiusMode === 'custom' && (
              <label className="cv-inline">
                <input
                  type="number"
                  min={1}
                  max={50000}
                  step={50}
                  value={customRadius}
                  onChange={(e) => {
                    const value = Number(e.target.value);
                    if (Number.isFinite(value) && value >= 1 && value <= 50000) setCustomRadius(value);
                  }}
                />
                {t('coverage.metres')}
              </label>
            )}
          </fieldset>

          <fieldset className="cv-fieldset" data-field="measure">
            <legend>{t('coverage.measure')}</legend>
            <div className="cv-segmented">
              {(['straight', 'network'] as const).map((m) => (
                <label key={m} className={measure === m ? 'cv-segment is-active' : 'cv-segment'}>
                  <input
                    type="radio"
                    name="cv-measure"
                    value={m}
                    data-measure={m}
                    checked={measure === m}
                    onChange={() => setMeasure(m)}
                  />
                  {t(m === 'straight' ? 'coverage.straight' : 'coverage.walking')}
                </label>
              ))}
            </div>
            {measure === 'network' && (
              <label className="cv-inline">
                {t('coverage.speed')}
                <select
                  className="cv-select"
                  data-field="speed"
                  value={typeof speed === 'number' ? 'custom' : speed}
                  onChange={(e) =>
                    setSpeed(e.target.value === 'custom' ? 1 : (e.target.value as Exclude<Speed, number>))
                  }
                >
                  {SPEED_PRESET_TERMS.map((term) => (
                    <option key={term.code} value={term.code}>
                      {termLabel(SPEED_PRESET_TERMS, term.code, language)}
                    </option>
                  ))}
                  <option value="custom">{t('coverage.customSpeed')}</option>
                </select>
                {typeof speed === 'number' && (
                  <input
                    type="number"
                    min={0.1}
                    max={3}
                    step={0.1}
                    aria-label={t('coverage.customSpeed')}
                    value={speed}
                    onChange={(e) => {
                      const value = Number(e.target.value);
                      if (Number.isFinite(value) && value >= 0.1 && value <= 3) setSpeed(value);
                    }}
                  />
                )}
              </label>
            )}
          </fieldset>

          {!body && <p className="muted">{t('coverage.pickCategory')}</p>}
          <div className="cv-status" aria-live="polite">
            {loading && <span className="cv-spinner">{t('coverage.computing')}</span>}
          </div>
          {error !== undefined && <ErrorMessage error={error} />}

          {result && (
            <>
              <div className="stat-grid cv-totals" data-coverage-totals="">
                <Stat
                  label={t('coverage.coveredPopulation')}
                  value={`${formatInteger(result.totals.coveredPopulation)} ${t('coverage.people')}`}
                  share={result.totals.rate}
                  delta={result.delta ? [result.delta.coveredPopulation, result.delta.rate] : undefined}
                  testId="coveredPopulation"
                  language={language}
                />
                <Stat
                  label={t('coverage.coveredElderly')}
                  value={`${formatInteger(result.totals.coveredElderly)} ${t('coverage.people')}`}
                  share={result.totals.elderlyRate}
                  delta={result.delta ? [result.delta.coveredElderly, result.delta.elderlyRate] : undefined}
                  testId="coveredElderly"
                  language={language}
                />
                {result.network && (
                  <>
                    <Stat
                      label={t('coverage.walkingCovered')}
                      value={`${formatInteger(result.network.totals.coveredPopulation)} ${t('coverage.people')}`}
                      share={result.network.totals.rate}
                      delta={
                        result.network.delta
                          ? [result.network.delta.coveredPopulation, result.network.delta.rate]
                          : undefined
                      }
                      testId="walkingCovered"
                      language={language}
                    />
                    <Stat
                      label={t('coverage.walkingElderly')}
                      value={`${formatInteger(result.network.totals.coveredElderly)} ${t('coverage.people')}`}
                      share={result.network.totals.elderlyRate}
                      delta={
                        result.network.delta
                          ? [result.network.delta.coveredElderly, result.network.delta.elderlyRate]
                          : undefined
                      }
                      testId="walkingElderly"
                      language={language}
                    />
                  </>
                )}
                <Stat
                  label={t('coverage.facilityCount')}
                  value={`${formatInteger(result.totals.facilityCount)} ${t('coverage.unitFacilities')}`}
                  testId="facilityCount"
                  language={language}
                />
                <Stat
                  label={t('coverage.uncoveredVillages')}
                  value={`${formatInteger((result.network?.uncoveredVillages ?? result.uncoveredVillages).numberMatched)} ${t('coverage.unitVillages')}`}
                  testId="uncovered"
                  language={language}
                />
              </div>
              {result.network && (
                <p className="muted cv-note" data-network-note="">
                  {result.network.minutes !== null && result.network.reachM !== null
                    ? `${t('coverage.reachNote', {
                        minutes: result.network.minutes,
                        metres: formatInteger(result.network.reachM),
                        speed:
                          typeof speed === 'number'
                            ? `${speed} ${t('coverage.mps')}`
                            : termLabel(SPEED_PRESET_TERMS, speed, language),
                      })} `
                    : ''}
                  {t('coverage.offNetworkNote', {
                    cap: result.network.offNetwork.capM,
                    max: formatInteger(result.network.offNetwork.maxVillageWalkM ?? 0),
                  })}
                </p>
              )}
              <Legend language={language} walking={result.network !== undefined} />

              <h3 className="section-title">
                {t('coverage.proposed')}{' '}
                <small>{placedSites.length > 0 ? formatInteger(placedSites.length) : ''}</small>
              </h3>
              <div className="cv-actions">
                <button
                  type="button"
                  className={placing ? 'button' : 'button secondary'}
                  data-action="place-sites"
                  aria-pressed={placing}
                  onClick={() => setPlacing(!placing)}
                >
                  {placing ? t('coverage.stopPlacing') : t('coverage.placeSites')}
                </button>
                {placedSites.length > 0 && (
                  <button type="button" className="button secondary" onClick={() => setSites([])}>
                    {t('coverage.clearSites')}
                  </button>
                )}
              </div>
              {placing && <p className="muted">{t('coverage.placing')}</p>}
              {radiusMode === 'default' && (
                <label className="cv-inline">
                  {t('coverage.siteSubtype')}
                  <select
                    className="cv-select"
                    value={siteSubtype}
                    onChange={(e) => setSiteSubtype(e.target.value)}
                  >
                    {availableSubtypes.map((s) => (
                      <option key={s.subtype} value={s.subtype}>
                        {subtypeName(s, language, s.subtype)}（{formatDistance(s.defaultRadiusM)}）
                      </option>
                    ))}
                  </select>
                </label>
              )}
              {placedSites.length === 0 ? (
                <p className="muted">{t('coverage.noSites')}</p>
              ) : (
                <ol className="cv-sites" data-proposed-sites="">
                  {placedSites.map((s, i) => {
                    const effect = result.proposed?.[i];
                    return (
                      <li key={s.id}>
                        <span>
                          #{i + 1} {s.lon.toFixed(4)}, {s.lat.toFixed(4)} · {formatDistance(s.radiusM)}
                          {effect && (
                            <small>
                              {' '}
                              {t('coverage.newlyCovered')} {formatInteger(effect.newlyCoveredPopulation)}{' '}
                              {t('coverage.people')}（{t('coverage.elderly')}{' '}
                              {formatInteger(effect.newlyCoveredElderly)}）
                            </small>
                          )}
                        </span>
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => setSites(sites.filter((x) => x.id !== s.id))}
                        >
                          {t('coverage.remove')}
                        </button>
                      </li>
                    );
                  })}
                </ol>
              )}

              <h3 className="section-title">
                {t('coverage.towns')} <small>{t('coverage.sortHint')}</small>
              </h3>
              <TownTable
                towns={towns}
                sort={sort}
                onSort={(key) =>
                  setSort((s) => ({
                    key,
                    descending: s.key === key ? !s.descending : key !== 'name' && key !== 'medianNearestM',
                  }))
                }
                onTown={(town) => mapController?.fitBounds(town.bbox as [number, number, number, number])}
                language={language}
                walking={result.network !== undefined}
              />
              <h3 className="section-title">
                {t('coverage.uncoveredList')} <small>{t('coverage.uncoveredHint')}</small>
              </h3>
              <UncoveredList
                villages={uncoveredRows(
                  result.network?.uncoveredVillages ?? result.uncoveredVillages,
                  result.network ? 'networkM' : 'nearestM',
                )}
                total={(result.network?.uncoveredVillages ?? result.uncoveredVillages).numberMatched}
                onVillage={(v) => mapController?.flyTo(v.point, 14)}
              />
              <div className="cv-actions">
                <button
                  type="button"
                  className="button secondary"
                  data-action="export-csv"
                  onClick={exportCsv}
                >
                  {t('coverage.exportCsv')}
                </button>
                <button
                  type="button"
                  className="button secondary"
                  data-action="export-geojson"
                  disabled={!result.serviceArea}
                  onClick={exportGeojson}
                >
                  {t('coverage.exportGeojson')}
                </button>
              </div>

              <h3 className="section-title">{t('coverage.suggestions')}</h3>
              <p className="muted">{t('coverage.suggestionNote')}</p>
              <button
                type="button"
                className="button secondary"
                data-action="suggest"
                disabled={suggesting || !body}
                onClick={suggest}
              >
                {suggesting ? t('coverage.suggesting') : t('coverage.suggest')}
              </button>
              {suggestError !== undefined && <ErrorMessage error={suggestError} />}
              {suggestions && (
                <ol className="cv-suggestions" data-suggestions="">
                  {suggestions.suggestions.map((s) => {
                    const added = placedSites.some(
                      (p) => Math.abs(p.lon - s.lon) < 1e-6 && Math.abs(p.lat - s.lat) < 1e-6,
                    );
                    return (
                      <li key={`${s.lon},${s.lat}`}>
                        <span>
                          <strong>#{s.rank}</strong> {s.villageName ?? t('coverage.grid')}
                          {s.townName ? ` · ${s.townName}` : ''}
                          <small>
                            {' '}
                            {t('coverage.newlyCovered')} {t('coverage.elderly')}{' '}
                            {formatInteger(s.newlyCoveredElderly)} {t('coverage.people')} ·{' '}
                            {t('coverage.rateAfter')}{' '}
                            {s.elderlyRateAfter === null ? '—' : formatPercent(s.elderlyRateAfter)}
                          </small>
                        </span>
                        <button
                          type="button"
                          className="button secondary cv-small"
                          disabled={added}
                          onClick={() =>
                            setSites((current) => [
                              ...current,
                              {
                                id: nextId.current++,
                                lon: s.lon,
                                lat: s.lat,
                                radiusM: 0,
                                subtype: siteSubtype,
                              },
                            ])
                          }
                        >
                          {added ? t('coverage.added') : t('coverage.addSite')}
                        </button>
                      </li>
                    );
                  })}
                </ol>
              )}
              <p className="muted cv-note">{t('coverage.syntheticNote')}</p>
            </>
          )}
        </>
      )}
    </div>
  );

  function fitTown(code: string) {
    const town = result?.towns.find((t) => t.code === code);
    if (town) mapController?.fitBounds(town.bbox as [number, number, number, number]);
  }
}

function subtypeName(s: FacilitySubtype | undefined, language: Language, fallback: string): string {
  return s ? (language === 'zh' ? s.nameZh : s.nameEn) : fallback;
}

function Stat(props: {
  label: string;
  value: string;
  share?: number | null;
  delta?: [number, number | null];
  testId: string;
  language: Language;
}) {
  return (
    <div className="stat" data-stat={props.testId}>
      <span className="stat-label">{props.label}</span>
      <span className="stat-value">{props.value}</span>
      {props.share !== undefined && props.share !== null && (
        <span className="stat-note">{formatPercent(props.share)}</span>
      )}
      {props.delta && props.delta[0] !== 0 && (
        <span className="stat-note cv-delta" data-delta="">
          {signedInteger(props.delta[0])} {translate(props.language, 'coverage.people')}（
          {signedPercent(props.delta[1])}）
        </span>
      )}
    </div>
  );
}

function Legend({ language, walking }: { language: Language; walking: boolean }) {
  const items: [string, TextKey, string][] = [
    ['cv-swatch-area', walking ? 'legendStraight' : 'legendArea', COVERAGE_COLOURS.area],
    ...(walking
      ? [['cv-swatch-line', 'legendNetwork', COVERAGE_COLOURS.network] as [string, TextKey, string]]
      : []),
    ['cv-swatch-dot', 'legendUncovered', COVERAGE_COLOURS.uncovered],
    ['cv-swatch-dot', 'legendProposed', COVERAGE_COLOURS.proposed],
    ['cv-swatch-ring', 'legendSuggested', COVERAGE_COLOURS.suggested],
  ];
  return (
    <ul className="cv-legend">
      {items.map(([kind, key, colour]) => (
        <li key={key}>
          <span className={`cv-swatch ${kind}`} style={{ '--swatch': colour } as CSSProperties} />
          {translate(language, `coverage.${key}` as const)}
        </li>
      ))}
    </ul>
  );
}

const COLUMNS: [SortKey, TextKey, boolean, TextKey][] = [
  ['name', 'town', false, 'town'],
  ['population', 'population', true, 'population'],
  ['elderlyRate', 'colElderly', true, 'elderlyRate'],
  ['rate', 'colRate', true, 'rate'],
  ['facilityCount', 'colFacilities', true, 'facilityCount'],
  ['medianNearestM', 'colMedian', true, 'median'],
];

function TownTable(props: {
  towns: TownView[];
  sort: { key: SortKey; descending: boolean };
  onSort: (key: SortKey) => void;
  onTown: (town: TownRow) => void;
  language: Language;
  walking: boolean;
}) {
  const { towns, sort, onSort, onTown, language, walking } = props;
  // On foot the rate cell carries both figures; the population column makes room for it.
  const columns = walking ? COLUMNS.filter(([key]) => key !== 'population') : COLUMNS;
  return (
    <div className="cv-table-wrap">
      <table className="table cv-table" data-town-table="">
        <thead>
          <tr>
            {columns.map(([key, label, numeric, title]) => (
              <th
                key={key}
                scope="col"
                title={translate(language, `coverage.${title}` as const)}
                className={numeric ? 'num' : undefined}
                aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
              >
                <button type="button" className="cv-sort" onClick={() => onSort(key)}>
                  {translate(language, `coverage.${label}` as const)}
                  {sort.key === key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {towns.map((t) => (
            <tr key={t.code} data-town={t.code} onClick={() => onTown(t)} className="cv-row">
              <th scope="row">
                <button type="button" className="cv-town" onClick={() => onTown(t)}>
                  {t.name}
                </button>
              </th>
              {!walking && <td className="num">{formatInteger(t.population)}</td>}
              <td className="num">
                <Bar value={t.elderlyRate} />
              </td>
              <td className={walking ? 'num cv-pair' : 'num'} data-rates="">
                {walking
                  ? translate(language, 'coverage.straightVsWalking', {
                      straight: t.straightRate === null ? '—' : formatPercent(t.straightRate),
                      walking: t.rate === null ? '—' : formatPercent(t.rate),
                    })
                      .split(' · ')
                      .map((part, i) => (
                        // One figure a line; the separator stays in the text for copying and readers.
                        <span key={part} className="cv-pair-part">
                          {i > 0 && <span className="cv-sep"> · </span>}
                          {part}
                        </span>
                      ))
                  : t.rate === null
                    ? '—'
                    : formatPercent(t.rate)}
              </td>
              <td className="num">{formatInteger(t.facilityCount)}</td>
              <td className="num">{t.medianNearestM === null ? '—' : formatDistance(t.medianNearestM)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Bar({ value }: { value: number | null }) {
  if (value === null) return <span>—</span>;
  const level = value >= 0.9 ? 'good' : value >= 0.6 ? 'fair' : 'poor';
  return (
    <span className="cv-bar">
      <span className="cv-bar-track">
        <span
          className={`cv-bar-fill cv-${level}`}
          style={{ width: `${Math.max(0, Math.min(1, value)) * 100}%` }}
        />
      </span>
      <span className="cv-bar-label">{formatPercent(value)}</span>
    </span>
  );
}
