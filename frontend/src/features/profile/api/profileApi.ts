import type { DeleteMeRequest, UpdateMeRequest } from '@gv/contract';
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
