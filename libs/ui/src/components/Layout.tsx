import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The frame of a screen: a skip link, a header (title, status items such as the offline indicator
 * and the language switch), one main landmark. `screenKey` changes with the screen: focus then
 * moves to the new heading, so keyboard and screen-reader users start at the top of each screen.
 */
export function AppShell({
  title,
  status,
  skipLabel,
  children,
}: {
  title: ReactNode;
  status?: ReactNode;
  skipLabel: string;
  children: ReactNode;
}) {
  return (
    <div className="hcv-shell">
      <a className="hcv-skip" href="#main">
        {skipLabel}
      </a>
      <header className="hcv-shell__header">
        <p className="hcv-shell__title">{title}</p>
        <div className="hcv-shell__status">{status}</div>
      </header>
      <main id="main" className="hcv-shell__main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

/** A screen's heading, focused when the screen appears (see AppShell). */
export function ScreenHeading({ children, focusOnMount = true }: { children: ReactNode; focusOnMount?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) ref.current?.focus();
  }, [focusOnMount]);
  return (
    <h1 ref={ref} tabIndex={-1} className="hcv-heading">
      {children}
    </h1>
  );
}

/** Children stacked with the standard gap. */
export function Stack({ children, gap = 'm' }: { children: ReactNode; gap?: 's' | 'm' | 'l' }) {
  return <div className={`hcv-stack hcv-stack--${gap}`}>{children}</div>;
}

/** Actions in a row (wrapping on a phone); the first is the main one. */
export function Actions({ children }: { children: ReactNode }) {
  return <div className="hcv-actions">{children}</div>;
}

/** A bordered panel grouping related content. */
export function Panel({ title, children }: { title?: ReactNode; children: ReactNode }) {
  return (
    <section className="hcv-panel">
      {title ? <h2 className="hcv-panel__title">{title}</h2> : null}
      {children}
    </section>
  );
}

/** Label–value pairs (a voucher's fields, a result's details). */
export function Facts({ items }: { items: readonly { label: ReactNode; value: ReactNode; key?: string }[] }) {
  return (
    <dl className="hcv-facts">
      {items.map((item, i) => (
        <div key={item.key ?? i} className="hcv-facts__row">
          <dt>{item.label}</dt>
          <dd>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
