// A legend swatch drawn with the same colours the map uses (see map/layers.ts).
import type { ReactNode } from 'react';
import type { Swatch as SwatchSpec } from '../map/layers.ts';

/** The 20 × 20 box every drawn swatch sits in. */
const Box = ({ children }: { children: ReactNode }) => (
  <svg className="swatch" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
    {children}
  </svg>
);

export function Swatch({ swatch }: { swatch: SwatchSpec }) {
  switch (swatch.kind) {
    case 'circle': {
      const r = Math.min(swatch.radius, 8);
      return (
        <Box>
          <circle
            cx="10"
            cy="10"
            r={r}
            fill={swatch.hollow ? '#ffffff' : swatch.colour}
            stroke={swatch.hollow ? swatch.colour : '#ffffff'}
            strokeWidth={swatch.hollow ? 2 : 1.2}
          />
        </Box>
      );
    }
    case 'line':
      return (
        <Box>
          <line
            x1="2"
            y1="10"
            x2="18"
            y2="10"
            stroke={swatch.colour}
            strokeWidth={swatch.width}
            strokeDasharray={swatch.dashed ? '4 3' : undefined}
          />
        </Box>
      );
    case 'fill':
      return (
        <Box>
          <rect
            x="2.5"
            y="3.5"
            width="15"
            height="13"
            rx="1.5"
            fill={swatch.colour}
            stroke={swatch.outline}
            strokeWidth="1.2"
          />
        </Box>
      );
    case 'text':
      return (
        <span
          className="swatch swatch-text"
          style={{ color: swatch.colour, fontStyle: swatch.italic ? 'italic' : undefined }}
          aria-hidden="true"
        >
          名
        </span>
      );
    case 'badge':
      return (
        <span className="swatch swatch-badge" style={{ background: swatch.colour }} aria-hidden="true">
          {swatch.text}
        </span>
      );
  }
}
