// Calls of the protection-list API (历史地名保护名录): the lists, one list's page, adding and
// taking off a name with its reason.

import type { ListedName, ProtectionList } from '../../../server/contract/protection-lists.schemas.ts';
import { request } from '../../api/client.ts';

export type { ListedName, ProtectionList };

export const protectionApi = {
  lists: () => request<{ items: ProtectionList[] }>('/api/protection-lists').then((r) => r.items),
  list: (id: number) =>
    request<ProtectionList & { names: ListedName[]; removed: ListedName[] }>(`/api/protection-lists/${id}`),
  add: (listId: number, placeNameId: number, reason: string) =>
    request(`/api/protection-lists/${listId}/entries`, { method: 'POST', body: { placeNameId, reason } }),
  remove: (listId: number, placeNameId: number, reason: string) =>
    request(`/api/protection-lists/${listId}/entries/${placeNameId}`, { method: 'DELETE', body: { reason } }),
};
