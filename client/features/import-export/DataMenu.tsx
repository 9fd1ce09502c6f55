// The top bar's 数据 button: opens the import dialog (staff), the data-quality panel (staff), export
// links for each collection (GeoJSON, CSV, Excel, GeoPackage, Shapefile for the current district, optionally one town or the
// current map view) and the map-as-PNG button for reports.

import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { EXPORT_COLLECTIONS, type ExportCollectionId } from '../../../server/contract/collections.ts';
import { api } from '../../api/client.ts';
import type { District, Meta } from '../../api/types.ts';
import { analysisCaption } from '../../app/analysis-caption.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMapController } from '../../map/context.tsx';
import { LAYER_GROUPS, type Swatch, type Visibility } from '../../map/layers.ts';
import { download } from '../../ui/download.ts';
import { useAuth } from '../auth/auth.tsx';
import { announceImportDialogClosed, onOpenImportDialog } from './importLauncher.ts';
import { COLLECTION_NAMES, EXPORT_FORMATS, type ExportFormat, pair } from './text.ts';
import './import-export.css';
import { AdminMenuSection } from '../admin/AdminMenuSection.tsx';
import { SignInLink } from '../auth/SignInLink.tsx';

// Staff tools and the PNG renderer load on first use, not with the public map.
const QualityPanel = lazy(() =>
  import('../quality/QualityPanel.tsx').then((m) => ({ default: m.QualityPanel })),
);
const ImportDialog = lazy(() => import('./ImportDialog.tsx').then((m) => ({ default: m.ImportDialog })));

interface Props {
  district: District | undefined;
  meta: Meta | undefined;
  visibility: Visibility;
  attribution: string;
}

type ExportCollection = ExportCollectionId;
const BY_TOWN = new Set<ExportCollection>(['facilities', 'villages', 'place-names']);

interface Town {
  code: string;
  name: string;
}

export function DataMenu({ district, meta, visibility, attribution }: Props) {
  const mapController = useMapController();
  const { language, t } = useI18n();
  const auth = useAuth();
  const [open, setOpen] = useState(false);
  // Open with the collection to preselect (undefined: the dialog's default).
  const [importing, setImporting] = useState<{ collection?: string } | null>(null);
  const [checkingQuality, setCheckingQuality] = useState(false);
  const [town, setTown] = useState('');
  const [inView, setInView] = useState(false);
  const [towns, setTowns] = useState<Town[]>([]);
  const [png, setPng] = useState<'idle' | 'working' | 'failed'>('idle');
  const menu = useRef<HTMLDivElement>(null);
  const districtCode = district?.code;

  useEffect(() => {
    setTown('');
    if (!districtCode || !open) return;
    const controller = new AbortController();
    api
      .items('towns', { district: districtCode, limit: 200 }, controller.signal)
      .then((fc) =>
        setTowns(
          fc.features
            .map((f) => ({ code: String(f.properties.code), name: String(f.properties.name) }))
            .sort((a, b) => a.code.localeCompare(b.code)),
        ),
      )
      .catch(() => setTowns([]));
    return () => controller.abort();
  }, [districtCode, open]);

  useEffect(
    () =>
      onOpenImportDialog((collection) => {
        setOpen(false);
        setImporting({ collection });
      }),
    [],
  );

  // Clicking elsewhere or Esc closes the menu.
  useEffect(() => {
    if (!open) return;
    const onDown = (event: PointerEvent) => {
      if (menu.current && !menu.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const exportUrl = (collection: ExportCollection, format: ExportFormat): string => {
    const params = new URLSearchParams();
    if (districtCode) params.set('district', districtCode);
    if (town && BY_TOWN.has(collection)) params.set('town', town);
    if (inView) {
      const bounds = mapController?.map.getBounds();
      if (bounds)
        params.set(
          'bbox',
          [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
            .map((v) => v.toFixed(5))
            .join(','),
        );
    }
    return `/api/exports/${collection}.${format}?${params}`;
  };

  const savePng = async () => {
    const controller = mapController;
    if (!controller) return;
    setPng('working');
    try {
      const groups: string[] = [];
      const legend: { label: string; swatch: Swatch }[] = [];
      for (const group of LAYER_GROUPS) {
        const shown = group.sublayers.filter((s) => visibility[s.id] !== false);
        if (shown.length > 0) groups.push(t(group.label));
        for (const sublayer of shown)
          for (const entry of sublayer.legend) legend.push({ label: t(entry.label), swatch: entry.swatch });
      }
      const today = formatDate(new Date().toISOString());
      const name = district?.name ?? '';
      const { renderMapPng } = await import('./mapPng.ts');
      const blob = await renderMapPng(controller, {
        title: `${name} · ${groups.join('、') || t('productName')}`,
        // The coverage panel's scenario parameters, when it is open: the PNG says what it measured.
        subtitle: [`${t('productName')} Civic Atlas`, analysisCaption()].filter(Boolean).join(' · '),
        legendTitle: t('imports.legend'),
        legend,
        dateLine: `${t('imports.madeOn')} ${today}`,
        note: meta?.demoData ? t('imports.demoNote') : '',
        attribution,
      });
      download(`${t('productName')}-${name || 'map'}-${today}.png`, blob);
      setPng('idle');
    } catch {
      setPng('failed');
    }
  };

  return (
    <div className="ie-menu-wrap" ref={menu}>
      <button
        type="button"
        className="button secondary ie-menu-button"
        aria-expanded={open}
        aria-haspopup="true"
        title={t('imports.dataMenu')}
        onClick={() => setOpen((v) => !v)}
        data-testid="data-menu-button"
      >
        {t('imports.data')}
      </button>
      {open && (
        <div className="ie-menu" data-testid="data-menu">
          <AdminMenuSection onOpen={() => setOpen(false)} />
          <section>
            <h3>{t('imports.importTitle')}</h3>
            {auth.can('boundary_editor', 'planner') ? (
              <button
                type="button"
                className="button"
                onClick={() => {
                  setImporting({});
                  setOpen(false);
                }}
                data-testid="open-import"
              >
                {t('imports.importTitle')}…
              </button>
            ) : (
              <p className="ie-note">
                {t('imports.importNeedsStaff')}
                {!auth.user && (
                  <>
                    {' '}
                    <SignInLink />
                  </>
                )}
              </p>
            )}
          </section>
          <section>
            <h3>{t('quality.menuTitle')}</h3>
            {auth.user ? (
              <button
                type="button"
                className="button secondary"
                onClick={() => {
                  setCheckingQuality(true);
                  setOpen(false);
                }}
                data-testid="open-quality"
              >
                {t('quality.open')}
              </button>
            ) : (
              <p className="ie-note">
                {t('quality.needsStaff')} <SignInLink />
              </p>
            )}
            <p className="ie-note">{t('quality.menuNote')}</p>
          </section>
          <section>
            <h3>
              {t('imports.exportTitle')} · {district?.name}
            </h3>
            <div className="ie-scope">
              <label>
                <span className="visually-hidden">{t('imports.exportScope')}</span>
                <select value={town} onChange={(e) => setTown(e.target.value)} data-testid="export-town">
                  <option value="">{t('imports.allTowns')}</option>
                  {towns.map((x) => (
                    <option key={x.code} value={x.code}>
                      {x.name}
                    </option>
                  ))}
                </select>
              </label>
              <label className="ie-check">
                <input type="checkbox" checked={inView} onChange={(e) => setInView(e.target.checked)} />
                {t('imports.onlyView')}
              </label>
            </div>
            <table className="ie-export-table">
              <tbody>
                {EXPORT_COLLECTIONS.map((c) => (
                  <tr key={c}>
                    <th scope="row">{pair(language, COLLECTION_NAMES[c])}</th>
                    <td>
                      <span className="ie-formats">
                        {EXPORT_FORMATS.map(([format, label, title]) => (
                          <a
                            key={format}
                            href={exportUrl(c, format)}
                            download
                            title={pair(language, title)}
                            aria-label={`${pair(language, COLLECTION_NAMES[c])} · ${pair(language, title)}`}
                            data-testid={`export-${c}-${format}`}
                            onClick={(e) => {
                              // The map may have moved since the menu was drawn.
                              e.currentTarget.href = exportUrl(c, format);
                            }}
                          >
                            {pair(language, label)}
                          </a>
                        ))}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="ie-note">{t('imports.exportFormats')}</p>
            <p className="ie-note">{t('imports.exportNote')}</p>
          </section>
          <section>
            <h3>{t('imports.pngTitle')}</h3>
            <button
              type="button"
              className="button secondary"
              disabled={png === 'working'}
              onClick={() => void savePng()}
              data-testid="export-png"
            >
              {png === 'working' ? t('imports.pngWorking') : t('imports.pngButton')}
            </button>
            {png === 'failed' && (
              <p className="ie-error" role="alert">
                {t('imports.pngFailed')}
              </p>
            )}
          </section>
        </div>
      )}
      <Suspense fallback={null}>
        {checkingQuality && (
          <QualityPanel
            districtCode={districtCode}
            districtName={district?.name}
            onClose={() => setCheckingQuality(false)}
          />
        )}
        {importing && (
          <ImportDialog
            // A new request (another collection) starts a fresh dialog.
            key={importing.collection ?? ''}
            districtCode={districtCode}
            initialCollection={importing.collection}
            onClose={() => {
              setImporting(null);
              announceImportDialogClosed();
            }}
          />
        )}
      </Suspense>
    </div>
  );
}
