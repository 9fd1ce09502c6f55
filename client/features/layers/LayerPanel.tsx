// The layer list and legend: five groups, each group and each sub-layer switchable, a swatch per
// entry. A collapsible box on the map's right (a sheet of its own on a phone).
import { useEffect, useRef, useState } from 'react';
import type { Meta } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import {
  LAYER_GROUPS,
  type LayerGroup,
  type SubLayer,
  sublayersIn,
  type Visibility,
} from '../../map/layers.ts';
import { Swatch } from '../../ui/Swatch.tsx';

interface Props {
  /** The current mode: sub-layers that exist only in other modes are not listed. */
  mode: string;
  visibility: Visibility;
  onChange: (next: Visibility) => void;
  meta: Meta | undefined;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

export function LayerPanel({ mode, visibility, onChange, meta, open, onOpenChange }: Props) {
  const { t } = useI18n();
  return (
    <section className={`layer-panel ${open ? 'is-open' : 'is-closed'}`} aria-label={t('layers')}>
      <button
        type="button"
        className="layer-panel-toggle"
        aria-expanded={open}
        aria-controls="layer-panel-body"
        title={t('layersToggle')}
        onClick={() => onOpenChange(!open)}
      >
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
          <path
            d="M12 3 2 8l10 5 10-5-10-5Zm-7.6 9L2 13.2 12 18l10-4.8-2.4-1.2L12 15.6 4.4 12Zm0 4L2 17.2 12 22l10-4.8-2.4-1.2L12 19.6 4.4 16Z"
            fill="currentColor"
          />
        </svg>
        <span>{t('layers')}</span>
        <span className="chevron" aria-hidden="true">
          {open ? '▴' : '▾'}
        </span>
      </button>
      {open && (
        <div className="layer-panel-body" id="layer-panel-body">
          {LAYER_GROUPS.map((group) => (
            <LayerGroupView
              key={group.id}
              group={{ ...group, sublayers: sublayersIn(group, mode) }}
              visibility={visibility}
              onChange={onChange}
              meta={meta}
            />
          ))}
          <p className="legend-note">
            <Swatch swatch={{ kind: 'circle', colour: '#e2620f', radius: 5.5, hollow: true }} />
            {t('legendHollow')}
          </p>
        </div>
      )}
    </section>
  );
}

function LayerGroupView({
  group,
  visibility,
  onChange,
  meta,
}: {
  group: LayerGroup;
  visibility: Visibility;
  onChange: (next: Visibility) => void;
  meta: Meta | undefined;
}) {
  const { t } = useI18n();
  const checkbox = useRef<HTMLInputElement>(null);
  const onCount = group.sublayers.filter((s) => visibility[s.id] !== false).length;
  // Groups that start switched off start folded, so the ones in use stay in view.
  const [expanded, setExpanded] = useState(onCount > 0);
  const all = onCount === group.sublayers.length;
  const some = onCount > 0 && !all;
  useEffect(() => {
    if (checkbox.current) checkbox.current.indeterminate = some;
  }, [some]);
  const setGroup = (visible: boolean) => {
    const next = { ...visibility };
    for (const s of group.sublayers) next[s.id] = visible;
    onChange(next);
  };
  const bodyId = `layer-group-${group.id}`;
  return (
    <div className="layer-group" data-group={group.id}>
      <div className="layer-group-header">
        <label className="layer-row layer-group-label">
          <input
            ref={checkbox}
            type="checkbox"
            checked={all}
            onChange={(e) => setGroup(e.target.checked)}
            data-layer-group={group.id}
          />
          <span>{t(group.label)}</span>
        </label>
        <button
          type="button"
          className="icon-button small"
          aria-expanded={expanded}
          aria-controls={bodyId}
          aria-label={t(group.label)}
          onClick={() => setExpanded(!expanded)}
        >
          <span aria-hidden="true">{expanded ? '−' : '+'}</span>
        </button>
      </div>
      {expanded && (
        <ul className="layer-list" id={bodyId}>
          {group.sublayers.map((sublayer) => (
            <SubLayerRow
              key={sublayer.id}
              sublayer={sublayer}
              visible={visibility[sublayer.id] !== false}
              onToggle={(visible) => onChange({ ...visibility, [sublayer.id]: visible })}
              meta={meta}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function SubLayerRow({
  sublayer,
  visible,
  onToggle,
  meta,
}: {
  sublayer: SubLayer;
  visible: boolean;
  onToggle: (visible: boolean) => void;
  meta: Meta | undefined;
}) {
  const { t, pick } = useI18n();
  const single = sublayer.legend.length === 1 ? sublayer.legend[0] : undefined;
  const subtypeNames = sublayer.subtypes
    ?.map((code) => meta?.facilitySubtypes.find((s) => s.subtype === code))
    .filter((s) => s !== undefined)
    .map((s) => pick(s.nameZh, s.nameEn))
    .join(t('list.separator'));
  return (
    <li className={visible ? '' : 'is-off'}>
      <label className="layer-row" title={subtypeNames || undefined}>
        <input
          type="checkbox"
          checked={visible}
          onChange={(e) => onToggle(e.target.checked)}
          data-layer={sublayer.id}
        />
        {single && <Swatch swatch={single.swatch} />}
        <span className="layer-name">
          {t(sublayer.label)}
          {subtypeNames && <small className="layer-detail">{subtypeNames}</small>}
        </span>
      </label>
      {!single && visible && (
        <ul className="legend-list">
          {sublayer.legend.map((entry) => (
            <li key={entry.label}>
              <Swatch swatch={entry.swatch} />
              <span>{t(entry.label)}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
