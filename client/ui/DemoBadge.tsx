// The 示例数据 badge: always visible while demo data is loaded; opens a note on what is synthetic.
import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';

export function DemoBadge() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div className="demo-badge-wrap" ref={root}>
      <button
        type="button"
        className="demo-badge"
        data-testid="demo-badge"
        aria-expanded={open}
        aria-controls={id}
        title={`${t('demoTitle')}：${t('demoSynthetic')}`}
        onClick={() => setOpen(!open)}
      >
        {t('demoBadge')}
      </button>
      {open && (
        <div className="popover demo-popover" id={id} role="dialog" aria-label={t('demoTitle')}>
          <h2>{t('demoTitle')}</h2>
          <p>{t('demoReal')}</p>
          <p>{t('demoSynthetic')}</p>
          <p className="muted">{t('demoUse')}</p>
        </div>
      )}
    </div>
  );
}
