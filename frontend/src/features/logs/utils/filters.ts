// The log filters live in the URL (shareable, back button works); the form edits local times.
import type { LogLevel, LogsQuery } from '@gv/contract';

export type LogFilters = Pick<
  Partial<LogsQuery>,
  'level' | 'event' | 'userId' | 'user' | 'q' | 'from' | 'to' | 'refreshes'
>;

export interface FilterFormValues extends Record<string, string> {
  level: string;
  event: string;
  userId: string;
  user: string;
  q: string;
  from: string;
  to: string;
  /** 'show' or '' (the API's default leaves token refreshes out). */
  refreshes: string;
}

const LEVELS: readonly string[] = ['debug', 'info', 'warn', 'error'];

export function readFilters(params: URLSearchParams): LogFilters {
  const filters: LogFilters = {};
  const level = params.get('level');
  if (level && LEVELS.includes(level)) filters.level = level as LogLevel;
  for (const key of ['event', 'userId', 'user', 'q', 'from', 'to'] as const) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  if (params.get('refreshes') === 'show') filters.refreshes = 'show';
  return filters;
}

export function writeFilters(filters: LogFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value) params.set(key, String(value));
  }
  return params;
}

/** ISO time → the value a datetime-local input shows (local time, minutes). */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}`;
}

/** A datetime-local value (read as local time) → ISO time for the API; '' stays empty. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

export function toFormValues(filters: LogFilters): FilterFormValues {
  return {
    level: filters.level ?? '',
    event: filters.event ?? '',
    userId: filters.userId ?? '',
    user: filters.user ?? '',
    q: filters.q ?? '',
    from: toLocalInput(filters.from),
    to: toLocalInput(filters.to),
    refreshes: filters.refreshes === 'show' ? 'show' : '',
  };
}

/** The form's values as API filters, empty ones dropped. */
export function fromFormValues(values: FilterFormValues): LogFilters {
  const filters: LogFilters = {};
  if (values.level) filters.level = values.level as LogLevel;
  if (values.event.trim()) filters.event = values.event.trim();
  if (values.userId.trim()) filters.userId = values.userId.trim();
  if (values.user.trim()) filters.user = values.user.trim();
  if (values.q.trim()) filters.q = values.q.trim();
  if (values.refreshes === 'show') filters.refreshes = 'show';
  const from = fromLocalInput(values.from);
  const to = fromLocalInput(values.to);
  if (from) filters.from = from;
  if (to) filters.to = to;
  return filters;
}
