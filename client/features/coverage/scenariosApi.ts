// Saved coverage scenarios (GET/POST/PATCH /api/scenarios): the planner's selection, measure, speed
// and proposed sites, stored on the server and opened by link (#…&scenario=ID).
import type { Static } from 'typebox';
import type { Scenario, ScenarioParams } from '../../../server/modules/scenarios/scenarios.schemas.ts';
import { ApiError, type ErrorDetail, getJson, writeRequest } from '../../api/client.ts';

export type SavedScenario = Static<typeof Scenario>;
export type { ScenarioParams };

async function send<T>(method: 'POST' | 'PATCH', path: string, body: unknown, version?: number): Promise<T> {
  let response: Response;
  try {
    response = await fetch(
      path,
      writeRequest(method, body, version === undefined ? {} : { headers: { 'if-match': `"${version}"` } }),
    );
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  const payload = (await response.json().catch(() => undefined)) as
    | { error?: { code: string; message: string; details?: unknown } }
    | undefined;
  if (!response.ok) {
    const error = payload?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'http',
      error?.message ?? `HTTP ${response.status}`,
      Array.isArray(error?.details) ? (error.details as ErrorDetail[]) : undefined,
    );
  }
  return payload as T;
}

export const scenariosApi = {
  list: (district: string, signal?: AbortSignal) =>
    getJson<{ items: SavedScenario[] }>(
      `/api/scenarios?district=${encodeURIComponent(district)}`,
      signal,
    ).then((r) => r.items),
  get: (id: number, signal?: AbortSignal) => getJson<SavedScenario>(`/api/scenarios/${id}`, signal),
  create: (body: { name: string; districtCode: string; params: ScenarioParams }) =>
    send<SavedScenario>('POST', '/api/scenarios', body),
  update: (id: number, version: number, body: { name?: string; params?: ScenarioParams }) =>
    send<SavedScenario>('PATCH', `/api/scenarios/${id}`, body, version),
};
