// What the details card shows for each kind of feature: a title, a subtitle, badges and labelled
// rows, all plain text (the card renders them as text nodes, never as HTML).
import type { ApiFeature, Meta } from '../../api/types.ts';
import { formatDate, formatInteger, formatNumber, formatPercent } from '../../i18n/format.ts';
import type { I18n, MessageKey } from '../../i18n/index.tsx';
import type { FeatureRef } from '../../map/MapController.ts';

export interface CardRow {
  label: MessageKey;
  value: string;
  /** Long text (origin, history) gets its own block instead of a table cell. */
  long?: boolean;
  /** Shown as a link, e.g. tel: for a facility's public service number. */
  href?: string;
}

/** A tel: link for a phone number as stored (digits, spaces, + - ( )), or undefined. */
export function telHref(phone: string | undefined): string | undefined {
  if (!phone || !/^[0-9+() -]{3,30}$/.test(phone)) return undefined;
  return `tel:${phone.replace(/[^0-9+]/g, '')}`;
}

export interface CardBadge {
  text: string;
  tone: 'historical' | 'status' | 'warning' | 'neutral';
}

export interface CardContent {
  title: string;
  subtitle: string;
  badges: CardBadge[];
  rows: CardRow[];
  synthetic: boolean;
}

const str = (value: unknown): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : String(value);
const num = (value: unknown): number | undefined => {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
};

function rows(...entries: [MessageKey, string | undefined, boolean?][]): CardRow[] {
  return entries
    .filter((e): e is [MessageKey, string, boolean?] => e[1] !== undefined)
    .map(([label, value, long]) => ({ label, value, long }));
}

/** Translates a coded value through the dictionary, keeping unknown codes as they are. */
/** One badge showing a coded value by its label, or none when the record has no value. */
const codeBadge = (
  label: string | undefined,
  code: string | undefined,
  tone: CardBadge['tone'],
): CardBadge[] => (code ? [{ text: label ?? code, tone }] : []);

function coded(i18n: I18n, prefix: string, value: unknown): string | undefined {
  const code = str(value);
  if (code === undefined) return undefined;
  const key = `${prefix}.${code}` as MessageKey;
  return (i18n.t(key) as string | undefined) ?? code;
}

export function cardContent(
  ref: FeatureRef,
  feature: ApiFeature,
  meta: Meta | undefined,
  i18n: I18n,
): CardContent {
  const p = feature.properties ?? {};
  const { t, pick } = i18n;
  const people = (n: number | undefined) =>
    n === undefined ? undefined : `${formatInteger(n)} ${t('unit.people')}`;
  const date = (v: unknown) => (str(v) === undefined ? undefined : formatDate(String(v)));
  const kind = t(`kind.${ref.collection}`);
  switch (ref.collection) {
    case 'facilities': {
      const subtype = meta?.facilitySubtypes.find((s) => s.subtype === p.subtype);
      const subtypeName = subtype
        ? pick(subtype.nameZh, subtype.nameEn)
        : (str(p.subtypeName) ?? str(p.subtype) ?? '');
      const status = str(p.status);
      const beds = num(p.beds);
      return {
        title: str(p.name) ?? kind,
        subtitle: `${coded(i18n, 'category', p.category) ?? ''} · ${subtypeName}`,
        badges:
          status && status !== 'operating'
            ? [{ text: coded(i18n, 'status', status) ?? status, tone: 'status' }]
            : [],
        rows: rows(
          ['field.status', coded(i18n, 'status', p.status)],
          ['field.tier', num(p.tier) === undefined ? undefined : t(`tier.${num(p.tier)}` as MessageKey)],
          ['field.operator', coded(i18n, 'operator', p.operator)],
          ['field.beds', beds === undefined ? undefined : `${formatInteger(beds)} ${t('unit.beds')}`],
          [
            'field.nursingBeds',
            num(p.nursingBeds) === undefined
              ? undefined
              : `${formatInteger(num(p.nursingBeds) ?? 0)} ${t('unit.beds')}`,
          ],
          [
            'field.floorArea',
            num(p.floorAreaM2) === undefined ? undefined : `${formatNumber(num(p.floorAreaM2) ?? 0)} m²`,
          ],
          ['field.openedYear', str(p.openedYear)],
          ['field.town', str(p.townName)],
          ['field.village', str(p.villageName)],
          ['field.address', str(p.address)],
          ['field.phone', str(p.phone)],
          ['field.code', str(p.code)],
        ).map((row) =>
          // A facility's phone is its public service number (README "Staff-only fields"): callable.
          row.label === 'field.phone' ? { ...row, href: telHref(row.value) } : row,
        ),
        synthetic: p.origin !== 'real',
      };
    }
    case 'towns':
      return {
        title: str(p.name) ?? kind,
        subtitle: `${kind} · ${coded(i18n, 'townKind', p.kind) ?? ''}`,
        badges: [],
        rows: rows(
          ['field.code', str(p.code)],
          ['field.kind', coded(i18n, 'townKind', p.kind)],
          [
            'field.area',
            num(p.areaKm2) === undefined ? undefined : `${formatNumber(num(p.areaKm2) ?? 0)} km²`,
          ],
        ),
        synthetic: p.geomOrigin !== 'real',
      };
    case 'villages': {
      const population = num(p.population);
      const elderly = num(p.elderlyPopulation);
      return {
        title: str(p.name) ?? kind,
        subtitle: `${coded(i18n, 'villageKind', p.kind) ?? kind} · ${str(p.townName) ?? ''}`,
        badges: [],
        rows: rows(
          ['field.code', str(p.code)],
          ['field.town', str(p.townName)],
          ['field.population', people(population)],
          ['field.elderlyPopulation', people(elderly)],
          [
            'field.elderlyShare',
            population && elderly !== undefined ? formatPercent(elderly / population) : undefined,
          ],
          [
            'field.households',
            num(p.households) === undefined ? undefined : formatInteger(num(p.households) ?? 0),
          ],
        ),
        synthetic: p.geomOrigin !== 'real' || p.populationOrigin !== 'real',
      };
    }
    case 'place-names': {
      const category = meta?.placeNameCategories.find((c) => c.category === p.category);
      const formerNames = Array.isArray(p.formerNames)
        ? (p.formerNames as { name?: string; validFrom?: string | null; validTo?: string | null }[])
            .map((a) => {
              const span = [a.validFrom, a.validTo]
                .filter(Boolean)
                .map((d) => formatDate(String(d)))
                .join(' – ');
              return span ? `${a.name ?? ''}（${span}）` : (a.name ?? '');
            })
            .join(t('list.semicolon'))
        : undefined;
      const protection = str(p.protectionList)
        ? [str(p.protectionList), num(p.protectionYear) ? `${p.protectionYear}` : undefined]
            .filter(Boolean)
            .join(' · ')
        : undefined;
      return {
        title: str(p.name) ?? kind,
        subtitle: `${kind} · ${category ? pick(category.nameZh, category.nameEn) : (str(p.categoryName) ?? '')}`,
        badges: p.isHistorical === true ? [{ text: t('card.historicalBadge'), tone: 'historical' }] : [],
        rows: rows(
          ['field.pinyin', str(p.pinyin)],
          ['field.town', str(p.townName)],
          ['field.protection', protection],
          ['field.formerNames', formerNames || undefined],
          ['field.approvedBy', str(p.approvedBy)],
          ['field.approvedDate', date(p.approvedDate)],
          ['field.code', str(p.code)],
          ['field.nameOrigin', str(p.nameOrigin), true],
          ['field.nameMeaning', str(p.nameMeaning), true],
          ['field.nameHistory', str(p.nameHistory), true],
          ['field.source', str(p.source)],
        ),
        synthetic: p.origin !== 'real',
      };
    }
    case 'boundary-lines': {
      const status = str(p.status);
      return {
        title: str(p.name) ?? kind,
        subtitle: `${kind} · ${coded(i18n, 'level', p.level) ?? ''}`,
        badges: codeBadge(coded(i18n, 'line', status), status, status === 'disputed' ? 'warning' : 'status'),
        rows: rows(
          ['field.code', str(p.code)],
          ['field.status', coded(i18n, 'line', p.status)],
          [
            'field.sides',
            [str(p.leftUnitName), str(p.rightUnitName)].filter(Boolean).join(' — ') || undefined,
          ],
          [
            'field.length',
            num(p.lengthKm) === undefined ? undefined : `${formatNumber(num(p.lengthKm) ?? 0)} km`,
          ],
          [
            'field.markerCount',
            num(p.markerCount) === undefined ? undefined : formatInteger(num(p.markerCount) ?? 0),
          ],
          ['field.agreement', str(p.agreementNumber)],
          ['field.authority', str(p.approvingAuthority)],
          ['field.agreementDate', date(p.agreementDate)],
          ['field.lastInspection', date(p.lastInspectionDate)],
          ['field.nextInspection', date(p.nextInspectionDue)],
          ['field.description', str(p.description), true],
        ),
        synthetic: p.origin !== 'real',
      };
    }
    case 'boundary-markers': {
      const condition = str(p.condition);
      return {
        title: `${t('kind.boundary-markers')} ${str(p.number) ?? ''}`,
        subtitle: str(p.lineName) ?? kind,
        badges: codeBadge(
          coded(i18n, 'marker', condition),
          condition,
          condition === 'intact' ? 'status' : 'warning',
        ),
        rows: rows(
          ['field.number', str(p.number)],
          ['field.line', [str(p.lineName), str(p.lineCode)].filter(Boolean).join(' · ') || undefined],
          ['field.markerType', coded(i18n, 'markerType', p.markerType)],
          ['field.material', coded(i18n, 'material', p.material)],
          ['field.condition', coded(i18n, 'marker', p.condition)],
          [
            'field.elevation',
            num(p.elevationM) === undefined ? undefined : `${formatNumber(num(p.elevationM) ?? 0)} m`,
          ],
          ['field.dateSet', date(p.dateSet)],
          ['field.responsibleSide', str(p.responsibleSide)],
          ['field.note', str(p.note), true],
        ),
        synthetic: p.origin !== 'real',
      };
    }
  }
}
