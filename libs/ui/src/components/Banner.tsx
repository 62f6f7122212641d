import type { ReactNode } from 'react';

export type BannerKind = 'info' | 'success' | 'warning' | 'error';

/**
 * A message across the screen. Errors are announced at once (role="alert"); the others politely
 * (role="status"). The kind is also said in words by the caller's title — never by colour alone.
 */
export function Banner({
  kind,
  title,
  children,
  actions,
}: {
  kind: BannerKind;
  title?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className={`hcv-banner hcv-banner--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {title ? <p className="hcv-banner__title">{title}</p> : null}
      {children ? <div className="hcv-banner__body">{children}</div> : null}
      {actions ? <div className="hcv-banner__actions">{actions}</div> : null}
    </div>
  );
}
