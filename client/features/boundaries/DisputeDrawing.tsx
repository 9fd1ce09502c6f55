// Drawing a dispute's area or a party's claim line on the map (through the dispute overlay), and
// the bar that counts the points and closes the shape.
import { useRef, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { DISPUTE_RED, type DisputeLayer } from './disputeLayer.ts';

export type Drawing = { target: 'area' } | { target: 'claim'; party: number };

/**
 * What is being drawn and how many points it has; `start` hands the finished points to `done`
 * (an area ≥ 3 points, a line ≥ 2), `cancel` drops the shape.
 */
export function useDrawing(
  layer: DisputeLayer | null,
  done: (target: Drawing, points: [number, number][]) => void,
) {
  const [drawing, setDrawing] = useState<Drawing | null>(null);
  const [vertices, setVertices] = useState(0);
  const drawingRef = useRef<Drawing | null>(null);
  drawingRef.current = drawing;
  const start = (target: Drawing) => {
    if (!layer) return;
    setDrawing(target);
    setVertices(0);
    layer.startDraft(target.target === 'area' ? 'polygon' : 'line', (points, finished) => {
      setVertices(points.length);
      if (!finished) return;
      const current = drawingRef.current;
      setDrawing(null);
      layer.clearDraft();
      if (current) done(current, points);
    });
  };
  const cancel = () => {
    setDrawing(null);
    layer?.clearDraft();
  };
  return { drawing, vertices, start, cancel };
}

export function DrawBar({
  vertices,
  min,
  layer,
  onCancel,
}: {
  vertices: number;
  min: number;
  layer: DisputeLayer | null;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="ba-drawbar" data-testid="draw-bar" style={{ borderColor: DISPUTE_RED }}>
      <span className="ba-grow" role="status">
        {t('boundaries.tapTheMapTo3', { vertices })}
      </span>
      <button type="button" className="ba-button" onClick={onCancel}>
        {t('boundaries.cancel')}
      </button>
      <button
        type="button"
        className="ba-button ba-primary"
        disabled={vertices < min}
        onClick={() => layer?.finishDraft()}
        data-testid="draw-done"
      >
        {t('boundaries.done')}
      </button>
    </div>
  );
}
