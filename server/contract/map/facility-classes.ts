// The facility sub-layers the map draws: one circle layer per class over the facilities tiles,
// filtered by subtype. The style (style.ts) draws them; the client's layer panel lists them.
import { COMMUNITY_COLOURS, ELDERLY_TIER_COLOURS, ELDERLY_TIER_RADIUS, FUNERAL_COLOURS } from './palette.ts';

/** A facility sub-layer: one circle layer over the facilities tiles, filtered by subtype or tier. */
export interface FacilityClass {
  id: string;
  category: 'elderly_care' | 'funeral' | 'community';
  subtypes: string[];
  colour: string;
  radius: number;
}

export const FACILITY_CLASSES: FacilityClass[] = [
  {
    id: 'elderly-tier-1',
    category: 'elderly_care',
    subtypes: ['institution', 'nursing_centre'],
    colour: ELDERLY_TIER_COLOURS[1],
    radius: ELDERLY_TIER_RADIUS[1],
  },
  {
    id: 'elderly-tier-2',
    category: 'elderly_care',
    subtypes: ['care_home', 'town_centre'],
    colour: ELDERLY_TIER_COLOURS[2],
    radius: ELDERLY_TIER_RADIUS[2],
  },
  {
    id: 'elderly-tier-3',
    category: 'elderly_care',
    subtypes: ['community_station', 'canteen'],
    colour: ELDERLY_TIER_COLOURS[3],
    radius: ELDERLY_TIER_RADIUS[3],
  },
  {
    id: 'elderly-tier-4',
    category: 'elderly_care',
    subtypes: ['village_point'],
    colour: ELDERLY_TIER_COLOURS[4],
    radius: ELDERLY_TIER_RADIUS[4],
  },
  {
    id: 'funeral-homes',
    category: 'funeral',
    subtypes: ['funeral_home', 'funeral_station', 'funeral_service_point'],
    colour: FUNERAL_COLOURS.homes,
    radius: 6.5,
  },
  {
    id: 'funeral-cemeteries',
    category: 'funeral',
    subtypes: ['urban_public_cemetery', 'commercial_cemetery', 'rural_public_cemetery'],
    colour: FUNERAL_COLOURS.cemeteries,
    radius: 6,
  },
  {
    id: 'funeral-ash',
    category: 'funeral',
    subtypes: ['ash_repository'],
    colour: FUNERAL_COLOURS.ash,
    radius: 5.5,
  },
  {
    id: 'community-centres',
    category: 'community',
    subtypes: ['community_centre'],
    colour: COMMUNITY_COLOURS.centres,
    radius: 3.8,
  },
  {
    id: 'community-social-work',
    category: 'community',
    subtypes: ['social_work_station', 'minors_protection_station', 'child_home'],
    colour: COMMUNITY_COLOURS.socialWork,
    radius: 5.5,
  },
  {
    id: 'community-other',
    category: 'community',
    subtypes: ['rehab_home', 'volunteer_point', 'marriage_registry', 'relief_station'],
    colour: COMMUNITY_COLOURS.other,
    radius: 5,
  },
];

export const facilityLayerId = (facilityClass: FacilityClass) => `facilities-${facilityClass.id}`;
