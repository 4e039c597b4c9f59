// Staff accounts for admins (issue 15): list operators and admins, invite one (a set-password link
// goes to the invitee's mail, never back to the caller), change a role, disable or re-enable. Each
// change is recorded in the audit trail with what changed.
import {
  InviteStaffRequestSchema,
  StaffUserListSchema,
  StaffUserSchema,
  UpdateStaffRequestSchema,
} from '../../contracts/operations.js';
import { IdParamsSchema } from '../../contracts/contracts.js';
import type { StaffService } from '../../marketplace/accounts/staff-service.js';
import type { HttpAudit } from '../http-audit.js';
import type { RequestAuth } from '../request-auth.js';
import { bearer, defined, errors, type RouteScope } from '../route-kit.js';

export interface StaffRouteDeps {
  auth: RequestAuth;
  audit: HttpAudit;
  staff: StaffService;
}

export function registerStaffUserRoutes(app: RouteScope, deps: StaffRouteDeps): void {
  const tags = ['staff'];
  app.get(
    '/admin/users',
    {
      schema: {
        tags,
        summary: 'Every operator and admin, admins first (admins)',
        security: bearer,
        response: { 200: StaffUserListSchema, ...errors(401, 403) },
      },
    },
    async () => ({ items: await deps.staff.list() }),
  );

  app.post(
    '/admin/users',
    {
      bodyLimit: 16 * 1024,
      schema: {
        tags,
        summary:
          'Invite an operator or admin: the account is created and a one-time set-password link (7 days) is mailed to them (admins)',
        security: bearer,
        body: InviteStaffRequestSchema,
        response: { 201: StaffUserSchema, ...errors(401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { email, role, name } = request.body;
      const { user } = await deps.staff.create({ email, role, ...(name ? { name } : {}) });
      await deps.audit.record(request, {
        action: 'staff.user.invite',
        resource: `user:${user.id}`,
        result: 'success',
        details: { role: user.role },
      });
      return reply.code(201).send({ ...user, disabled: false });
    },
  );

  app.patch(
    '/admin/users/:id',
    {
      bodyLimit: 16 * 1024,
      schema: {
        tags,
        summary:
          'Change a staff user’s role or disable / re-enable the account; disabling ends every session at once (admins, not on their own account)',
        security: bearer,
        params: IdParamsSchema,
        body: UpdateStaffRequestSchema,
        response: { 200: StaffUserSchema, ...errors(401, 403, 404, 412) },
      },
    },
    async (request) => {
      const admin = deps.auth.role(request, ['admin']);
      const user = await deps.staff.update(request.params.id, defined(request.body), admin.userId);
      await deps.audit.record(request, {
        action: 'staff.user.update',
        resource: `user:${user.id}`,
        result: 'success',
        details: {
          ...(request.body.role ? { role: request.body.role } : {}),
          ...(request.body.disabled === undefined ? {} : { disabled: request.body.disabled }),
        },
      });
      return user;
    },
  );
}
