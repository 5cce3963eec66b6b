import { useId, type InputHTMLAttributes } from 'react';
import type { FieldProps } from '../lib/forms/useForm';

interface TextFieldProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'onChange' | 'value' | 'name'
> {
  label: string;
  hint?: string;
  field: FieldProps;
}

/** A labelled input whose hint and error are tied to it with aria-describedby. */
export function TextField({ label, hint, field, className = '', ...rest }: TextFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = field.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="muted text-sm">
          {hint}
        </p>
      )}
      <input
        id={id}
        name={field.name}
        value={field.value}
        onChange={(event) => field.onChange(event.target.value)}
        aria-invalid={field.error ? true : undefined}
        aria-describedby={describedBy}
        className="field-input mt-1"
        {...rest}
      />
      {field.error && (
        <p id={errorId} className="mt-1 text-sm font-medium text-red-700 dark:text-red-300">
          {field.error}
        </p>
      )}
    </div>
  );
}
