// Calls of the protection-list API (历史地名保护名录): the lists, one list's page, adding and
// taking off a name with its reason.
import { request } from '../../api/client.ts';

export interface ProtectionList {
  id: string;
  name: string;
  batch: number | null;
  year: number;
  authority: string | null;
  document: string | null;
  count: number;
}

export interface ListedName {
  placeNameId: string;
  name: string;
  pinyin: string;
  categoryName: string;
  townName: string | null;
  districtName: string;
  point: [number, number];
  addedAt: string;
  addedBy: string;
  addedReason: string;
  removedAt: string | null;
  removedBy: string | null;
  removedReason: string | null;
}

export const protectionApi = {
  lists: () => request<{ items: ProtectionList[] }>('/api/protection-lists').then((r) => r.items),
  list: (id: number) =>
    request<ProtectionList & { names: ListedName[]; removed: ListedName[] }>(`/api/protection-lists/${id}`),
  add: (listId: number, placeNameId: number, reason: string) =>
    request(`/api/protection-lists/${listId}/entries`, { method: 'POST', body: { placeNameId, reason } }),
  remove: (listId: number, placeNameId: number, reason: string) =>
    request(`/api/protection-lists/${listId}/entries/${placeNameId}`, { method: 'DELETE', body: { reason } }),
};
