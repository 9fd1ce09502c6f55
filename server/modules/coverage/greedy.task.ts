// Greedy site suggestions as a job of the work pool (server/modules/work/): a large district's
// search would stall every other request on the event loop.
import {
  type Candidate,
  type DemandPoints,
  greedySuggestions,
  LocalFrame,
  type Suggestion,
} from './engine/index.ts';

export interface GreedyJob {
  points: DemandPoints;
  covered: Uint8Array;
  candidates: Candidate[];
  k: number;
}

export async function greedy({ points, covered, candidates, k }: GreedyJob): Promise<Suggestion[]> {
  // Structured cloning keeps the typed arrays and the grid, not the frame's methods: rebuild it.
  const frame = new LocalFrame(points.frame.lon0, points.frame.lat0);
  return greedySuggestions({ ...points, frame }, covered, candidates, k);
}
