import type { ReactNode } from 'react';

/** A small status label (online / offline, green / red check); its text says the state, the colour repeats it. */
export function Chip({ tone, children }: { tone: 'ok' | 'bad' | 'neutral'; children: ReactNode }) {
  return <span className={`hcv-chip${tone === 'neutral' ? '' : ` hcv-chip--${tone}`}`}>{children}</span>;
}
