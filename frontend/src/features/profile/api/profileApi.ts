import type { Accepted, ChangeEmailRequest, DeleteMeRequest, UpdateMeRequest } from '@gv/contract';
import { api } from '../../../lib/api';
import { authStore } from '../../../lib/auth/store';

export async function updateMe(changes: UpdateMeRequest): Promise<void> {
  const user = await api('updateMe', { body: changes });
  authStore.dispatch({ type: 'user.updated', user });
}

export async function deleteMe(confirmation: DeleteMeRequest): Promise<void> {
  await api('deleteMe', { body: confirmation });
  authStore.dispatch({ type: 'account.deleted' });
}

/** Mails a link to the new address (and a notice to the current one); nothing changes yet. */
export function requestEmailChange(request: ChangeEmailRequest): Promise<Accepted> {
  return api('requestEmailChange', { body: request });
}
