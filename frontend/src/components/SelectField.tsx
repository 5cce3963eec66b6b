import { useId, type SelectHTMLAttributes } from 'react';

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange'> {
  label: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
  /** Hide the label visually (it is still read by screen readers). */
  hideLabel?: boolean;
}

export function SelectField({
  label,
  options,
  onChange,
  hideLabel = false,
  className = '',
  ...rest
}: SelectFieldProps) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className={hideLabel ? 'sr-only' : 'block text-sm font-medium'}>
        {label}
      </label>
      <select
        id={id}
        onChange={(event) => onChange(event.target.value)}
        className={`field-input ${hideLabel ? '' : 'mt-1'}`}
        {...rest}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
