// 附近的服务: the nearest operating elderly-care, funeral and community facilities to a place, with
// straight-line distances (GET /api/nearest, KNN index).
import { useEffect, useState } from 'react';
import { FACILITY_CATEGORY_TERMS } from '../../../server/contract/vocabularies.ts';
import { formatDistance } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { type NearestFacility, nearestFacilities, type ServiceCategory } from './api.ts';

const GROUPS: { category: ServiceCategory; zh: string; en: string }[] = FACILITY_CATEGORY_TERMS.map((t) => ({
  category: t.code,
  zh: t.zh,
  en: t.en,
}));

export function NearbyServices({ point }: { point: [number, number] }) {
  const { pick, t } = useI18n();
  const [groups, setGroups] = useState<Record<ServiceCategory, NearestFacility[]> | null>(null);
  const [failed, setFailed] = useState(false);
  const [lon, lat] = point;

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
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
    </section>
  );
}
