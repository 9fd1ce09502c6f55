// Where am I relative to a marker: distance and compass direction from the device's position
// (the shared haversine and turf's initial bearing), said the way staff say it: "距离 320 m · 东北".
import { bearing } from '@turf/turf';
import { haversineMetres } from '../../server/contract/geodesy.ts';

export type LngLat = [number, number];

const DIRECTIONS = {
  zh: ['北', '东北', '东', '东南', '南', '西南', '西', '西北'],
  en: ['north', 'north-east', 'east', 'south-east', 'south', 'south-west', 'west', 'north-west'],
} as const;

export interface Heading {
  metres: number;
  /** 0–360, clockwise from north. */
  degrees: number;
  /** One of eight compass points. */
  direction: { zh: string; en: string };
}

export function headingTo(from: LngLat, to: LngLat): Heading {
  const metres = haversineMetres(from, to);
  const degrees = (bearing(from, to) + 360) % 360;
  const index = Math.round(degrees / 45) % 8;
  return { metres, degrees, direction: { zh: DIRECTIONS.zh[index]!, en: DIRECTIONS.en[index]! } };
}

/** 320 m below a kilometre, 1.2 km above; 10 km and more without decimals. */
export function formatDistance(metres: number): string {
  if (metres < 1000) return `${Math.round(metres)} m`;
  const km = metres / 1000;
  return `${km < 10 ? km.toFixed(1) : Math.round(km)} km`;
}

export function headingText(heading: Heading, lang: 'zh' | 'en'): string {
  return lang === 'zh'
    ? `距离 ${formatDistance(heading.metres)} · ${heading.direction.zh}`
    : `${formatDistance(heading.metres)} · ${heading.direction.en}`;
}

/** A view [[w, s], [e, n]] holding both points, for "go there". */
export function boundsOf(a: LngLat, b: LngLat): [LngLat, LngLat] {
  return [
    [Math.min(a[0], b[0]), Math.min(a[1], b[1])],
    [Math.max(a[0], b[0]), Math.max(a[1], b[1])],
  ];
}
