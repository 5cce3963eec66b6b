// Downloads a CSV export. The API wants the access token in a header, which a plain link cannot
// send, so the file is fetched through the API client and handed to the browser as a blob.
import type { RouteName } from '@gv/contract';
import { apiClient, toApiError } from './api';
import { endpoints } from './api/endpoints';
import { saveBlob } from './saveBlob';

type CsvRoute = Extract<RouteName, 'exportUsers' | 'exportLogs'>;

/** Saves the export as `filename`; says whether the server cut it at its row limit. */
export async function downloadCsv(
  name: CsvRoute,
  query: Record<string, unknown>,
  filename: string,
): Promise<{ truncated: boolean }> {
  let response;
  try {
    response = await apiClient.http.get<Blob>(endpoints[name].path, {
      params: Object.fromEntries(
        Object.entries(query).filter(([, value]) => value !== undefined && value !== ''),
      ),
      responseType: 'blob',
      headers: { Accept: 'text/csv, application/problem+json' },
    });
  } catch (error) {
    throw toApiError(error);
  }
  saveBlob(response.data, filename);
  return { truncated: response.headers['x-export-truncated'] === 'true' };
}
