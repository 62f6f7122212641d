import type { ButtonHTMLAttributes } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'quiet';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  /** Work in progress: the button is announced busy and refuses a second press. */
  busy?: boolean;
  /** Full width of its container (phone layouts, the main action of a screen). */
  block?: boolean;
}

/** A button at least 44 × 44 px with a visible focus ring; type="button" unless a form submit is asked for. */
export function Button({ variant = 'primary', busy = false, block = false, className, disabled, type, children, ...rest }: ButtonProps) {
  const classes = ['hcv-button', `hcv-button--${variant}`, block ? 'hcv-button--block' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button {...rest} type={type ?? 'button'} className={classes} disabled={disabled || busy} aria-busy={busy || undefined}>
      {children}
    </button>
  );
}
