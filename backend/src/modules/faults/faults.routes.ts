import { NotFound } from '../../domain/errors.js';
import type { RouteHandlers } from '../../http/routing.js';
import type { FaultsService } from './faults.service.js';

/** `faults` is undefined where FAULTS_ENABLED is false; http/app.ts then answers 404 first. */
export function faultsRoutes(
  faults: FaultsService | undefined,
): Pick<RouteHandlers, 'getFaults' | 'setFaults'> {
  const enabled = () => {
    if (!faults) throw new NotFound('Fault injection is not enabled here.');
    return faults;
  };
  return {
    getFaults: async () => enabled().view(),
    setFaults: ({ auth, body }) => enabled().set(auth.userId, body),
  };
}
