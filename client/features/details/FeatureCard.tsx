// The details card for the selected feature: fetched in full from the features API and rendered as
// text. Esc closes it (handled by the app's keyboard shortcuts).
import { useEffect, useRef } from 'react';
import { api } from '../../api/client.ts';
import type { ApiFeature, Meta } from '../../api/types.ts';
import { useApi } from '../../app/useApi.ts';
import { useI18n } from '../../i18n/index.tsx';
import type { FeatureRef } from '../../map/MapController.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { NearbyServices } from '../place-search/NearbyServices.tsx';
import { cardContent } from './fields.ts';
import { LabelLinks } from './LabelLinks.tsx';

interface Props {
  selection: FeatureRef;
  meta: Meta | undefined;
  onClose: () => void;
  onZoomTo: (feature: ApiFeature) => void;
  onLoaded?: (feature: ApiFeature) => void;
}

/** Where a place name is labelled: its label point, else the first coordinate of its geometry. */
function labelPoint(feature: ApiFeature): [number, number] {
  const label = feature.properties?.labelPoint;
  if (Array.isArray(label) && typeof label[0] === 'number' && typeof label[1] === 'number')
    return [label[0], label[1]];
  let first: [number, number] = [0, 0];
  const visit = (coords: unknown): boolean => {
    if (Array.isArray(coords) && typeof coords[0] === 'number' && typeof coords[1] === 'number') {
      first = [coords[0], coords[1]];
      return true;
    }
    return Array.isArray(coords) && coords.some(visit);
  };
  if (feature.geometry && 'coordinates' in feature.geometry) visit(feature.geometry.coordinates);
  return first;
}

export function FeatureCard({ selection, meta, onClose, onZoomTo, onLoaded }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const { data, error, loading, retry } = useApi(
    (signal) => api.item(selection.collection, selection.id, signal),
    [selection.collection, selection.id],
  );
  const loadedRef = useRef(onLoaded);
  loadedRef.current = onLoaded;
  useEffect(() => {
    if (data) loadedRef.current?.(data);
  }, [data]);
  const content = data ? cardContent(selection, data, meta, i18n) : undefined;
  return (
    <article
      className="feature-card"
      aria-busy={loading}
      data-collection={selection.collection}
      data-feature-id={selection.id}
    >
      <header className="feature-card-header">
        <div>
          <p className="eyebrow">{t(`kind.${selection.collection}`)}</p>
          <h2 className="feature-card-title">{content?.title ?? (loading ? t('card.loading') : '')}</h2>
          {content && <p className="feature-card-subtitle">{content.subtitle}</p>}
        </div>
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          aria-label={t('close')}
          title={`${t('close')} (Esc)`}
        >
          <span aria-hidden="true">×</span>
        </button>
      </header>
      {error !== undefined && <ErrorMessage error={error} onRetry={retry} />}
      {content && (
        <>
          {content.badges.length > 0 && (
            <p className="badges">
              {content.badges.map((b) => (
                <span key={b.text} className={`badge badge-${b.tone}`}>
                  {b.text}
                </span>
              ))}
            </p>
          )}
          <dl className="fields">
            {content.rows
              .filter((r) => !r.long)
              .map((r) => (
                <div key={r.label} className="field">
                  <dt>{t(r.label)}</dt>
                  <dd>{r.href ? <a href={r.href}>{r.value}</a> : r.value}</dd>
                </div>
              ))}
          </dl>
          {content.rows
            .filter((r) => r.long)
            .map((r) => (
              <section key={r.label} className="long-field">
                <h3>{t(r.label)}</h3>
                <p>{r.value}</p>
              </section>
            ))}
          {selection.collection === 'place-names' && data?.geometry && (
            <NearbyServices point={labelPoint(data)} />
          )}
          {data &&
            (selection.collection === 'boundary-markers' ||
              selection.collection === 'place-names' ||
              selection.collection === 'boundary-lines') && (
              <LabelLinks
                kind={selection.collection}
                id={selection.id}
                lineId={data.properties?.lineId as number | undefined}
                townCode={data.properties?.townCode as string | undefined}
              />
            )}
          <div className="card-actions">
            {data && (
              <button type="button" className="button secondary" onClick={() => onZoomTo(data)}>
                {t('card.zoomTo')}
              </button>
            )}
          </div>
          <p className={`data-note ${content.synthetic ? 'is-synthetic' : ''}`}>
            {content.synthetic ? t('card.syntheticNote') : t('card.realNote')}
          </p>
        </>
      )}
    </article>
  );
}
