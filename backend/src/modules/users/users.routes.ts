import { sendAsDownload } from '../../http/csv.js';
import type { RouteHandlers } from '../../http/routing.js';
import type { UsersService } from './users.service.js';

export function usersRoutes(
  users: UsersService,
): Pick<
  RouteHandlers,
  | 'getMe'
  | 'updateMe'
  | 'deleteMe'
  | 'listUsers'
  | 'createUser'
  | 'exportUsers'
  | 'getUser'
  | 'updateUser'
  | 'deleteUser'
  | 'unlockUser'
  | 'listUserSessions'
  | 'revokeUserSessions'
> {
  return {
    getMe: ({ auth }) => users.get(auth.userId),
    updateMe: ({ auth, body }) => users.updateProfile(auth.userId, body),
    deleteMe: async ({ auth, body }) => {
      await users.deleteOwnAccount(auth.userId, body.password);
    },
    listUsers: ({ query }) => users.list(query),
    createUser: ({ auth, body }) => users.adminCreate(auth.userId, body),
    exportUsers: async ({ query, res }) => {
      const { csv, truncated } = await users.exportCsv(query);
      sendAsDownload(res, 'users.csv', truncated);
      return csv;
    },
    getUser: ({ params }) => users.adminGet(params.id),
    updateUser: ({ auth, params, body }) => users.adminUpdate(auth.userId, params.id, body),
    deleteUser: async ({ auth, params }) => {
      await users.adminDelete(auth.userId, params.id);
    },
    unlockUser: ({ auth, params }) => users.unlock(auth.userId, params.id),
    listUserSessions: async ({ params }) => ({ data: await users.listSessionsOf(params.id) }),
    revokeUserSessions: async ({ auth, params }) => {
      await users.revokeSessionsOf(auth.userId, params.id);
    },
  };
}
