// The address bar holds the view so a link reopens it:
//   #/map?mode=public&district=500111&c=105.72,29.70&z=10&sel=facilities:123
// `#/place/{id}` is opens the map with that place name selected and its card open.
import { COLLECTION_IDS, type CollectionId } from '../api/types.ts';
import type { FeatureRef, MapView } from '../map/MapController.ts';

export const MODES = ['public', 'planning', 'boundaries', 'names'] as const;
export type Mode = (typeof MODES)[number];

export interface UrlState {
  route: 'map' | 'place' | 'list';
  mode: Mode;
  district?: string;
  view?: MapView;
  selection: FeatureRef | null;
  /** For `#/place/{id}`: the place-name id. */
  placeId?: string;
  /** For `#/lists/{id}`: the protection list's id (its public page). */
  listId?: string;
  /** A saved coverage scenario (planning mode): `scenario=ID`. */
  scenario?: string;
}

function isMode(value: string | null): value is Mode {
  return value !== null && (MODES as readonly string[]).includes(value);
}

function parseSelection(value: string | null): FeatureRef | null {
  if (!value) return null;
  const colon = value.indexOf(':');
  if (colon < 0) return null;
  const collection = value.slice(0, colon);
  const id = value.slice(colon + 1);
  if (!(COLLECTION_IDS as readonly string[]).includes(collection) || !/^[0-9]{1,18}$/.test(id)) return null;
  return { collection: collection as CollectionId, id };
}

function parseView(center: string | null, zoom: string | null): MapView | undefined {
  if (!center || !zoom) return undefined;
  const [lng, lat] = center.split(',').map(Number);
  const z = Number(zoom);
  if (
    lng === undefined ||
    lat === undefined ||
    !Number.isFinite(lng) ||
    !Number.isFinite(lat) ||
    !Number.isFinite(z)
  )
    return undefined;
  if (Math.abs(lng) > 180 || Math.abs(lat) > 85 || z < 0 || z > 22) return undefined;
  return { center: [lng, lat], zoom: z };
}

export function parseHash(hash: string): UrlState {
  const body = hash.replace(/^#/, '');
  const list = /^\/lists\/([0-9]{1,18})\/?$/.exec(body);
  if (list?.[1]) return { route: 'list', mode: 'public', selection: null, listId: list[1] };
  const place = /^\/place\/([0-9]{1,18})\/?$/.exec(body);
  if (place?.[1]) {
    return {
      route: 'place',
      mode: 'public',
      selection: { collection: 'place-names', id: place[1] },
      placeId: place[1],
    };
  }
  const query = body.startsWith('/map?') ? body.slice(5) : body.startsWith('?') ? body.slice(1) : '';
  const params = new URLSearchParams(query);
  const mode = params.get('mode');
  const district = params.get('district');
  return {
    route: 'map',
    mode: isMode(mode) ? mode : 'public',
    district: district && /^[0-9]{6}$/.test(district) ? district : undefined,
    view: parseView(params.get('c'), params.get('z')),
    selection: parseSelection(params.get('sel')),
    scenario: /^[0-9]{1,18}$/.test(params.get('scenario') ?? '')
      ? (params.get('scenario') ?? undefined)
      : undefined,
  };
}

export function formatHash(state: {
  mode: Mode;
  district?: string;
  view?: MapView;
  selection: FeatureRef | null;
  scenario?: string | null;
}): string {
  const parts = [`mode=${state.mode}`];
  if (state.district) parts.push(`district=${state.district}`);
  if (state.view)
    parts.push(
      `c=${state.view.center[0].toFixed(4)},${state.view.center[1].toFixed(4)}`,
      `z=${state.view.zoom.toFixed(2)}`,
    );
  if (state.selection) parts.push(`sel=${state.selection.collection}:${state.selection.id}`);
  if (state.scenario) parts.push(`scenario=${state.scenario}`);
  return `#/map?${parts.join('&')}`;
}
