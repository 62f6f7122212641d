import {
  applyDecorators,
  createParamDecorator,
  Injectable,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { StaffClaims, StaffRole } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import type { StaffTokens } from './oidc-staff-token';
import { DeviceAuthGuard } from './device-auth.guard';
import { DeviceOrStaffGuard } from './device-or-staff.guard';

/**
 * Access rules, fail closed: every route declares exactly one of
 *   @Public()              — health probes and the API description;
 *   @DeviceAuthenticated() — signed device requests (HMAC, see DeviceAuthGuard);
 *   @RequireRoles(...)     — staff with a bearer token holding one of the roles;
 *   @DeviceOrRoles(...)    — either: a request with `Authorization` is a staff one (the roles apply),
 *                            any other must be a signed device request (DeviceOrStaffGuard).
 * A route that declares none is refused with 403 `route-not-classified`.
 */
const ACCESS = 'hcv:access';
type Access =
  { kind: 'public' } | { kind: 'device' } | { kind: 'staff'; roles: StaffRole[] } | { kind: 'device-or-staff'; roles: StaffRole[] };

export const Public = () => SetMetadata(ACCESS, { kind: 'public' } satisfies Access);
export const DeviceAuthenticated = () =>
  applyDecorators(SetMetadata(ACCESS, { kind: 'device' } satisfies Access), UseGuards(DeviceAuthGuard));
export const RequireRoles = (...roles: [StaffRole, ...StaffRole[]]) => SetMetadata(ACCESS, { kind: 'staff', roles } satisfies Access);
export const DeviceOrRoles = (...roles: [StaffRole, ...StaffRole[]]) =>
  applyDecorators(SetMetadata(ACCESS, { kind: 'device-or-staff', roles } satisfies Access), UseGuards(DeviceOrStaffGuard));

type StaffRequest = Request & { staff?: StaffClaims };

/** The access rule a route declares (handler first, then its controller); used by the guard and by the RBAC tests. */
export function accessRuleOf(reflector: Reflector, handler: object, controller: object): Access | undefined {
  return reflector.getAllAndOverride<Access | undefined>(ACCESS, [handler as never, controller as never]);
}

const roleList = (roles: readonly string[]) => (roles.length === 1 ? `the role ${roles[0]}` : `one of the roles ${roles.join(', ')}`);

/** Global guard (installed by createHttpApp): verifies staff tokens and roles, lets public and device routes through. */
@Injectable()
export class StaffAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: StaffTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = accessRuleOf(this.reflector, context.getHandler(), context.getClass());
    if (!access) throw new DomainError('route-not-classified', 'This route declares no access rule and is refused.', 403);
    const req = context.switchToHttp().getRequest<StaffRequest>();
    const header = req.headers.authorization;
    // A device-or-staff route without a bearer header is a device's: DeviceOrStaffGuard verifies it.
    if (access.kind !== 'staff' && !(access.kind === 'device-or-staff' && header !== undefined)) return true;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_.-]+)$/i.exec(header.trim()) : null;
    if (!match) throw new DomainError('staff-auth-missing', `This route needs a staff bearer token with ${roleList(access.roles)}.`, 401);
    const claims = await this.verifier.verify(match[1]!);
    if (!claims.roles.some((r) => access.roles.includes(r))) {
      throw new DomainError('role-required', `This route needs ${roleList(access.roles)}; the token has ${claims.roles.join(', ')}.`, 403);
    }
    req.staff = claims;
    return true;
  }
}

/** The verified staff member of the request (routes with @RequireRoles). */
export const Staff = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffClaims => {
  const staff = ctx.switchToHttp().getRequest<StaffRequest>().staff;
  if (!staff) throw new Error('@Staff() used on a route without @RequireRoles');
  return staff;
});

/** Site managers see their own sites only; every other role that reached the route sees all. */
export function canSeeSite(staff: StaffClaims, siteId: string): boolean {
  if (staff.roles.some((r) => r !== 'site-manager')) return true;
  return staff.sites?.includes(siteId) ?? false;
}

export function assertSiteAccess(staff: StaffClaims, siteId: string): void {
  if (!canSeeSite(staff, siteId)) throw new DomainError('site-not-permitted', `Site ${siteId} is not one of your sites.`, 403);
}

/** Insurance numbers are shown in clear to auditors only. */
export const seesInsuranceNumbers = (staff: StaffClaims) => staff.roles.includes('auditor');
