// First load on a phone link: headless Chromium (Debian's, via playwright-core) with CDP network
// throttling (4 Mbps down, 2 Mbps up, 100 ms latency, cache disabled) opens the public map and
// waits for the map with data (towns or facilities drawn). Reports the time to that, first
// contentful paint, bytes transferred (all and JavaScript) and requests, for this checkout and —
// with BASELINE_REF=<git ref> (e.g. main) — for that version, built and served from a temporary
// copy against the same database in the same run. Timings are reported, never asserted.
//
//   BASELINE_REF=main npm run bench:first-load      (DATABASE_URL: a database with demo data)
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchChromium } from '../tests/helpers/browser.ts';
import { percentile } from './bench-lib.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.FIRST_LOAD_RUNS ?? 3);
const PORT = Number(process.env.FIRST_LOAD_PORT ?? 54_390);
const THROTTLE = { offline: false, latency: 100, downloadThroughput: 4e6 / 8, uploadThroughput: 2e6 / 8 };

interface Load {
  mapWithDataMs: number;
  firstPaintMs: number;
  bytes: number;
  jsBytes: number;
  requests: number;
}

function build(dir: string): void {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: dir, stdio: 'inherit' });
}

/** A checkout of `ref` in a temporary folder, sharing this checkout's node_modules, built. */
function baselineCheckout(ref: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'first-load-base-'));
  execFileSync('sh', ['-c', `git -C "${ROOT}" archive "${ref}" | tar -x -C "${dir}"`]);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  build(dir);
  return dir;
}

async function serve(dir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill();
  throw new Error(`server in ${dir} did not start`);
}

async function measure(url: string): Promise<Load[]> {
  const browser = await launchChromium();
  const loads: Load[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({
        viewport: { width: 412, height: 860 },
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', THROTTLE);
      const types = new Map<string, string>();
      let bytes = 0;
      let jsBytes = 0;
      let requests = 0;
      cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
      cdp.on('Network.loadingFinished', (e) => {
        requests++;
        bytes += e.encodedDataLength;
        if (types.get(e.requestId) === 'Script') jsBytes += e.encodedDataLength;
      });
      await page.goto(url, { waitUntil: 'commit' });
      // The map has data once a town or facility is drawn; time from navigation start.
      await page.waitForFunction(
        () => {
          const hook = (window as unknown as { __civicAtlas?: { ready?: boolean; map?: unknown } })
            .__civicAtlas;
          const map = hook?.map as
            | { queryRenderedFeatures?: () => { source: string }[]; getContainer(): HTMLElement }
            | undefined;
          // Drawn on a map the user can see (a map of zero height draws nothing visible).
          if (!hook?.ready || !map?.queryRenderedFeatures || map.getContainer().clientHeight < 100)
            return false;
          const drawn = map
            .queryRenderedFeatures()
            .some((f) => f.source === 'towns' || f.source === 'facilities');
          if (drawn) (window as unknown as { __mapWithData: number }).__mapWithData = performance.now();
          return drawn;
        },
        null,
        { timeout: 120_000, polling: 50 },
      );
      const timing = await page.evaluate(() => ({
        mapWithData: (window as unknown as { __mapWithData: number }).__mapWithData,
        firstPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
      }));
      await page.waitForTimeout(500); // let in-flight responses finish for the byte count
      loads.push({
        mapWithDataMs: timing.mapWithData,
        firstPaintMs: timing.firstPaint,
        bytes,
        jsBytes,
        requests,
      });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return loads;
}

function summary(name: string, loads: Load[]) {
  const p50 = (pick: (l: Load) => number) => percentile(loads.map(pick), 50);
  return {
    name,
    'map with data (ms)': Math.round(p50((l) => l.mapWithDataMs)),
    'first paint (ms)': Math.round(p50((l) => l.firstPaintMs)),
    'transferred (KB)': Math.round(p50((l) => l.bytes) / 1024),
    'JS transferred (KB)': Math.round(p50((l) => l.jsBytes) / 1024),
    requests: p50((l) => l.requests),
  };
}

const rows = [];
const ref = process.env.BASELINE_REF;
let baseDir: string | undefined;
try {
  if (ref) {
    baseDir = baselineCheckout(ref);
    const server = await serve(baseDir, PORT + 1);
    try {
      rows.push(summary(`baseline ${ref}`, await measure(`http://127.0.0.1:${PORT + 1}/`)));
    } finally {
      server.kill();
    }
  }
  if (!existsSync(path.join(ROOT, 'dist/index.html')) || process.env.FIRST_LOAD_BUILD !== 'no') build(ROOT);
  const server = await serve(ROOT, PORT);
  try {
    rows.push(summary('this checkout', await measure(`http://127.0.0.1:${PORT}/`)));
  } finally {
    server.kill();
  }
} finally {
  if (baseDir) rmSync(baseDir, { recursive: true, force: true });
}

console.log(`\nFirst load, 4 Mbps / 100 ms, cache disabled, median of ${RUNS} (412×860 viewport)`);
console.table(rows);
mkdirSync(path.join(ROOT, 'results'), { recursive: true });
writeFileSync(path.join(ROOT, 'results', 'first-load.json'), `${JSON.stringify(rows, null, 2)}\n`);
