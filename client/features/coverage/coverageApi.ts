// Typed calls to the coverage API (POST /api/coverage, /api/coverage/suggestions, GET /api/indicators).
// Shapes come from the server's TypeBox schemas (type-only import: nothing of the server is bundled).
import type {
  CoverageBody,
  CoverageResponse,
  IndicatorsResponse,
  SuggestionsBody,
  SuggestionsResponse,
} from '../../../server/contract/coverage.schemas.ts';
import { getJson, queryString, request } from '../../api/client.ts';

export type { CoverageBody, CoverageResponse, IndicatorsResponse, SuggestionsResponse };
export type TownRow = CoverageResponse['towns'][number];
export type Indicator = IndicatorsResponse['indicators'][number];
export type SuggestionRow = SuggestionsResponse['suggestions'][number];

export const coverageApi = {
  coverage: (body: CoverageBody, signal?: AbortSignal) =>
    request<CoverageResponse>('/api/coverage', { method: 'POST', body, signal }),
  suggestions: (body: SuggestionsBody, signal?: AbortSignal) =>
    request<SuggestionsResponse>('/api/coverage/suggestions', { method: 'POST', body, signal }),
  indicators: (district: string, signal?: AbortSignal) =>
    getJson<IndicatorsResponse>(`/api/indicators${queryString({ district })}`, signal),
};
