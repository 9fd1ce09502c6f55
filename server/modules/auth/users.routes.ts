// Account administration for administrators (the admin page), every rule in user-admin.ts — the
// same functions the npm run user:… commands call:
//   GET   /api/admin/users                              the accounts: role, disabled, locked, last sign-in, sessions
//   POST  /api/admin/users                              add {username, role, displayName?, password?}
//   PATCH /api/admin/users/{username}                   name and role (If-Match)
//   POST  /api/admin/users/{username}/disable | enable  (If-Match)
//   POST  /api/admin/users/{username}/password          {password?}: a new one, or generated (If-Match)
//   POST  /api/admin/users/{username}/revoke-sessions   end every session
//   POST  /api/admin/users/{username}/unlock            forget the failed sign-ins
// Each change names its audit action (server/modules/audit/) and answers the account as it is now.
// A missing password is generated and sent once in `generatedPassword`; it is never logged.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  CreateUserBody,
  PasswordBody,
  UpdateUserBody,
  UserActionResult,
  UserList,
} from '../../contract/admin.schemas.ts';
import { versionFromIfMatch } from '../records/records.routes.ts';
import { requireRole } from './guard.ts';
import {
  addUser,
  endUserSessions,
  listUsers,
  resetPassword,
  setUserDisabled,
  unlockUser,
  updateUser,
} from './user-admin.ts';

const UsernameParams = Type.Object({
  username: Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]{1,39}$', description: 'the account name' }),
});
const NoBody = Type.Object({}, { additionalProperties: false });
const tags = ['admin'];
const admin = requireRole('admin');
const actorOf = (request: FastifyRequest) => ({ username: request.user!.username });

export const userAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('Cache-Control', 'no-store'); // answers may carry a generated password
    return payload;
  });

  app.get(
    '/admin/users',
    {
      onRequest: admin,
      schema: { summary: 'Every account, for administrators', tags, response: { 200: UserList } },
    },
    async () => ({ users: await listUsers(app.db) }),
  );

  app.post(
    '/admin/users',
    {
      onRequest: admin,
      config: { audit: 'user.create' },
      schema: {
        summary: 'Add an account (a password is generated when none is given)',
        tags,
        body: CreateUserBody,
        response: { 201: UserActionResult },
      },
    },
    async (request, reply) => {
      const result = await addUser(app.db, request.body);
      reply.status(201).header('Location', `/api/admin/users/${result.user.username}`);
      return result;
    },
  );

  app.patch(
    '/admin/users/:username',
    {
      onRequest: admin,
      config: { audit: 'user.update' },
      schema: {
        summary: 'Change an account’s name or role (If-Match: its version)',
        tags,
        params: UsernameParams,
        body: UpdateUserBody,
        response: { 200: UserActionResult },
      },
    },
    async (request) =>
      updateUser(
        app.db,
        actorOf(request),
        request.params.username,
        request.body,
        versionFromIfMatch(request),
      ),
  );

  for (const [path, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const)
    app.post(
      `/admin/users/:username/${path}`,
      {
        onRequest: admin,
        config: { audit: disabled ? 'user.disable' : 'user.enable' },
        schema: {
          summary: disabled
            ? 'Disable an account: it cannot sign in and its sessions end (If-Match)'
            : 'Enable an account again (If-Match)',
          tags,
          params: UsernameParams,
          body: NoBody,
          response: { 200: UserActionResult },
        },
      },
      async (request) =>
        setUserDisabled(
          app.db,
          actorOf(request),
          request.params.username,
          disabled,
          versionFromIfMatch(request),
        ),
    );

  app.post(
    '/admin/users/:username/password',
    {
      onRequest: admin,
      config: { audit: 'user.password_reset' },
      schema: {
        summary: 'Set a new password (or have one generated); every session of the account ends (If-Match)',
        tags,
        params: UsernameParams,
        body: PasswordBody,
        response: { 200: UserActionResult },
      },
    },
    async (request) =>
      resetPassword(app.db, request.params.username, request.body.password, versionFromIfMatch(request)),
  );

  app.post(
    '/admin/users/:username/revoke-sessions',
    {
      onRequest: admin,
      config: { audit: 'user.sessions_revoke' },
      schema: {
        summary: 'End every session of an account (the password stays)',
        tags,
        params: UsernameParams,
        body: NoBody,
        response: { 200: UserActionResult },
      },
    },
    async (request) => endUserSessions(app.db, request.params.username),
  );

  app.post(
    '/admin/users/:username/unlock',
    {
      onRequest: admin,
      config: { audit: 'user.unlock' },
      schema: {
        summary: 'Forget the failed sign-ins that locked an account',
        tags,
        params: UsernameParams,
        body: NoBody,
        response: { 200: UserActionResult },
      },
    },
    async (request) => unlockUser(app.db, request.params.username),
  );
};
