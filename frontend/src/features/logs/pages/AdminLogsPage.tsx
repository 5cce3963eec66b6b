import { LOG_LEVELS, logsQuerySchema, type LogEntry, type LogsQuery } from '@gv/contract';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { ExportCsvButton } from '../../../components/ExportCsvButton';
import { PageHeader } from '../../../components/PageHeader';
import { SelectField } from '../../../components/SelectField';
import { LoadingState } from '../../../components/Spinner';
import { ErrorState } from '../../../components/States';
import { TextField } from '../../../components/TextField';
import { isAbortError, toApiError, type ApiError } from '../../../lib/api';
import { useForm } from '../../../lib/forms/useForm';
import { listLogs } from '../api/logsApi';
import { LogEntryList } from '../components/LogEntryList';
import {
  fromFormValues,
  readFilters,
  toFormValues,
  writeFilters,
  type FilterFormValues,
} from '../utils/filters';
import { mergeNewest } from '../utils/mergeNewest';

const PAGE_SIZE = 50;
const LIVE_INTERVAL_MS = 3000;

interface Loaded {
  entries: LogEntry[];
  nextCursor: string | null;
}

export function AdminLogsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filtersKey = searchParams.toString();
  const filters = useMemo(() => readFilters(new URLSearchParams(filtersKey)), [filtersKey]);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiError>();
  const [attempt, setAttempt] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  const [live, setLive] = useState(false);
  const [liveNote, setLiveNote] = useState('');
  const loadedRef = useRef(loaded);
  loadedRef.current = loaded;

  const form = useForm<FilterFormValues, LogsQuery>({
    initialValues: toFormValues(filters),
    schema: logsQuerySchema,
    prepare: fromFormValues,
    check: (values) => {
      const { from, to } = fromFormValues(values);
      return from && to && from > to ? { to: 'The end must be after the start' } : undefined;
    },
    onSubmit: async ({ level, event, userId, user, q, from, to, refreshes }) => {
      setSearchParams(
        writeFilters({
          level,
          event,
          userId,
          user,
          q,
          from,
          to,
          refreshes: refreshes === 'show' ? 'show' : undefined,
        }),
      );
    },
  });
  const { reset } = form;

  // Links such as "this user's events" change the URL: show their filters in the form.
  useEffect(() => reset(toFormValues(filters)), [filters, reset]);

  useEffect(() => {
    const controller = new AbortController();
    setLoaded(null);
    setError(undefined);
    listLogs({ ...filters, limit: PAGE_SIZE }, controller.signal).then(
      (page) => setLoaded({ entries: page.data, nextCursor: page.nextCursor }),
      (caught: unknown) => {
        if (!isAbortError(caught)) setError(toApiError(caught));
      },
    );
    return () => controller.abort();
  }, [filters, attempt]);

  useEffect(() => {
    if (!live) {
      setLiveNote('');
      return;
    }
    const controller = new AbortController();
    setLiveNote('Live: new events appear as they happen.');
    const timer = setInterval(async () => {
      try {
        const page = await listLogs({ ...filters, limit: PAGE_SIZE }, controller.signal);
        const current = loadedRef.current;
        if (!current) return;
        const merged = mergeNewest(current.entries, page.data);
        if (merged.added === 0) return;
        setLoaded({
          entries: merged.entries,
          nextCursor: merged.replaced ? page.nextCursor : current.nextCursor,
        });
        setLiveNote(`${merged.added} new ${merged.added === 1 ? 'event' : 'events'}.`);
      } catch (caught) {
        if (!isAbortError(caught))
          setLiveNote(`Live tail paused: ${toApiError(caught).userMessage}`);
      }
    }, LIVE_INTERVAL_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [live, filters]);

  const loadOlder = async () => {
    if (!loaded?.nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await listLogs({ ...filters, cursor: loaded.nextCursor, limit: PAGE_SIZE });
      setLoaded({ entries: [...loaded.entries, ...page.data], nextCursor: page.nextCursor });
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setLoadingMore(false);
    }
  };

  const filtered = Object.keys(filters).length > 0;

  return (
    <>
      <PageHeader
        title="Logs"
        description="Audit and security events from every instance, newest first."
        actions={<ExportCsvButton route="exportLogs" query={filters} filename="audit-log.csv" />}
      />

      <form
        ref={form.formRef}
        onSubmit={form.handleSubmit}
        noValidate
        className="card mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4"
        aria-label="Filter events"
      >
        <SelectField
          label="Level"
          value={form.values.level}
          onChange={(value) => form.setValue('level', value)}
          options={[
            { value: '', label: 'Any level' },
            ...LOG_LEVELS.map((level) => ({
              value: level,
              label: level === 'error' ? 'error' : `${level} and above`,
            })),
          ]}
        />
        <TextField
          label="Event"
          hint="A name, or a prefix ending in *: auth.* is every sign-in event."
          placeholder="auth.login.*"
          autoComplete="off"
          spellCheck={false}
          field={form.field('event')}
        />
        <TextField
          label="User"
          hint="Part of an email or name."
          autoComplete="off"
          spellCheck={false}
          field={form.field('user')}
        />
        <TextField
          label="Message contains"
          hint="Any part of the message, in any case."
          autoComplete="off"
          field={form.field('q')}
        />
        <TextField
          label="User id"
          autoComplete="off"
          spellCheck={false}
          field={form.field('userId')}
        />
        <TextField label="From" type="datetime-local" field={form.field('from')} />
        <TextField label="To" type="datetime-local" field={form.field('to')} />
        <label className="flex cursor-pointer items-center gap-2 self-end text-sm font-medium">
          <input
            type="checkbox"
            className="h-4 w-4 accent-indigo-600"
            checked={form.values.refreshes === 'show'}
            onChange={(event) => form.setValue('refreshes', event.target.checked ? 'show' : '')}
          />
          Include token refreshes
        </label>
        {form.formError && (
          <div className="sm:col-span-2 lg:col-span-4">
            <Alert tone="error">{form.formError}</Alert>
          </div>
        )}
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-4">
          <Button type="submit">Apply filters</Button>
          {filtered && (
            <Link to="/admin/logs" className="link text-sm">
              Clear filters
            </Link>
          )}
          <label className="ml-auto flex cursor-pointer items-center gap-2 text-sm font-medium">
            <input
              type="checkbox"
              className="h-4 w-4 accent-indigo-600"
              checked={live}
              onChange={(event) => setLive(event.target.checked)}
            />
            Live tail
          </label>
        </div>
      </form>

      <p role="status" className="muted mb-2 min-h-5 text-sm">
        {liveNote}
      </p>

      <section aria-label="Events" className="card">
        {!loaded && !error && <LoadingState label="Loading events…" />}
        {error && <ErrorState error={error} onRetry={() => setAttempt((value) => value + 1)} />}
        {loaded && (
          <>
            <LogEntryList
              entries={loaded.entries}
              showActor
              emptyText={filtered ? 'No events match these filters.' : 'No events yet.'}
            />
            {loaded.nextCursor && (
              <div className="mt-4 text-center">
                <Button variant="secondary" busy={loadingMore} onClick={loadOlder}>
                  Load older events
                </Button>
              </div>
            )}
          </>
        )}
      </section>
    </>
  );
}
