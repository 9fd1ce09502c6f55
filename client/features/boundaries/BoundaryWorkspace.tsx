// 界线管理 mode panel: the statistics dashboard, and — when a line or marker is selected on the
// map — its edit form (signed-in editors) or details (everyone else). Owns the map overlay used
// for highlighting and dragging the record being edited.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { useMapOverlay } from '../../map/context.tsx';
import { useAuth } from '../auth/auth.tsx';
import type { ModePanelProps } from '../modes.tsx';
import { type BoundaryRecord, boundaryApi } from './boundaryApi.ts';
import { DisputeForm } from './DisputeForm.tsx';
import { DisputeList } from './DisputeList.tsx';
import { DisputeLayer } from './disputeLayer.ts';
import { isOpen } from './disputes.ts';
import { BoundaryEditLayer } from './editLayer.ts';
import { MarkerCreateForm } from './MarkerCreateForm.tsx';
import { RecordEditor } from './RecordEditor.tsx';
import { StatsDashboard } from './StatsDashboard.tsx';
import './boundaries.css';
import { SignInLink } from '../auth/SignInLink.tsx';

export function BoundaryWorkspace({ district, selection, select }: ModePanelProps) {
  const { t } = useI18n();
  const auth = useAuth();
  /** A dispute card/form (id null = new) or the new-marker form; shown instead of the dashboard. */
  const [view, setView] = useState<
    { type: 'dispute'; id: number | null } | { type: 'marker'; line: BoundaryRecord } | null
  >(null);
  const [disputes, setDisputes] = useState<BoundaryRecord[] | undefined>(undefined);
  const [disputesError, setDisputesError] = useState<unknown>(undefined);
  const [lines, setLines] = useState<BoundaryRecord[]>([]);
  const [reload, setReload] = useState(0);
  const selectRef = useRef(select);
  selectRef.current = select;
  const districtCode = district?.code;
  const staff = auth.user !== null;

  // The district's disputes (staff get the details) and lines (names; where to draw public disputes).
  useEffect(() => {
    if (!districtCode) return;
    let cancelled = false;
    void reload;
    void staff;
    boundaryApi.list('disputes', { district: districtCode }).then(
      (items) => {
        if (cancelled) return;
        setDisputes(items);
        setDisputesError(undefined);
      },
      (error) => !cancelled && setDisputesError(error),
    );
    return () => {
      cancelled = true;
    };
  }, [districtCode, reload, staff]);
  useEffect(() => {
    if (!districtCode) return;
    let cancelled = false;
    boundaryApi.list('boundary-lines', { district: districtCode }).then(
      (items) => !cancelled && setLines(items),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [districtCode]);
  const linesById = useMemo(() => new Map(lines.map((l) => [l.id, l])), [lines]);
  const lineName = useCallback(
    (id: unknown) => String(linesById.get(Number(id))?.name ?? `#${String(id)}`),
    [linesById],
  );

  // The record being edited, and the disputes (with the drawing tool), drawn while the mode is on.
  const layer = useMapOverlay(() => new BoundaryEditLayer());
  const disputeLayer = useMapOverlay(
    () =>
      new DisputeLayer((id) => {
        // The dispute's card replaces the line or marker open before.
        setView({ type: 'dispute', id });
        selectRef.current(null);
      }),
  );

  // Open disputes on the map: the area when the caller may see it, else a band along the line.
  useEffect(() => {
    disputeLayer?.show(
      (disputes ?? []).filter(isOpen).map((d) => ({
        id: d.id,
        stage: String(d.stage),
        area: (d.area as GeoJSON.Geometry | null | undefined) ?? null,
        claims: (d.claims as { party: string; geometry: GeoJSON.Geometry }[] | undefined) ?? [],
        lineGeometry: (linesById.get(Number(d.lineId))?.geometry as GeoJSON.Geometry | undefined) ?? null,
      })),
    );
  }, [disputeLayer, disputes, linesById]);

  // Choosing a line or marker on the map closes a dispute card (a drawing tool clears the choice).
  useEffect(() => {
    if (selection) setView((v) => (v?.type === 'marker' ? v : null));
  }, [selection]);

  const editing =
    selection && (selection.collection === 'boundary-lines' || selection.collection === 'boundary-markers')
      ? selection
      : null;

  const canEdit = auth.can('boundary_editor');

  return (
    <div className="mode-panel ba-workspace" data-mode-panel="boundaries">
      {view?.type === 'dispute' && districtCode ? (
        <DisputeForm
          key={`dispute:${view.id ?? 'new'}`}
          id={view.id}
          districtCode={districtCode}
          lines={lines}
          layer={disputeLayer}
          onSaved={(record) => {
            setReload((n) => n + 1);
            if (view.id === null) setView({ type: 'dispute', id: record.id });
          }}
          onClose={() => setView(null)}
        />
      ) : view?.type === 'marker' ? (
        <MarkerCreateForm
          key={`marker:${view.line.id}`}
          line={view.line}
          layer={disputeLayer}
          onClose={() => setView(null)}
          onCreated={(marker) => {
            setView(null);
            layer?.refreshTiles();
            select({ collection: 'boundary-markers', id: String(marker.id) });
          }}
        />
      ) : editing ? (
        <>
          {canEdit && editing.collection === 'boundary-lines' && (
            <div className="ba-actions ba-actions-top">
              <button
                type="button"
                className="ba-button"
                data-testid="new-marker"
                onClick={() => {
                  const line = linesById.get(Number(editing.id));
                  if (line) setView({ type: 'marker', line });
                  else
                    void boundaryApi
                      .get('boundary-lines', Number(editing.id))
                      .then((l) => setView({ type: 'marker', line: l }));
                }}
              >
                {t('boundaries.newMarker2')}
              </button>
            </div>
          )}
          <RecordEditor
            key={`${editing.collection}:${editing.id}`}
            kind={editing.collection as 'boundary-lines' | 'boundary-markers'}
            id={Number(editing.id)}
            layer={layer}
            onClose={() => select(null)}
          />
        </>
      ) : (
        <>
          <h2 className="panel-title">
            {district?.name} · {t('boundaries.boundaries')}
          </h2>
          <p className="ba-hint">
            {auth.user ? t('boundaries.tapALineOr') : t('boundaries.tapALineOr2')}
            {!auth.user && (
              <>
                {' '}
                <SignInLink className="ba-link" />
              </>
            )}
          </p>
          <DisputeList
            disputes={disputes}
            error={disputesError}
            lineName={lineName}
            onOpen={(id) => setView({ type: 'dispute', id })}
            onNew={canEdit ? () => setView({ type: 'dispute', id: null }) : null}
          />
          {district && <StatsDashboard districtCode={district.code} />}
        </>
      )}
    </div>
  );
}
