// The React side of the map: creates the MapController once, then feeds it props.
import { useEffect, useRef } from 'react';
import type { Visibility } from './layers.ts';
import { type FeatureRef, MapController, type MapView as View } from './MapController.ts';

interface Props {
  initialView?: View;
  initialBounds?: [number, number, number, number];
  attribution: string;
  visibility: Visibility;
  selection: FeatureRef | null;
  onSelect: (ref: FeatureRef | null) => void;
  onViewChange: (view: View) => void;
  onController: (controller: MapController | null) => void;
}

export function MapView(props: Props) {
  const container = useRef<HTMLDivElement>(null);
  const controller = useRef<MapController | null>(null);
  // The controller lives as long as the component; callbacks go through a ref so it never sees a
  // stale closure and is never rebuilt.
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    if (!container.current) return;
    const { initialView, initialBounds, attribution } = latest.current;
    const created = new MapController(container.current, {
      view: initialView,
      bounds: initialBounds,
      attribution,
      onSelect: (ref) => latest.current.onSelect(ref),
      onViewChange: (view) => latest.current.onViewChange(view),
    });
    controller.current = created;
    created.setVisibility(latest.current.visibility);
    created.setSelection(latest.current.selection);
    latest.current.onController(created);
    return () => {
      latest.current.onController(null);
      created.destroy();
      controller.current = null;
    };
  }, []);

  useEffect(() => {
    controller.current?.setVisibility(props.visibility);
  }, [props.visibility]);

  useEffect(() => {
    controller.current?.setAttribution(props.attribution);
  }, [props.attribution]);

  useEffect(() => {
    controller.current?.setSelection(props.selection);
  }, [props.selection]);

  return <div ref={container} className="map" data-testid="map" />;
}
