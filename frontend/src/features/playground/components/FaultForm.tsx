// Sets a fault by hand: how much, where, for how long. The server checks everything again and its
// field errors are shown next to the fields they name.
import type { Faults } from '@gv/contract';
import { useState, type FormEvent } from 'react';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { TextField } from '../../../components/TextField';
import { toApiError, type ApiError } from '../../../lib/api';
import { setFaults } from '../api/playgroundApi';

const FIELDS = ['errorRate', 'latencyMs', 'databaseDelayMs', 'routes', 'minutes'] as const;
type Field = (typeof FIELDS)[number];

const INITIAL: Record<Field, string> = {
  errorRate: '0',
  latencyMs: '0',
  databaseDelayMs: '0',
  routes: '',
  minutes: '10',
};

/** The form's field for a server error path: routes.2 is the routes box, expiresAt the duration. */
const fieldOf = (path: string): Field | undefined => {
  const name = path.split('.')[0];
  if (name === 'expiresAt') return 'minutes';
  return FIELDS.find((field) => field === name);
};

export function FaultForm({ onChanged }: { onChanged: (faults: Faults) => void }) {
  const [values, setValues] = useState(INITIAL);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  const errors: Partial<Record<Field, string>> = {};
  for (const fieldError of error?.fieldErrors ?? []) {
    const field = fieldOf(fieldError.path);
    if (field) errors[field] ??= fieldError.message;
  }
  const minutes = Number(values.minutes);
  const minutesValid = Number.isInteger(minutes) && minutes >= 1 && minutes <= 60;
  if (submitted && !minutesValid) errors.minutes = 'Choose from 1 to 60 minutes';
  const field = (name: Field) => ({
    name,
    value: values[name],
    error: errors[name],
    onChange: (value: string) => setValues((current) => ({ ...current, [name]: value })),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!minutesValid) return;
    setBusy(true);
    try {
      const faults = await setFaults({
        errorRate: Number(values.errorRate) / 100,
        latencyMs: Number(values.latencyMs),
        databaseDelayMs: Number(values.databaseDelayMs),
        routes: values.routes
          .split(/[\s,]+/)
          .map((route) => route.trim())
          .filter(Boolean),
        expiresAt: new Date(Date.now() + minutes * 60_000).toISOString(),
      });
      setError(undefined);
      onChanged(faults);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="space-y-4">
      {error && error.fieldErrors.length === 0 && (
        <Alert tone="error" title="The fault was not set">
          {error.userMessage}
        </Alert>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Error rate (%)"
          hint="Share of matching requests answered 503"
          type="number"
          min={0}
          max={100}
          field={field('errorRate')}
        />
        <TextField
          label="Latency (ms)"
          hint="Added before each matching request is handled"
          type="number"
          min={0}
          max={10000}
          field={field('latencyMs')}
        />
        <TextField
          label="Database delay (ms)"
          hint="Added to each database query of a matching request"
          type="number"
          min={0}
          max={10000}
          field={field('databaseDelayMs')}
        />
        <TextField
          label="Duration (minutes)"
          hint="The fault ends by itself after this, at most 60"
          type="number"
          min={1}
          max={60}
          field={field('minutes')}
        />
      </div>
      <TextField
        label="Routes"
        hint="Route templates such as /api/users/me, separated by spaces; empty for every API route except sign-in, health and this page's"
        field={field('routes')}
      />
      <Button type="submit" busy={busy}>
        Set fault
      </Button>
    </form>
  );
}
