// Where an import's time goes, step by step (read, validate, stage, check, upsert, history): sent
// back as a Server-Timing header so the benchmark can show the breakdown over real HTTP.

export class StepTimer {
  readonly ms: Record<string, number> = {};
  private last = performance.now();

  /** Adds the time since the previous lap (or the start) to `step`. */
  lap(step: string): void {
    const now = performance.now();
    this.add(step, now - this.last);
    this.last = now;
  }

  add(step: string, ms: number): void {
    this.ms[step] = (this.ms[step] ?? 0) + ms;
  }

  /** `read;dur=812.3, validate;dur=401.0, …` */
  header(): string {
    return Object.entries(this.ms)
      .map(([step, ms]) => `${step};dur=${ms.toFixed(1)}`)
      .join(', ');
  }
}

/** Parses a Server-Timing header back into milliseconds per step. */
export function parseServerTiming(header: string | null): Record<string, number> {
  const ms: Record<string, number> = {};
  for (const part of (header ?? '').split(',')) {
    const match = /^\s*([\w-]+);dur=([\d.]+)\s*$/.exec(part);
    if (match) ms[match[1]!] = Number(match[2]);
  }
  return ms;
}
