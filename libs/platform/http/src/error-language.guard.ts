import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { accessRuleOf } from '@hcv/platform-access';
import { setDefaultErrorLanguage } from './error-language';

/**
 * Installed before the access guard: notes the language a route's errors default to when the
 * caller sends no Accept-Language — English on staff routes, Japanese on device routes and on the
 * public routes the reception app calls (activation, its settings). It never refuses.
 */
@Injectable()
export class ErrorLanguageGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const access = accessRuleOf(this.reflector, context.getHandler(), context.getClass());
    setDefaultErrorLanguage(context.switchToHttp().getRequest<Request>(), !access || access.kind === 'staff' ? 'en' : 'ja');
    return true;
  }
}
