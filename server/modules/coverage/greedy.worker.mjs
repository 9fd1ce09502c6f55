// The greedy site search in a worker thread, so a large run does not stall every other request.
// Plain JavaScript that loads the TypeScript engine through tsx (the app's own TypeScript runner).
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const engine = await tsImport('./engine/index.ts', import.meta.url);

parentPort.on('message', ({ id, points, covered, candidates, k }) => {
  try {
    // Structured cloning keeps the typed arrays and the grid, not the frame's methods: rebuild it.
    points.frame = new engine.LocalFrame(points.frame.lon0, points.frame.lat0);
    parentPort.postMessage({ id, result: engine.greedySuggestions(points, covered, candidates, k) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
