// 规划分析: the planner's coverage panel. Choose facility kinds, statuses and a life circle or radius;
// the map shows the service area and uncovered villages; a sortable per-town table (click → zoom);
// proposed sites dropped and dragged on the map with the change at once; greedy siting suggestions;
// CSV / GeoJSON export; and the plan indicators view. Every value is rendered as text.
import { type CSSProperties, useEffect, useMemo, useRef, useState } from 'react';
import {
  FACILITY_CATEGORIES,
  FACILITY_STATUSES,
  LIFE_CIRCLES,
} from '../../../server/contract/vocabularies.ts';
import type { FacilitySubtype } from '../../api/types.ts';
import { formatDistance, formatInteger, formatPercent } from '../../i18n/format.ts';
import { type Language, useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
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
import { CATEGORY_LABELS, pick, STATUS_LABELS, type TextKey, text } from './text.ts';
import './coverage.css';

type RadiusMode = '5min' | '10min' | '15min' | 'default' | 'custom';
type Site = ProposedSite & { subtype: string };
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

declare global {
  interface Window {
    __coverageLayer?: CoverageLayer;
  }
}

const signedInteger = (n: number) => `${n > 0 ? '+' : ''}${formatInteger(n)}`;
const signedPercent = (r: number | null) => (r === null ? '' : `${r > 0 ? '+' : ''}${formatPercent(r)}`);

export function CoverageWorkspace({ district, meta, mapController, select }: ModePanelProps) {
  const { language } = useI18n();
  const tr = (key: TextKey) => text(language, key);
  const [tab, setTab] = useState<'coverage' | 'indicators'>('coverage');
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
  const [layer, setLayer] = useState<CoverageLayer | null>(null);
  const nextId = useRef(1);
  const selectRef = useRef(select);
  selectRef.current = select;

  const subtypeInfo = useMemo(
    () => new Map((meta?.facilitySubtypes ?? []).map((s) => [s.subtype, s])),
    [meta],
  );

  // Attach the overlay once the shell's map exists; remove it when leaving the mode.
  useEffect(() => {
    let created: CoverageLayer | null = null;
    let timer: number | undefined;
    const attach = () => {
      const controller = mapController?.();
      if (!controller) {
        timer = window.setTimeout(attach, 200);
        return;
      }
      created = new CoverageLayer(controller.map, {
        onAdd: (lon, lat) => {
          setSites((current) => [...current, { id: nextId.current++, lon, lat, radiusM: 0, subtype: '' }]);
          // The shell's click handler ran first and may have opened a feature card: placing is not picking.
          selectRef.current(null);
        },
        onMove: (id, lon, lat) =>
          setSites((current) => current.map((s) => (s.id === id ? { ...s, lon, lat } : s))),
      });
      window.__coverageLayer = created;
      setLayer(created);
    };
    attach();
    return () => {
      window.clearTimeout(timer);
      created?.destroy();
      if (window.__coverageLayer === created) window.__coverageLayer = undefined;
      setLayer(null);
    };
  }, [mapController]);

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
  }, [district, categories, subtypes, statuses, radiusMode, customRadius, placedSites]);

  // Recompute shortly after any change; the previous answer stays on screen meanwhile.
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
  }, [body]);

  useEffect(() => {
    layer?.showResult(
      (result?.serviceArea as GeoJSON.Geometry | null) ?? null,
      (result?.uncoveredVillages as GeoJSON.FeatureCollection | undefined) ?? {
        type: 'FeatureCollection',
        features: [],
      },
    );
  }, [layer, result]);
  useEffect(
    () => layer?.showSuggestions(suggestions?.suggestions.map((s) => [s.lon, s.lat]) ?? []),
    [layer, suggestions],
  );
  // Suggestions belong to the selection they were computed for.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset whenever the selection changes.
  useEffect(
    () => setSuggestions(null),
    [district?.code, categories, subtypes, statuses, radiusMode, customRadius],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new district starts without sites.
  useEffect(() => {
    setSites([]);
    setResult(null);
  }, [district?.code]);

  const towns = useMemo(() => {
    const rows = [...(result?.towns ?? [])];
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

  const exportCsv = () => {
    if (!result) return;
    const header = [
      tr('town'),
      '代码 code',
      tr('population'),
      tr('elderly'),
      tr('coveredPopulation'),
      tr('coveredElderly'),
      tr('rate'),
      tr('elderlyRate'),
      tr('facilityCount'),
      `${tr('median')} (m)`,
    ];
    const rows = towns.map((t) => [
      t.name,
      t.code,
      t.population,
      t.elderlyPopulation,
      t.coveredPopulation,
      t.coveredElderly,
      t.rate,
      t.elderlyRate,
      t.facilityCount,
      t.medianNearestM,
    ]);
    download(`coverage-${result.district.code}.csv`, toCsv(header, rows), 'text/csv;charset=utf-8');
  };
  const exportGeojson = () => {
    if (!result?.serviceArea) return;
    const collection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { district: result.district.code, radius: result.radius, totals: result.totals },
          geometry: result.serviceArea,
        },
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
        {district?.name} · {tr('title')}
      </h2>
      <div className="cv-tabs" role="tablist">
        {(['coverage', 'indicators'] as const).map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            data-tab={id}
            className={tab === id ? 'cv-tab is-active' : 'cv-tab'}
            onClick={() => setTab(id)}
          >
            {tr(id === 'coverage' ? 'tabCoverage' : 'tabIndicators')}
          </button>
        ))}
      </div>

      {tab === 'indicators' && district ? (
        <IndicatorsView district={district.code} language={language} onTown={(code) => fitTown(code)} />
      ) : (
        <>
          <fieldset className="cv-fieldset">
            <legend>{tr('facilities')}</legend>
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
                {tr('subtypes')}：
                {subtypes
                  ? subtypes.map((s) => subtypeName(subtypeInfo.get(s), language, s)).join('、')
                  : tr('allSubtypes')}
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
            <legend>{tr('statuses')}</legend>
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
            <legend>{tr('radius')}</legend>
            <select
              className="cv-select"
              aria-label={tr('radius')}
              data-field="radius"
              value={radiusMode}
              onChange={(e) => setRadiusMode(e.target.value as RadiusMode)}
            >
              {RADIUS_LABELS.map(([mode, key]) => (
                <option key={mode} value={mode}>
                  {tr(key)}
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
                {tr('metres')}
              </label>
            )}
          </fieldset>

          {!body && <p className="muted">{tr('pickCategory')}</p>}
          <div className="cv-status" aria-live="polite">
            {loading && <span className="cv-spinner">{tr('computing')}</span>}
          </div>
          {error !== undefined && <ErrorMessage error={error} />}

          {result && (
            <>
              <div className="stat-grid cv-totals" data-coverage-totals="">
                <Stat
                  label={tr('coveredPopulation')}
                  value={`${formatInteger(result.totals.coveredPopulation)} ${tr('people')}`}
                  share={result.totals.rate}
                  delta={result.delta ? [result.delta.coveredPopulation, result.delta.rate] : undefined}
                  testId="coveredPopulation"
                  language={language}
                />
                <Stat
                  label={tr('coveredElderly')}
                  value={`${formatInteger(result.totals.coveredElderly)} ${tr('people')}`}
                  share={result.totals.elderlyRate}
                  delta={result.delta ? [result.delta.coveredElderly, result.delta.elderlyRate] : undefined}
                  testId="coveredElderly"
                  language={language}
                />
                <Stat
                  label={tr('facilityCount')}
                  value={`${formatInteger(result.totals.facilityCount)} ${tr('unitFacilities')}`}
                  testId="facilityCount"
                  language={language}
                />
                <Stat
                  label={tr('uncoveredVillages')}
                  value={`${formatInteger(result.uncoveredVillages.numberMatched)} ${tr('unitVillages')}`}
                  testId="uncovered"
                  language={language}
                />
              </div>
              <Legend language={language} />

              <h3 className="section-title">
                {tr('proposed')}{' '}
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
                  {placing ? tr('stopPlacing') : tr('placeSites')}
                </button>
                {placedSites.length > 0 && (
                  <button type="button" className="button secondary" onClick={() => setSites([])}>
                    {tr('clearSites')}
                  </button>
                )}
              </div>
              {placing && <p className="muted">{tr('placing')}</p>}
              {radiusMode === 'default' && (
                <label className="cv-inline">
                  {tr('siteSubtype')}
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
                <p className="muted">{tr('noSites')}</p>
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
                              {tr('newlyCovered')} {formatInteger(effect.newlyCoveredPopulation)}{' '}
                              {tr('people')}（{tr('elderly')} {formatInteger(effect.newlyCoveredElderly)}）
                            </small>
                          )}
                        </span>
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => setSites(sites.filter((x) => x.id !== s.id))}
                        >
                          {tr('remove')}
                        </button>
                      </li>
                    );
                  })}
                </ol>
              )}

              <h3 className="section-title">
                {tr('towns')} <small>{tr('sortHint')}</small>
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
                onTown={(town) => mapController?.()?.fitBounds(town.bbox as [number, number, number, number])}
                language={language}
              />
              <div className="cv-actions">
                <button
                  type="button"
                  className="button secondary"
                  data-action="export-csv"
                  onClick={exportCsv}
                >
                  {tr('exportCsv')}
                </button>
                <button
                  type="button"
                  className="button secondary"
                  data-action="export-geojson"
                  disabled={!result.serviceArea}
                  onClick={exportGeojson}
                >
                  {tr('exportGeojson')}
                </button>
              </div>

              <h3 className="section-title">{tr('suggestions')}</h3>
              <p className="muted">{tr('suggestionNote')}</p>
              <button
                type="button"
                className="button secondary"
                data-action="suggest"
                disabled={suggesting || !body}
                onClick={suggest}
              >
                {suggesting ? tr('suggesting') : tr('suggest')}
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
                          <strong>#{s.rank}</strong> {s.villageName ?? tr('grid')}
                          {s.townName ? ` · ${s.townName}` : ''}
                          <small>
                            {' '}
                            {tr('newlyCovered')} {tr('elderly')} {formatInteger(s.newlyCoveredElderly)}{' '}
                            {tr('people')} · {tr('rateAfter')}{' '}
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
                          {added ? tr('added') : tr('addSite')}
                        </button>
                      </li>
                    );
                  })}
                </ol>
              )}
              <p className="muted cv-note">{tr('syntheticNote')}</p>
            </>
          )}
        </>
      )}
    </div>
  );

  function fitTown(code: string) {
    const town = result?.towns.find((t) => t.code === code);
    if (town) mapController?.()?.fitBounds(town.bbox as [number, number, number, number]);
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
          {signedInteger(props.delta[0])} {text(props.language, 'people')}（{signedPercent(props.delta[1])}）
        </span>
      )}
    </div>
  );
}

function Legend({ language }: { language: Language }) {
  const items: [string, TextKey, string][] = [
    ['cv-swatch-area', 'legendArea', COVERAGE_COLOURS.area],
    ['cv-swatch-dot', 'legendUncovered', COVERAGE_COLOURS.uncovered],
    ['cv-swatch-dot', 'legendProposed', COVERAGE_COLOURS.proposed],
    ['cv-swatch-ring', 'legendSuggested', COVERAGE_COLOURS.suggested],
  ];
  return (
    <ul className="cv-legend">
      {items.map(([kind, key, colour]) => (
        <li key={key}>
          <span className={`cv-swatch ${kind}`} style={{ '--swatch': colour } as CSSProperties} />
          {text(language, key)}
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
  towns: TownRow[];
  sort: { key: SortKey; descending: boolean };
  onSort: (key: SortKey) => void;
  onTown: (town: TownRow) => void;
  language: Language;
}) {
  const { towns, sort, onSort, onTown, language } = props;
  return (
    <div className="cv-table-wrap">
      <table className="table cv-table" data-town-table="">
        <thead>
          <tr>
            {COLUMNS.map(([key, label, numeric, title]) => (
              <th
                key={key}
                scope="col"
                title={text(language, title)}
                className={numeric ? 'num' : undefined}
                aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
              >
                <button type="button" className="cv-sort" onClick={() => onSort(key)}>
                  {text(language, label)}
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
              <td className="num">{formatInteger(t.population)}</td>
              <td className="num">
                <Bar value={t.elderlyRate} />
              </td>
              <td className="num">{t.rate === null ? '—' : formatPercent(t.rate)}</td>
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
