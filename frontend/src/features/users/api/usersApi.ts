import type { AdminUpdateUserRequest, CreateUserRequest, ListUsersQuery } from '@gv/contract';
import { api } from '../../../lib/api';

export const listUsers = (query: Partial<ListUsersQuery>, signal?: AbortSignal) =>
  api('listUsers', { query, signal });

export const getUser = (id: string, signal?: AbortSignal) =>
  api('getUser', { params: { id }, signal });

export const updateUser = (id: string, changes: AdminUpdateUserRequest) =>
  api('updateUser', { params: { id }, body: changes });

export const deleteUser = (id: string) => api('deleteUser', { params: { id } });

/** Ends the pause the server put on this user's sign-in after repeated failures. */
export const unlockUser = (id: string) => api('unlockUser', { params: { id } });

export const listUserSessions = (id: string, signal?: AbortSignal) =>
  api('listUserSessions', { params: { id }, signal });

export const revokeUserSessions = (id: string) => api('revokeUserSessions', { params: { id } });

/** Answers with the new user and their first password, which the server sends only this once. */
export const createUser = (request: CreateUserRequest) => api('createUser', { body: request });

/** Turns off a user's two-factor sign-in (a lost phone); the server ends their sessions. */
export const resetUserTwoFactor = (id: string) => api('resetUserTwoFactor', { params: { id } });
