// Opening the import dialog from anywhere in the client (e.g. the first-run guide), not only from
// the 数据 menu that owns it. A window event keeps the menu the dialog's one owner, so it never
// opens twice, and callers need no handle on the menu.
const OPEN = 'civic-atlas:open-import';
const CLOSED = 'civic-atlas:import-closed';

/** Opens the import dialog; `collection` (e.g. 'districts') is preselected when the dialog offers it. */
export function openImportDialog(collection?: string): void {
  window.dispatchEvent(new CustomEvent<{ collection?: string }>(OPEN, { detail: { collection } }));
}

export function onOpenImportDialog(handler: (collection: string | undefined) => void): () => void {
  const listener = (event: Event) =>
    handler((event as CustomEvent<{ collection?: string }>).detail?.collection);
  window.addEventListener(OPEN, listener);
  return () => window.removeEventListener(OPEN, listener);
}

/** Tells whoever shows data that may have been imported that the dialog closed. */
export function announceImportDialogClosed(): void {
  window.dispatchEvent(new Event(CLOSED));
}

export function onImportDialogClosed(handler: () => void): () => void {
  window.addEventListener(CLOSED, handler);
  return () => window.removeEventListener(CLOSED, handler);
}
