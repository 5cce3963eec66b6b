import { useState } from 'react';
import { downloadCsv } from '../lib/downloadCsv';
import { Button } from './Button';

/**
 * "Export CSV" for a filtered list: downloads what the current filter matches and says so when
 * the server stopped at its row limit or the download failed.
 */
export function ExportCsvButton({
  route,
  query,
  filename,
}: {
  route: Parameters<typeof downloadCsv>[0];
  query: Record<string, unknown>;
  filename: string;
}) {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const exportCsv = async () => {
    setBusy(true);
    setNote('');
    try {
      const { truncated } = await downloadCsv(route, query, filename);
      if (truncated)
        setNote('Only the first 10,000 rows were exported; narrow the filter for the rest.');
    } catch (error) {
      setNote(error instanceof Error ? `Export failed: ${error.message}` : 'Export failed.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="flex flex-col items-end gap-1">
      <Button variant="secondary" size="sm" busy={busy} onClick={() => void exportCsv()}>
        Export CSV
      </Button>
      <p role="status" className="muted text-sm">
        {note}
      </p>
    </div>
  );
}
