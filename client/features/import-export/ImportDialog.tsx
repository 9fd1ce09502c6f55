// The staff import dialog: choose a file, the collection, its coordinate system and encoding; a dry
// run shows the row-by-row report (bad rows highlighted) and previews the good rows on the map;
// then import all rows or only the valid ones. Non-modal, so the map preview stays in view.
import type { Feature, FeatureCollection } from 'geojson';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, formField, problemText } from '../../api/errors.ts';
import { formatInteger } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMapController } from '../../map/context.tsx';
import type { MapController } from '../../map/MapController.ts';
import { useAuth } from '../auth/auth.tsx';
import { QualityReportView } from '../quality/QualityReportView.tsx';
import {
  type Encoding,
  IMPORT_LIMIT_BYTES,
  type ImportMode,
  type ImportReport,
  type UndoResult,
  type Upload,
  type UploadProgress,
  undoImport,
  uploadImport,
} from './importApi.ts';
import {
  COLLECTION_NAMES,
  COLLECTIONS,
  CRS_CHOICES,
  type Crs,
  GAUSS_KRUGER_CHOICES,
  type ImportCollection,
  PROBLEM_NAMES,
  pair,
  tileLayerOf,
} from './text.ts';

interface Props {
  districtCode: string | undefined;
  /** A collection id to preselect; ignored when this dialog does not offer it. */
  initialCollection?: string;
  onClose: () => void;
}

type ErrorField = 'file' | 'collection' | 'crs' | 'encoding' | 'general';
interface FieldError {
  field: ErrorField;
  text: string;
}

const MAX_TABLE_ROWS = 300;
const STAFF = ['boundary_editor', 'planner'] as const;

function bboxOf(features: Feature[]): [number, number, number, number] | undefined {
  let west = 180;
  let south = 90;
  let east = -180;
  let north = -90;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
      west = Math.min(west, c[0]);
      east = Math.max(east, c[0]);
      south = Math.min(south, c[1]);
      north = Math.max(north, c[1]);
    } else if (Array.isArray(c)) for (const x of c) visit(x);
  };
  for (const f of features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  return west <= east ? [west, south, east, north] : undefined;
}

/** Frames the previewed rows, clear of this dialog (wider than the left panel) where there is room. */
function frame(controller: MapController, bounds: [number, number, number, number]): void {
  const m = 0.002; // a single point still gets a neighbourhood around it
  const framed: [number, number, number, number] = [
    bounds[0] - m,
    bounds[1] - m,
    bounds[2] + m,
    bounds[3] + m,
  ];
  const dialog = document.querySelector('.ie-dialog')?.getBoundingClientRect();
  const { clientWidth: width, clientHeight: height } = controller.map.getContainer();
  const padding =
    width < 720
      ? { top: 40, bottom: (dialog?.height ?? 300) + 30, left: 30, right: 30 }
      : { top: 60, bottom: 60, left: (dialog?.right ?? 400) + 40, right: 330 };
  if (padding.left + padding.right > width - 120 || padding.top + padding.bottom > height - 120) {
    controller.fitBounds(framed, true);
    return;
  }
  controller.map.fitBounds(framed, { padding, maxZoom: 15, duration: 800 });
}

export function ImportDialog({ districtCode, initialCollection, onClose }: Props) {
  const mapController = useMapController();
  const { language, t } = useI18n();
  const auth = useAuth();
  const [file, setFile] = useState<File | null>(null);
  const [collection, setCollection] = useState<ImportCollection>(() =>
    (COLLECTIONS as readonly string[]).includes(initialCollection ?? '')
      ? (initialCollection as ImportCollection)
      : 'facilities',
  );
  const [crs, setCrs] = useState<Crs>('auto');
  const [encoding, setEncoding] = useState<Encoding>('auto');
  const [confirmOverlaps, setConfirmOverlaps] = useState(false);
  const [undone, setUndone] = useState<UndoResult | null>(null);
  const [undoError, setUndoError] = useState<string | null>(null);
  const [progress, setProgress] = useState<(UploadProgress & { mode: ImportMode }) | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [error, setError] = useState<FieldError | null>(null);
  const upload = useRef<Upload | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  // The preview layer lives only as long as the dialog.
  useEffect(
    () => () => {
      upload.current?.abort();
      mapController?.showPreview(null);
    },
    [mapController],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !progress) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, progress]);

  /** Any change to what is imported makes the last report stale. */
  const resetReport = () => {
    setReport(null);
    setResult(null);
    setError(null);
    mapController?.showPreview(null);
  };

  const explain = (failure: unknown): FieldError => {
    if (failure instanceof ApiError) {
      if (failure.status === 413) return { field: 'file', text: t('imports.tooLarge') };
      if (failure.status === 401) return { field: 'general', text: t('imports.signedOut') };
      if (failure.status === 403) return { field: 'general', text: t('imports.forbidden') };
      if (failure.code === 'network') return { field: 'general', text: t('imports.network') };
      const detail = failure.details?.[0];
      const field = detail?.field ? formField(detail.field) : undefined;
      const known = ['file', 'collection', 'crs', 'encoding'].includes(field ?? '');
      const problem = detail ? problemText(detail, language) : '';
      const text = problem ? `${field ?? ''} ${problem}`.trim() : failure.message;
      return { field: known ? (field as ErrorField) : failure.status === 400 ? 'file' : 'general', text };
    }
    return { field: 'general', text: failure instanceof Error ? failure.message : String(failure) };
  };

  const run = async (mode: ImportMode) => {
    if (!file) {
      setError({ field: 'file', text: t('imports.chooseFile') });
      return;
    }
    if (file.size > IMPORT_LIMIT_BYTES) {
      setError({ field: 'file', text: t('imports.tooLarge') });
      return;
    }
    setError(null);
    setProgress({ fraction: 0, sent: false, mode });
    const preview = mode === 'dry-run' ? undefined : (report?.previewId ?? undefined);
    const confirm = mode !== 'dry-run' && confirmOverlaps ? ('overlaps' as const) : undefined;
    const started = uploadImport(
      { file, collection, crs, encoding, mode, district: districtCode, preview, confirm },
      (p) => setProgress({ ...p, mode }),
    );
    upload.current = started;
    try {
      const answer = await started.done;
      const controller = mapController;
      if (mode === 'dry-run') {
        setReport(answer);
        setResult(null);
        const features: Feature[] = answer.preview.map((row) => ({
          type: 'Feature',
          geometry: row.geometry,
          properties: { row: row.row, key: row.key, name: row.name },
        }));
        const data: FeatureCollection = { type: 'FeatureCollection', features };
        controller?.showPreview(data);
        const bounds = bboxOf(features);
        if (bounds && controller) frame(controller, bounds);
      } else {
        setResult(answer);
        if (answer.committed) {
          controller?.showPreview(null);
          // The statistics table changes the villages layer.
          const layer = tileLayerOf(collection);
          if (layer) controller?.refreshTiles(layer);
        }
      }
    } catch (failure) {
      if (!(failure instanceof DOMException && failure.name === 'AbortError')) setError(explain(failure));
    } finally {
      upload.current = null;
      setProgress(null);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    resetReport();
    void run('dry-run');
  };

  const rows = useMemo(() => {
    if (!report) return [];
    const bad = new Map<number, typeof report.problems>();
    for (const p of report.problems) bad.set(p.row, [...(bad.get(p.row) ?? []), p]);
    const badRows = [...bad.entries()].slice(0, MAX_TABLE_ROWS).map(([row, problems]) => ({ row, problems }));
    const room = Math.max(0, MAX_TABLE_ROWS - badRows.length);
    const good = report.preview
      .slice(0, room)
      .map((p) => ({ row: p.row, key: p.key, name: p.name, problems: [] as typeof report.problems }));
    return [...badRows, ...good].sort((a, b) => a.row - b.row);
  }, [report]);
  const previewByRow = useMemo(() => new Map(report?.preview.map((p) => [p.row, p]) ?? []), [report]);

  const staff = auth.can(...STAFF);
  const busy = progress !== null;
  // Overlapping towns are committed only once the importer has ticked that they saw them.
  const overlaps = report?.quality?.checks.find((c) => c.check === 'town_overlap')?.error ?? 0;
  const fieldError = (field: ErrorField) =>
    error?.field === field ? (
      <p className="ie-error" role="alert" data-testid={`import-error-${field}`}>
        {error.text}
      </p>
    ) : null;

  return (
    <section
      className="ie-dialog"
      role="dialog"
      aria-labelledby="ie-import-title"
      data-testid="import-dialog"
    >
      <header className="ie-dialog-head">
        <h2 id="ie-import-title">{t('imports.importTitle')}</h2>
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          // A commit in flight finishes on the server whatever happens here; keep its result in view.
          disabled={progress !== null && progress.mode !== 'dry-run'}
          aria-label={t('imports.close')}
          title={t('imports.close')}
        >
          ×
        </button>
      </header>
      {!staff ? (
        <div className="ie-body">
          <p>{t('imports.importNeedsStaff')}</p>
          {!auth.user && (
            <button type="button" className="button" onClick={auth.requestLogin}>
              {t('imports.signIn')}
            </button>
          )}
        </div>
      ) : (
        <div className="ie-body">
          <form className="ie-form" onSubmit={submit}>
            <label className="ie-field">
              <span>{t('imports.file')}</span>
              <input
                ref={fileInput}
                type="file"
                name="file"
                accept=".csv,.txt,.geojson,.json,.zip"
                disabled={busy}
                aria-invalid={error?.field === 'file'}
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  resetReport();
                  const chosen = e.target.files?.[0];
                  if (chosen && chosen.size > IMPORT_LIMIT_BYTES)
                    setError({ field: 'file', text: t('imports.tooLarge') });
                }}
              />
              <small>{t('imports.fileHint')}</small>
              {fieldError('file')}
            </label>
            <div className="ie-row">
              <label className="ie-field">
                <span>{t('imports.collection')}</span>
                <select
                  name="collection"
                  value={collection}
                  disabled={busy}
                  onChange={(e) => {
                    setCollection(e.target.value as ImportCollection);
                    resetReport();
                  }}
                >
                  {COLLECTIONS.map((c) => (
                    <option key={c} value={c}>
                      {pair(language, COLLECTION_NAMES[c])}
                    </option>
                  ))}
                </select>
                {fieldError('collection')}
              </label>
              <label className="ie-field">
                <span>{t('imports.encoding')}</span>
                <select
                  name="encoding"
                  value={encoding}
                  disabled={busy}
                  onChange={(e) => {
                    setEncoding(e.target.value as Encoding);
                    resetReport();
                  }}
                >
                  <option value="auto">{t('imports.encodingAuto')}</option>
                  <option value="utf-8">UTF-8</option>
                  <option value="gbk">GBK</option>
                </select>
                {fieldError('encoding')}
              </label>
            </div>
            <fieldset className="ie-field ie-crs" disabled={busy}>
              <legend>{t('imports.crs')}</legend>
              <div className="ie-crs-options">
                {CRS_CHOICES.map(([id, label]) => (
                  <label key={id} className="ie-radio">
                    <input
                      type="radio"
                      name="crs"
                      value={id}
                      checked={crs === id}
                      onChange={() => {
                        setCrs(id);
                        resetReport();
                      }}
                    />
                    {pair(language, label)}
                  </label>
                ))}
                <label className="ie-radio">
                  <input
                    type="radio"
                    name="crs"
                    value="gauss-kruger"
                    checked={crs.startsWith('epsg:')}
                    onChange={() => {
                      setCrs('epsg:4544');
                      resetReport();
                    }}
                  />
                  {t('imports.gaussKruger')}
                </label>
                {crs.startsWith('epsg:') && (
                  <select
                    name="crs-zone"
                    value={crs}
                    onChange={(event) => {
                      setCrs(event.target.value as Crs);
                      resetReport();
                    }}
                  >
                    {GAUSS_KRUGER_CHOICES.map(([id, label]) => (
                      <option key={id} value={id}>
                        {pair(language, label)}
                      </option>
                    ))}
                  </select>
                )}
              </div>
              <small>{t('imports.crsNote')}</small>
              {fieldError('crs')}
            </fieldset>
            <button type="submit" className="button" disabled={busy || !file} data-testid="import-check">
              {t('imports.check')}
            </button>
          </form>

          {progress && (
            <div className="ie-progress" data-testid="import-progress">
              <span>
                {progress.sent
                  ? t(progress.mode === 'dry-run' ? 'imports.processing' : 'imports.committing')
                  : `${t('imports.uploading')} ${Math.round(progress.fraction * 100)} %`}
              </span>
              <progress
                max={1}
                value={progress.sent ? undefined : progress.fraction}
                aria-label={t('imports.uploading')}
              />
            </div>
          )}
          {fieldError('general')}

          {report && !result && (
            <div className="ie-report" data-testid="import-report">
              <h3>
                {t('imports.report')} · {report.fileName}
                <small>
                  {' '}
                  {report.format.toUpperCase()}
                  {report.encoding ? ` · ${report.encoding.toUpperCase()}` : ''}
                  {` · ${report.crs}`}
                </small>
              </h3>
              <dl className="ie-counts">
                <div>
                  <dt>{t('imports.rowsRead')}</dt>
                  <dd data-testid="rows-read">{formatInteger(report.rowsRead)}</dd>
                </div>
                <div className="is-good">
                  <dt>{t('imports.rowsValid')}</dt>
                  <dd data-testid="rows-valid">{formatInteger(report.rowsValid)}</dd>
                </div>
                <div className={report.rowsInvalid > 0 ? 'is-bad' : ''}>
                  <dt>{t('imports.rowsInvalid')}</dt>
                  <dd data-testid="rows-invalid">{formatInteger(report.rowsInvalid)}</dd>
                </div>
              </dl>
              <p className="ie-note" data-testid="import-expected">
                {t('imports.expected', {
                  insert: formatInteger(report.toInsert),
                  update: formatInteger(report.toUpdate),
                })}
              </p>
              {(report.warnings.length > 0 || report.reassigned) && (
                <ul className="ie-warnings" data-testid="import-warnings" aria-label={t('imports.warnings')}>
                  {report.reassigned && report.reassigned.townsRemoved > 0 && (
                    <li>
                      {t('imports.reassigned', {
                        towns: report.reassigned.townsRemoved,
                        villages: report.reassigned.villages,
                        facilities: report.reassigned.facilities,
                        placeNames: report.reassigned.placeNames,
                      })}
                    </li>
                  )}
                  {report.warnings.map((w) => (
                    <li key={w.code + w.message}>{w.message}</li>
                  ))}
                </ul>
              )}
              {report.ignoredColumns.length > 0 && (
                <p className="ie-note">
                  {t('imports.ignoredColumns')}：{report.ignoredColumns.join('、')}
                </p>
              )}
              {report.preview.length > 0 && (
                <p className="ie-note ie-preview-note">{t('imports.previewNote')}</p>
              )}
              <div className="ie-table-wrap">
                <table className="ie-table">
                  <thead>
                    <tr>
                      <th>{t('imports.row')}</th>
                      <th>{t('imports.key')}</th>
                      <th>{t('imports.name')}</th>
                      <th>{t('imports.field')}</th>
                      <th>{t('imports.problem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => {
                      const bad = r.problems.length > 0;
                      const good = previewByRow.get(r.row);
                      return (
                        <tr key={r.row} className={bad ? 'is-bad' : ''} data-row={r.row} data-bad={bad}>
                          <td>{r.row}</td>
                          <td>{good?.key ?? ''}</td>
                          <td>{good?.name ?? ''}</td>
                          <td>{r.problems.map((p) => p.field).join('、')}</td>
                          <td>
                            {bad ? (
                              r.problems.map((p) => (
                                <div key={`${p.field}-${p.code}`}>
                                  <strong>
                                    {PROBLEM_NAMES[p.code] ? pair(language, PROBLEM_NAMES[p.code]!) : p.code}
                                  </strong>{' '}
                                  {p.problem}
                                </div>
                              ))
                            ) : (
                              <span className="ie-ok">{t('imports.ok')}</span>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              {report.rowsRead > rows.length && (
                <p className="ie-note">{t('imports.shown', { n: rows.length })}</p>
              )}
              {report.problemsTruncated && <p className="ie-note">{t('imports.problemsTruncated')}</p>}
              {report.quality && (
                <details
                  className="ie-quality"
                  data-testid="import-quality"
                  open={report.quality.counts.error > 0}
                >
                  <summary>
                    {t('imports.qualityAfter', {
                      errors: report.quality.counts.error,
                      warnings: report.quality.counts.warning,
                    })}
                  </summary>
                  <QualityReportView report={report.quality} />
                </details>
              )}
              {overlaps > 0 && (
                <label className="ie-confirm">
                  <input
                    type="checkbox"
                    checked={confirmOverlaps}
                    onChange={(event) => setConfirmOverlaps(event.target.checked)}
                    data-testid="import-confirm-overlaps"
                  />
                  {t('imports.confirmOverlaps', { n: overlaps })}
                </label>
              )}
              <div className="ie-actions">
                <button
                  type="button"
                  className="button"
                  disabled={
                    busy ||
                    report.rowsInvalid > 0 ||
                    report.rowsValid === 0 ||
                    (overlaps > 0 && !confirmOverlaps)
                  }
                  title={report.rowsInvalid > 0 ? t('imports.commitAllDisabled') : undefined}
                  onClick={() => void run('commit')}
                  data-testid="import-commit"
                >
                  {t('imports.commitAll')}
                </button>
                <button
                  type="button"
                  className="button secondary"
                  disabled={busy || report.rowsValid === 0 || (overlaps > 0 && !confirmOverlaps)}
                  onClick={() => void run('commit-valid')}
                  data-testid="import-commit-valid"
                >
                  {t('imports.commitValid')}
                  {report.rowsInvalid > 0 ? `（${formatInteger(report.rowsValid)}）` : ''}
                </button>
              </div>
            </div>
          )}

          {result && (
            <div
              className={`ie-result ${result.committed ? 'is-good' : 'is-bad'}`}
              role="status"
              data-testid="import-result"
            >
              <h3>
                {result.committed ? `${t('imports.done')} #${result.importId}` : t('imports.nothingWritten')}
              </h3>
              {result.committed ? (
                <p>
                  {t('imports.inserted')}{' '}
                  <strong data-testid="import-inserted">{formatInteger(result.inserted)}</strong>
                  {' · '}
                  {t('imports.updated')} <strong>{formatInteger(result.updated)}</strong>
                  {result.rowsInvalid > 0 && (
                    <>
                      {' · '}
                      {t('imports.leftOut')} <strong>{formatInteger(result.rowsInvalid)}</strong>
                    </>
                  )}
                </p>
              ) : (
                <p>{result.message}</p>
              )}
              {undone && (
                <p data-testid="import-undone">
                  {t('imports.undone', { removed: undone.removed, restored: undone.restored })}
                </p>
              )}
              {undoError && <p className="ie-error">{undoError}</p>}
              <div className="ie-actions">
                {result.committed && result.importId !== null && !undone && (
                  <button
                    type="button"
                    className="button secondary"
                    data-testid="import-undo"
                    onClick={() => {
                      const id = result.importId;
                      if (id === null || !window.confirm(t('imports.undoConfirm', { id }))) return;
                      setUndoError(null);
                      undoImport(id)
                        .then((answer) => {
                          setUndone(answer);
                          const layer = tileLayerOf(collection);
                          if (layer) mapController?.refreshTiles(layer);
                        })
                        .catch((failure: unknown) =>
                          setUndoError(failure instanceof Error ? failure.message : String(failure)),
                        );
                    }}
                  >
                    {t('imports.undo')}
                  </button>
                )}
                <button
                  type="button"
                  className="button secondary"
                  onClick={() => {
                    setUndone(null);
                    setUndoError(null);
                    resetReport();
                    setFile(null);
                    if (fileInput.current) fileInput.current.value = '';
                  }}
                >
                  {t('imports.again')}
                </button>
                <button type="button" className="button" onClick={onClose}>
                  {t('imports.close')}
                </button>
              </div>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
