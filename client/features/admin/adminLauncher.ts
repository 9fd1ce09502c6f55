// Opening the admin page from elsewhere (the 数据 menu, where a phone's top bar has room for it),
// not only from the 管理 button that owns it: a window event keeps AdminEntry the page's one owner.
const OPEN = 'civic-atlas:open-admin';

export function openAdminPage(): void {
  window.dispatchEvent(new Event(OPEN));
}

export function onOpenAdminPage(handler: () => void): () => void {
  window.addEventListener(OPEN, handler);
  return () => window.removeEventListener(OPEN, handler);
}
