// Which panel each mode shows in the left panel / bottom sheet. To give a mode a new panel, point
// its entry here at your component in client/features/<job>/ — one line. A panel reaches the map
// with useMapController() / useMapOverlay() (client/map/context.tsx).
import { type ComponentType, lazy } from 'react';
import type { District, Meta } from '../api/types.ts';
import type { Mode } from '../app/url.ts';
import type { MessageKey } from '../i18n/index.tsx';
import type { FeatureRef } from '../map/MapController.ts';
import { PublicPanel } from './mode-panels/PublicPanel.tsx';
import { NamingWorkspace } from './naming/NamingWorkspace.tsx';

// Staff workspaces load when their mode is opened: the public map never downloads their code.
const CoverageWorkspace = lazy(() =>
  import('./coverage/CoverageWorkspace.tsx').then((m) => ({ default: m.CoverageWorkspace })),
);
const BoundaryWorkspace = lazy(() =>
  import('./boundaries/BoundaryWorkspace.tsx').then((m) => ({ default: m.BoundaryWorkspace })),
);

/** Everything a mode panel gets from the app shell. */
export interface ModePanelProps {
  district: District | undefined;
  meta: Meta | undefined;
  /** Selects a feature (opens its card); `center` flies the map there; null clears the selection. */
  select: (ref: FeatureRef | null, center?: [number, number]) => void;
  /** The selected feature, if any. */
  selection?: FeatureRef | null;
  /** The saved coverage scenario in the address bar (`scenario=ID`), and how a panel changes it. */
  scenario?: string | null;
  setScenario?: (id: string | null) => void;
}

export interface ModeDefinition {
  label: MessageKey;
  panel: ComponentType<ModePanelProps>;
}

export const MODE_PANELS: Record<Mode, ModeDefinition> = {
  public: { label: 'mode.public', panel: PublicPanel },
  planning: { label: 'mode.planning', panel: CoverageWorkspace },
  boundaries: { label: 'mode.boundaries', panel: BoundaryWorkspace },
  names: { label: 'records.modeNames', panel: NamingWorkspace },
};
