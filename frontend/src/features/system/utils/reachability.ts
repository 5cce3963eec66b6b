// Tells "the backend did not answer" apart from an answer that is an error.
import type { ApiError } from '../../../lib/api';

/**
 * No response at all (status 0), or a gateway's own error in place of the backend's: nginx and
 * load balancers answer 502, 503 or 504 without the request id every backend problem carries.
 */
export function isUnreachable(error: ApiError): boolean {
  return error.status === 0 || ([502, 503, 504].includes(error.status) && !error.requestId);
}
