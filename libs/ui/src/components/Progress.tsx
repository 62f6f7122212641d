import type { ReactNode } from 'react';

/**
 * Work in progress. Without `value` it is indeterminate (waiting for an answer): an animated bar
 * (still under prefers-reduced-motion) and the label, announced politely.
 */
export function Progress({ label, value, max = 100 }: { label: ReactNode; value?: number; max?: number }) {
  const determinate = value !== undefined;
  return (
    <div className="hcv-progress" role="status">
      <div
        className={`hcv-progress__track${determinate ? '' : ' hcv-progress__track--indeterminate'}`}
        role="progressbar"
        aria-label={typeof label === 'string' ? label : undefined}
        aria-valuemin={determinate ? 0 : undefined}
        aria-valuemax={determinate ? max : undefined}
        aria-valuenow={determinate ? value : undefined}
      >
        <div className="hcv-progress__bar" style={determinate ? { width: `${Math.round((100 * value) / max)}%` } : undefined} />
      </div>
      <p className="hcv-progress__label">{label}</p>
    </div>
  );
}

/** Where the user is in a sequence of steps ("2 / 5 本人確認"), for screen readers as a list with the current step marked. */
export function Steps({ steps, current, label }: { steps: readonly string[]; current: number; label: string }) {
  return (
    <nav aria-label={label} className="hcv-steps">
      <ol>
        {steps.map((step, i) => (
          <li
            key={step}
            className={i === current ? 'hcv-steps__current' : i < current ? 'hcv-steps__done' : undefined}
            aria-current={i === current ? 'step' : undefined}
          >
            {step}
          </li>
        ))}
      </ol>
    </nav>
  );
}
