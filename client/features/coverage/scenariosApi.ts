// Saved coverage scenarios (GET/POST/PATCH /api/scenarios): the planner's selection, measure, speed
// and proposed sites, stored on the server and opened by link (#…&scenario=ID).
import type { Static } from 'typebox';
import type { Scenario, ScenarioParams } from '../../../server/contract/scenarios.schemas.ts';
import { queryString, request } from '../../api/client.ts';

export type SavedScenario = Static<typeof Scenario>;
export type { ScenarioParams };

export const scenariosApi = {
  list: (district: string, signal?: AbortSignal) =>
    request<{ items: SavedScenario[] }>(`/api/scenarios${queryString({ district })}`, { signal }).then(
      (r) => r.items,
    ),
  get: (id: number, signal?: AbortSignal) => request<SavedScenario>(`/api/scenarios/${id}`, { signal }),
  create: (body: { name: string; districtCode: string; params: ScenarioParams }) =>
    request<SavedScenario>('/api/scenarios', { method: 'POST', body }),
  update: (id: number, version: number, body: { name?: string; params?: ScenarioParams }) =>
    request<SavedScenario>(`/api/scenarios/${id}`, { method: 'PATCH', body, ifMatch: version }),
};
