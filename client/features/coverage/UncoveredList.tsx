// 未覆盖村（社区）名单: the villages a selection leaves uncovered, by name, with people, elderly and
// the distance (walking or straight); sortable; a click frames the village on the map.
import { useMemo, useState } from 'react';
import { formatDistance, formatInteger } from '../../i18n/format.ts';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';

export interface UncoveredVillage {
  code: string;
  name: string;
  townName: string | null;
  population: number;
  elderlyPopulation: number;
  /** Metres to the nearest facility by the measure shown (walking or straight); null: unreachable. */
  distanceM: number | null;
  point: [number, number];
}

type Key = 'name' | 'population' | 'elderlyPopulation' | 'distanceM';
const COLUMNS: [Key, MessageKey, boolean][] = [
  ['name', 'coverage.colVillage', false],
  ['population', 'coverage.colPopulation', true],
  ['elderlyPopulation', 'coverage.colElderlyCount', true],
  ['distanceM', 'coverage.colDistance', true],
];

/** The list as the API returns it (straight or walking), in one shape. */
export function uncoveredRows(
  collection: { features: unknown[] },
  distanceField: 'nearestM' | 'networkM',
): UncoveredVillage[] {
  return (
    collection.features as {
      geometry: { coordinates: [number, number] };
      properties: Record<string, unknown>;
    }[]
  ).map((f) => ({
    code: String(f.properties.code),
    name: String(f.properties.name),
    townName: (f.properties.townName as string | null) ?? null,
    population: Number(f.properties.population),
    elderlyPopulation: Number(f.properties.elderlyPopulation),
    distanceM: (f.properties[distanceField] as number | null) ?? null,
    point: f.geometry.coordinates,
  }));
}

export function UncoveredList(props: {
  villages: UncoveredVillage[];
  total: number;
  onVillage: (village: UncoveredVillage) => void;
}) {
  const { villages, total, onVillage } = props;
  const { t } = useI18n();
  const [sort, setSort] = useState<{ key: Key; descending: boolean }>({
    key: 'elderlyPopulation',
    descending: true,
  });
  const rows = useMemo(() => {
    const out = [...villages];
    const { key, descending } = sort;
    out.sort((a, b) => {
      const x = a[key];
      const y = b[key];
      const order =
        typeof x === 'string' && typeof y === 'string'
          ? x.localeCompare(y, 'zh-CN')
          : Number(x ?? Number.POSITIVE_INFINITY) - Number(y ?? Number.POSITIVE_INFINITY);
      return descending ? -order : order;
    });
    return out.slice(0, 200);
  }, [villages, sort]);
  return (
    <div className="cv-table-wrap cv-uncovered">
      <table className="table cv-table" data-uncovered-list="">
        <thead>
          <tr>
            {COLUMNS.map(([key, label, numeric]) => (
              <th
                key={key}
                scope="col"
                className={numeric ? 'num' : undefined}
                aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
              >
                <button
                  type="button"
                  className="cv-sort"
                  data-sort={key}
                  onClick={() =>
                    setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== 'name' }))
                  }
                >
                  {t(label)}
                  {sort.key === key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => (
            <tr key={v.code} data-village={v.code} className="cv-row">
              <th scope="row">
                <button
                  type="button"
                  className="cv-town"
                  title={v.townName ?? undefined}
                  onClick={() => onVillage(v)}
                >
                  {v.name}
                </button>
              </th>
              <td className="num">{formatInteger(v.population)}</td>
              <td className="num">{formatInteger(v.elderlyPopulation)}</td>
              <td className="num">{v.distanceM === null ? '—' : formatDistance(v.distanceM)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > rows.length && (
        <p className="muted">{t('coverage.moreVillages', { n: formatInteger(total - rows.length) })}</p>
      )}
    </div>
  );
}
