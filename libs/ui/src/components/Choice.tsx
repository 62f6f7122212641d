import { useId, type ReactNode } from 'react';

export interface ChoiceOption<V extends string> {
  value: V;
  label: ReactNode;
  description?: ReactNode;
  disabled?: boolean;
}

/**
 * One choice among a few, as large radio cards (a fieldset with a legend): arrow keys move between
 * them as with any radio group, each card is a ≥ 44 px target, and the choice is read with its description.
 */
export function ChoiceGroup<V extends string>({
  legend,
  options,
  value,
  onChange,
  name,
}: {
  legend: ReactNode;
  options: readonly ChoiceOption<V>[];
  value: V | undefined;
  onChange(value: NoInfer<V>): void;
  name?: string;
}) {
  const id = useId();
  const groupName = name ?? id;
  return (
    <fieldset className="hcv-choices">
      <legend className="hcv-choices__legend">{legend}</legend>
      {options.map((option) => {
        const optionId = `${id}-${option.value}`;
        return (
          <label key={option.value} className="hcv-choice" htmlFor={optionId}>
            <input
              type="radio"
              id={optionId}
              name={groupName}
              value={option.value}
              checked={value === option.value}
              disabled={option.disabled}
              onChange={() => onChange(option.value)}
              aria-describedby={option.description ? `${optionId}-d` : undefined}
            />
            <span className="hcv-choice__text">
              <span className="hcv-choice__label">{option.label}</span>
              {option.description ? (
                <span className="hcv-choice__description" id={`${optionId}-d`}>
                  {option.description}
                </span>
              ) : null}
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}

/** The language switch: two toggle buttons (日本語 / English), the current one pressed. */
export function LanguageSwitch({ lang, onChange, label }: { lang: 'ja' | 'en'; onChange(lang: 'ja' | 'en'): void; label: string }) {
  return (
    <div className="hcv-lang" role="group" aria-label={label}>
      <button type="button" className="hcv-lang__option" aria-pressed={lang === 'ja'} lang="ja" onClick={() => onChange('ja')}>
        日本語
      </button>
      <button type="button" className="hcv-lang__option" aria-pressed={lang === 'en'} lang="en" onClick={() => onChange('en')}>
        English
      </button>
    </div>
  );
}
