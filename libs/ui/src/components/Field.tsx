import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

/** What a control needs to be labelled, described and marked invalid by its field. */
export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  'aria-required'?: true;
}

export interface FieldProps {
  label: ReactNode;
  /** A short help line under the label (format, example). */
  hint?: ReactNode;
  /** The problem with the value, in the user's language; shown under the control and announced. */
  error?: ReactNode;
  required?: boolean;
  /** The control, given the ids that tie it to the label, hint and error. */
  children: (control: FieldControlProps) => ReactNode;
}

/** A labelled form field: label, hint, control, error — the error tied to the control by aria-describedby. */
export function Field({ label, hint, error, required, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`hcv-field${error ? ' hcv-field--invalid' : ''}`}>
      <label className="hcv-field__label" htmlFor={id}>
        {label}
        {required ? <span className="hcv-field__required"> *</span> : null}
      </label>
      {hint ? (
        <p className="hcv-field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(required ? { 'aria-required': true as const } : {}),
      })}
      {error ? (
        <p className="hcv-field__error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'children'> {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
}

/** A text input in a Field (44 px tall, full width of its container). */
export function TextField({ label, hint, error, required, className, ...input }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} required={required}>
      {(control) => <input {...input} {...control} required={required} className={`hcv-input ${className ?? ''}`.trim()} />}
    </Field>
  );
}

export interface SelectFieldProps<V extends string> {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  required?: boolean;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange(value: NoInfer<V>): void;
  name?: string;
}

/** A native select in a Field (keyboard and screen readers get the platform's own control). */
export function SelectField<V extends string>({ label, hint, error, required, value, options, onChange, name }: SelectFieldProps<V>) {
  return (
    <Field label={label} hint={hint} error={error} required={required}>
      {(control) => (
        <select {...control} name={name} className="hcv-select" value={value} onChange={(e) => onChange(e.target.value as V)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A checkbox with its label, the whole row a ≥ 44 px target. */
export function CheckboxField({
  label,
  checked,
  onChange,
  name,
}: {
  label: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
  name?: string;
}) {
  const id = useId();
  return (
    <div className="hcv-checkbox">
      <input id={id} type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
