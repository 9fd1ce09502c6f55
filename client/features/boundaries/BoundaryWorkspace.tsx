// 界线管理 mode panel: the statistics dashboard, and — when a line or marker is selected on the
// map — its edit form (signed-in editors) or details (everyone else). Owns the map overlay used
// for highlighting and dragging the record being edited.
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/auth.tsx';
import type { ModePanelProps } from '../modes.tsx';
import { BoundaryEditLayer } from './editLayer.ts';
import { RecordEditor } from './RecordEditor.tsx';
import { StatsDashboard } from './StatsDashboard.tsx';
import { pick } from './text.ts';
import './boundaries.css';

export function BoundaryWorkspace({ district, selection, select, mapController }: ModePanelProps) {
  const { language } = useI18n();
  const auth = useAuth();
  const [layer, setLayer] = useState<BoundaryEditLayer | null>(null);

  // Attach the overlay once the shell's map exists; remove it when leaving the mode.
  useEffect(() => {
    let created: BoundaryEditLayer | null = null;
    let timer: number | undefined;
    const attach = () => {
      const controller = mapController?.();
      if (!controller) {
        timer = window.setTimeout(attach, 200);
        return;
      }
      created = new BoundaryEditLayer(controller.map, (to, from) => {
        window.dispatchEvent(new CustomEvent('civic-atlas:marker-moved', { detail: { to, from } }));
      });
      setLayer(created);
      (window as unknown as { __boundaryEditLayer?: BoundaryEditLayer }).__boundaryEditLayer = created;
    };
    attach();
    return () => {
      window.clearTimeout(timer);
      created?.destroy();
      setLayer(null);
    };
  }, [mapController]);

  const editing =
    selection && (selection.collection === 'boundary-lines' || selection.collection === 'boundary-markers')
      ? selection
      : null;

  return (
    <div className="mode-panel ba-workspace" data-mode-panel="boundaries">
      {editing ? (
        <RecordEditor
          key={`${editing.collection}:${editing.id}`}
          kind={editing.collection as 'boundary-lines' | 'boundary-markers'}
          id={Number(editing.id)}
          layer={layer}
          onClose={() => select(null)}
        />
      ) : (
        <>
          <h2 className="panel-title">
            {district?.name} · {pick(language, ['界线管理', 'Boundaries'])}
          </h2>
          <p className="ba-hint">
            {auth.user
              ? pick(language, [
                  '点击地图上的界线或界桩查看、编辑；拖动界桩可移动位置。',
                  'Tap a line or marker on the map to edit it; drag a marker to move it.',
                ])
              : pick(language, [
                  '点击界线或界桩查看详情。编辑与联检记录需要登录。',
                  'Tap a line or marker for details. Editing needs sign-in.',
                ])}
            {!auth.user && (
              <>
                {' '}
                <button type="button" className="ba-link" onClick={auth.requestLogin}>
                  {pick(language, ['登录', 'Sign in'])}
                </button>
              </>
            )}
          </p>
          {district && <StatsDashboard districtCode={district.code} />}
        </>
      )}
    </div>
  );
}
