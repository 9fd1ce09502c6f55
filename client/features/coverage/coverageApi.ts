// Typed calls to the coverage API (POST /api/coverage, /api/coverage/suggestions, GET /api/indicators).
// Shapes come from the server's TypeBox schemas (type-only import: nothing of the server is bundled).
import type {
  CoverageBody,
  CoverageResponse,
  IndicatorsResponse,
  SuggestionsBody,
  SuggestionsResponse,
} from '../../../server/modules/coverage/coverage.schemas.ts';
import { ApiError, type ErrorDetail, getJson, writeRequest } from '../../api/client.ts';

export type { CoverageBody, CoverageResponse, IndicatorsResponse, SuggestionsResponse };
export type TownRow = CoverageResponse['towns'][number];
export type Indicator = IndicatorsResponse['indicators'][number];
export type SuggestionRow = SuggestionsResponse['suggestions'][number];

async function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, writeRequest('POST', body, { signal }));
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'network');
  }
  const payload = (await response.json().catch(() => undefined)) as
    | { error?: { code: string; message: string; details?: unknown } }
    | undefined;
  if (!response.ok) {
    const error = payload?.error;
    if (error) {
      const details = Array.isArray(error.details) ? (error.details as ErrorDetail[]) : undefined;
      throw new ApiError(response.status, error.code, error.message, details);
    }
    throw new ApiError(response.status, 'http', `HTTP ${response.status}`);
  }
  return payload as T;
}

export const coverageApi = {
  coverage: (body: CoverageBody, signal?: AbortSignal) =>
    postJson<CoverageResponse>('/api/coverage', body, signal),
  suggestions: (body: SuggestionsBody, signal?: AbortSignal) =>
    postJson<SuggestionsResponse>('/api/coverage/suggestions', body, signal),
  indicators: (district: string, signal?: AbortSignal) =>
    getJson<IndicatorsResponse>(`/api/indicators?district=${encodeURIComponent(district)}`, signal),
};
