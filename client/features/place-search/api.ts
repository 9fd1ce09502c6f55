// Typed calls to the place-name API (server/contract/place-names.schemas.ts).

import type { NearestResponseBody, SearchResultBody } from '../../../server/contract/place-names.schemas.ts';
import type { FacilityCategory } from '../../../server/contract/vocabularies.ts';
import { getJson } from '../../api/client.ts';

export type PlaceSearchResult = SearchResultBody;
export type NearestFacility = NearestResponseBody['results'][number];
export type ServiceCategory = FacilityCategory;

export function searchPlaceNames(
  query: { q: string; district?: string; prefer?: string; category?: string; limit?: number },
  signal?: AbortSignal,
): Promise<PlaceSearchResult[]> {
  const params = new URLSearchParams({ q: query.q, limit: String(query.limit ?? 8) });
  if (query.district) params.set('district', query.district);
  if (query.prefer) params.set('prefer', query.prefer);
  if (query.category) params.set('category', query.category);
  return getJson<{ results: PlaceSearchResult[] }>(`/api/place-names/search?${params}`, signal).then(
    (r) => r.results,
  );
}

export function nearestFacilities(
  point: [number, number],
  category: ServiceCategory,
  limit: number,
  signal?: AbortSignal,
): Promise<NearestFacility[]> {
  const params = new URLSearchParams({
    lon: String(point[0]),
    lat: String(point[1]),
    category,
    limit: String(limit),
  });
  return getJson<NearestResponseBody>(`/api/nearest?${params}`, signal).then((r) => r.results);
}

/** The permalink of a place name: the shell opens its card and flies to it. */
export const placeHash = (id: string) => `#/place/${id}`;
