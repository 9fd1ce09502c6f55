// The one modal dialog shape: a backdrop, a box labelled by its title, Escape to close, and a row of
// actions at the foot. A form dialog (given `submit`) is a <form>, so Enter submits it, and its
// foot is Cancel (closes) and the submit button.
import { type FormEvent, type ReactNode, useEffect } from 'react';

interface Props {
  /** Names the title (`${id}-title`) and the test id (`${id}-dialog`). */
  id: string;
  title: ReactNode;
  className?: string;
  /** An alertdialog: the user must choose before going on. */
  alert?: boolean;
  /** Makes this a form dialog. */
  submit?: { label: string; cancel: string; disabled?: boolean; onSubmit: (event: FormEvent) => void };
  /** Called on Escape and by a form dialog's Cancel. */
  onClose?: () => void;
  /** The foot of a dialog that is not a form. */
  actions?: ReactNode;
  stackActions?: boolean;
  children: ReactNode;
}

export function Dialog({
  id,
  title,
  className,
  alert,
  submit,
  onClose,
  actions,
  stackActions,
  children,
}: Props) {
  useEffect(() => {
    if (!onClose) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const box = {
    className: `ba-modal${className ? ` ${className}` : ''}`,
    role: alert ? 'alertdialog' : 'dialog',
    'aria-modal': true,
    'aria-labelledby': `${id}-title`,
    'data-testid': `${id}-dialog`,
  } as const;
  const body = (
    <>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
      <div className={stackActions ? 'ba-actions ba-actions-stack' : 'ba-actions'}>
        {submit ? (
          <>
            <button type="button" className="ba-button" onClick={onClose}>
              {submit.cancel}
            </button>
            <button type="submit" className="ba-button ba-primary" disabled={submit.disabled}>
              {submit.label}
            </button>
          </>
        ) : (
          actions
        )}
      </div>
    </>
  );
  return (
    <div className="ba-modal-backdrop" role="presentation">
      {submit ? (
        <form {...box} onSubmit={submit.onSubmit}>
          {body}
        </form>
      ) : (
        <div {...box}>{body}</div>
      )}
    </div>
  );
}
