// What the map currently shows beyond its layers, for exports made elsewhere (the map PNG): the
// coverage panel sets its scenario's parameters while it is open. One line of text, or null.
let caption: string | null = null;

export function setAnalysisCaption(text: string | null): void {
  caption = text;
}

export function analysisCaption(): string | null {
  return caption;
}
