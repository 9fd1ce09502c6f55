// The title row of a field-kit panel with its close button.
import type { ReactNode } from 'react';

export function PanelHead({ children, onClose }: { children: ReactNode; onClose: () => void }) {
  return (
    <header className="fk-item-head">
      <h2 className="panel-title">{children}</h2>
      <button type="button" className="fk-link" data-testid="panel-close" onClick={onClose}>
        ✕
      </button>
    </header>
  );
}
