// The mode's work area: a left panel on desktop, a bottom sheet with three heights on a phone
// (peek, half, full). Tap the handle to step up; drag it to move between heights.
import { type ReactNode, useRef } from 'react';
import { useI18n } from '../i18n/index.tsx';

export type SheetHeight = 'peek' | 'half' | 'full';
const ORDER: SheetHeight[] = ['peek', 'half', 'full'];

interface Props {
  phone: boolean;
  height: SheetHeight;
  onHeightChange: (height: SheetHeight) => void;
  title: string;
  /** Wider on a desktop, for content that reads as a page (the first-run guide). */
  wide?: boolean;
  children: ReactNode;
}

export function SidePanel({ phone, height, onHeightChange, title, wide = false, children }: Props) {
  const { t } = useI18n();
  const drag = useRef<{ y: number; moved: boolean } | null>(null);
  const step = (direction: 1 | -1) => {
    const index = ORDER.indexOf(height) + direction;
    const next = ORDER[Math.max(0, Math.min(ORDER.length - 1, index))];
    if (next) onHeightChange(next);
  };
  return (
    <aside
      className={`side-panel ${phone ? `sheet sheet-${height}` : ''} ${wide && !phone ? 'is-wide' : ''}`}
      aria-label={title}
      data-sheet={phone ? height : undefined}
    >
      {phone && (
        <button
          type="button"
          className="sheet-handle"
          aria-label={height === 'full' ? t('sheet.collapse') : t('sheet.expand')}
          onPointerDown={(event) => {
            drag.current = { y: event.clientY, moved: false };
            event.currentTarget.setPointerCapture(event.pointerId);
          }}
          onPointerMove={(event) => {
            if (drag.current && Math.abs(event.clientY - drag.current.y) > 12) drag.current.moved = true;
          }}
          onPointerUp={(event) => {
            const start = drag.current;
            drag.current = null;
            if (!start) return;
            if (!start.moved) {
              onHeightChange(height === 'full' ? 'peek' : (ORDER[ORDER.indexOf(height) + 1] ?? 'full'));
              return;
            }
            step(event.clientY < start.y ? 1 : -1);
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowUp') step(1);
            if (event.key === 'ArrowDown') step(-1);
          }}
        >
          <span className="sheet-grip" aria-hidden="true" />
          <span className="sheet-title">{title}</span>
        </button>
      )}
      <div className="side-panel-body">{children}</div>
    </aside>
  );
}
