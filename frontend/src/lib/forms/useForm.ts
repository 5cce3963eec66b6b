// Form state with the contract's zod schemas: the same rules the server applies are checked in
// the browser first, and the server's field errors (problem+json `errors: [{path, message}]`)
// land on the matching inputs.
import type { FieldError } from '@gv/contract';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { toApiError } from '../api/problem';

export type FieldErrors = Record<string, string>;

/**
 * What checks the values: one of the contract's zod schemas, or a small hand-written check with
 * the same `safeParse` shape where zod would be too heavy for the page (the sign-in form).
 */
export interface FormSchema<T> {
  safeParse(input: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: { issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }> };
      };
}

export interface UseFormOptions<V extends Record<string, string>, T> {
  initialValues: V;
  schema: FormSchema<T>;
  /** What the schema parses, when the form has inputs the API does not take (default: all). */
  prepare?: (values: V) => unknown;
  /** Checks the schema cannot express, such as "the two passwords match". */
  check?: (values: V) => FieldErrors | undefined;
  onSubmit: (data: T) => Promise<void>;
}

export interface FieldProps {
  name: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}

/** The first message for each field; issues without a known field go to the form. */
export function splitErrors(
  issues: readonly FieldError[],
  fields: readonly string[],
): { fieldErrors: FieldErrors; formErrors: string[] } {
  const fieldErrors: FieldErrors = {};
  const formErrors: string[] = [];
  for (const issue of issues) {
    // "password" or "password.0" both belong to the password input.
    const field = fields.find((name) => issue.path === name || issue.path.startsWith(`${name}.`));
    if (field) fieldErrors[field] ??= issue.message;
    else formErrors.push(issue.message);
  }
  return { fieldErrors, formErrors };
}

export function useForm<V extends Record<string, string>, T>(options: UseFormOptions<V, T>) {
  const initialValues = useRef(options.initialValues).current;
  const [values, setValues] = useState<V>(initialValues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const fields = Object.keys(initialValues);

  // After a failed submit, move focus to the first invalid input so keyboard and screen-reader
  // users land on the problem.
  useEffect(() => {
    if (focusRequest === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest]);

  const setValue = useCallback((name: keyof V & string, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => {
      if (!(name in current)) return current;
      const { [name]: _cleared, ...rest } = current;
      return rest;
    });
  }, []);

  const showErrors = (issues: FieldError[], fallback?: string) => {
    const { fieldErrors, formErrors } = splitErrors(issues, fields);
    setErrors(fieldErrors);
    setFormError(formErrors[0] ?? fallback);
    setFocusRequest((value) => value + 1);
  };

  const handleSubmit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (submitting) return;
    const { schema, prepare, check, onSubmit } = optionsRef.current;
    setFormError(undefined);
    setSubmitting(true);
    try {
      const parsed = schema.safeParse(prepare ? prepare(values) : values);
      const issues: FieldError[] = parsed.success
        ? []
        : parsed.error.issues.map((issue) => ({
            path: issue.path.map(String).join('.'),
            message: issue.message,
          }));
      for (const [path, message] of Object.entries(check?.(values) ?? {})) {
        issues.push({ path, message });
      }
      if (!parsed.success || issues.length > 0) {
        showErrors(issues);
        return;
      }
      setErrors({});
      await onSubmit(parsed.data);
    } catch (caught) {
      const error = toApiError(caught);
      // The route guard is already taking the person to the login page.
      if (error.sessionEnded) return;
      showErrors(error.fieldErrors, error.fieldErrors.length > 0 ? undefined : error.userMessage);
    } finally {
      setSubmitting(false);
    }
  };

  const field = (name: keyof V & string): FieldProps => ({
    name,
    value: values[name] ?? '',
    error: errors[name],
    onChange: (value) => setValue(name, value),
  });

  const reset = useCallback(
    (next?: V) => {
      setValues(next ?? initialValues);
      setErrors({});
      setFormError(undefined);
    },
    [initialValues],
  );

  return { values, errors, formError, submitting, formRef, field, setValue, handleSubmit, reset };
}
