// Work that would be lost by leaving: a panel registers a guard returning the warning while it has
// unsaved work; the shell asks before switching district or mode, and the browser before the page
// is closed or reloaded. One mechanism for every panel.
type Guard = () => string | null;
const guards = new Set<Guard>();

const pending = () => {
  for (const guard of guards) {
    const warning = guard();
    if (warning) return warning;
  }
  return null;
};

const onBeforeUnload = (event: BeforeUnloadEvent) => {
  if (!pending()) return;
  event.preventDefault();
  event.returnValue = '';
};

/** Registers a guard; returns the function that removes it. */
export function addLeaveGuard(guard: Guard): () => void {
  if (guards.size === 0) window.addEventListener('beforeunload', onBeforeUnload);
  guards.add(guard);
  return () => {
    guards.delete(guard);
    if (guards.size === 0) window.removeEventListener('beforeunload', onBeforeUnload);
  };
}

/** True when nothing would be lost, or the user agrees to lose it. */
export function confirmLeave(): boolean {
  const warning = pending();
  return warning === null || window.confirm(warning);
}
