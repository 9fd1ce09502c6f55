// 附近的服务: the nearest operating elderly-care, funeral and community facilities to a place, with
// straight-line distances (GET /api/nearest, KNN index) and, where the district has a road network,
// the walk: metres, minutes (and for older people) and the route, drawn on the map on request.
import { useEffect, useState } from 'react';
import { FACILITY_CATEGORY_TERMS } from '../../../server/contract/vocabularies.ts';
import { formatDistance } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMapController } from '../../map/context.tsx';
import { type NearestFacility, nearestFacilities, type ServiceCategory } from './api.ts';

const GROUPS: { category: ServiceCategory; zh: string; en: string }[] = FACILITY_CATEGORY_TERMS.map((t) => ({
  category: t.code,
  zh: t.zh,
  en: t.en,
}));

const ROUTE_OVERLAY = 'walking-route';
/** The teal of walking coverage: a route is a walk. */
const ROUTE_COLOUR = '#0e9384';

export function NearbyServices({ point }: { point: [number, number] }) {
  const { pick, t } = useI18n();
  const [groups, setGroups] = useState<Record<ServiceCategory, NearestFacility[]> | null>(null);
  const [failed, setFailed] = useState(false);
  const [route, setRoute] = useState<string | null>(null);
  const map = useMapController();
  const [lon, lat] = point;

  // One walking route at a time, as a highlight overlay; gone with the card.
  const showRoute = (f: NearestFacility | null) => {
    setRoute(f?.id ?? null);
    map?.setOverlay(
      ROUTE_OVERLAY,
      f?.walk
        ? {
            type: 'FeatureCollection',
            features: [{ type: 'Feature', properties: {}, geometry: f.walk.route }],
          }
        : null,
      { colour: ROUTE_COLOUR, halo: true },
    );
    if (f?.walk) map?.frame(f.walk.route);
  };
  useEffect(() => () => map?.setOverlay(ROUTE_OVERLAY, null, { colour: ROUTE_COLOUR }), [map]);

  useEffect(() => {
    const controller = new AbortController();
    setGroups(null);
    setFailed(false);
    Promise.all(GROUPS.map((g) => nearestFacilities([lon, lat], g.category, 3, controller.signal)))
      .then(([elderly, funeral, community]) =>
        setGroups({ elderly_care: elderly ?? [], funeral: funeral ?? [], community: community ?? [] }),
      )
      .catch((e: unknown) => {
        if (!(e instanceof DOMException && e.name === 'AbortError')) setFailed(true);
      });
    return () => controller.abort();
  }, [lon, lat]);

  return (
    <section className="nearby-services" aria-label={t('placeSearch.nearbyServices')}>
      <h3 className="section-title">{t('placeSearch.nearbyServices')}</h3>
      {failed && <p className="error-text">{t('placeSearch.nearbyServicesAreUnavailable')}</p>}
      {!groups && !failed && <p className="muted">{t('placeSearch.looking')}</p>}
      {groups &&
        GROUPS.map((g) => (
          <div key={g.category} className={`nearby-group nearby-${g.category}`}>
            <h4>{pick(g.zh, g.en)}</h4>
            {groups[g.category].length === 0 ? (
              <p className="muted">{t('placeSearch.none')}</p>
            ) : (
              <ul>
                {groups[g.category].map((f) => (
                  <li key={f.id}>
                    <span className="nearby-name">{f.name}</span>
                    <span className="nearby-meta">{f.subtypeName}</span>
                    <span className="nearby-distance">{formatDistance(f.distanceM)}</span>
                    {f.walk && (
                      <span className="nearby-walk" data-walk="">
                        {t('placeSearch.walk', {
                          distance: formatDistance(f.walk.distanceM),
                          minutes: Math.round(f.walk.minutes),
                          elderly: Math.round(f.walk.elderlyMinutes),
                        })}{' '}
                        <button
                          type="button"
                          className="link-button"
                          data-action="walk-route"
                          aria-pressed={route === f.id}
                          onClick={() => showRoute(route === f.id ? null : f)}
                        >
                          {route === f.id ? t('placeSearch.hideRoute') : t('placeSearch.showRoute')}
                        </button>
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
    </section>
  );
}
