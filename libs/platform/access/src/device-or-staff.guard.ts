import { createParamDecorator, Injectable, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { StaffClaims } from '@hcv/contracts';
import { DeviceAuthGuard } from './device-auth.guard';
import type { DeviceCredentialView } from './device-authenticator';

type CallerRequest = Request & { staff?: StaffClaims; device?: DeviceCredentialView };

/**
 * The route guard of @DeviceOrRoles: a request the global staff guard already let through as staff
 * (it carried a bearer token with an allowed role) passes; any other is authenticated as a signed
 * device request, with every refusal of DeviceAuthGuard.
 */
@Injectable()
export class DeviceOrStaffGuard extends DeviceAuthGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.switchToHttp().getRequest<CallerRequest>().staff) return true;
    return super.canActivate(context);
  }
}

/** Who called a @DeviceOrRoles route: a staff member or a device. */
export type Caller = { staff: StaffClaims } | { device: DeviceCredentialView };

/** The verified caller of a @DeviceOrRoles route. */
export const AuthenticatedCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const req = ctx.switchToHttp().getRequest<CallerRequest>();
  if (req.staff) return { staff: req.staff };
  if (req.device) return { device: req.device };
  throw new Error('AuthenticatedCaller used on a route without @DeviceOrRoles');
});
