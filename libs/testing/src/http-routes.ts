import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ServiceName } from '@hcv/contracts';
import { accessRuleOf } from '@hcv/platform-access';

/** One HTTP route of a service, as its controller declares it (path with `:params`). */
export interface DiscoveredRoute {
  service: ServiceName;
  method: string;
  path: string;
  access: ReturnType<typeof accessRuleOf>;
}

const METHOD_NAMES: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.DELETE]: 'DELETE',
  [RequestMethod.PATCH]: 'PATCH',
};

/**
 * Every route of a service's module (and the modules it imports), read from the controllers'
 * metadata, so that tests over "every route" (RBAC, fuzzing) cover a route added later too.
 */
export function discoverRoutes(service: ServiceName, module: DynamicModule): DiscoveredRoute[] {
  const reflector = new Reflector();
  const routes: DiscoveredRoute[] = [];
  const controllers = (m: DynamicModule): Type[] => [
    ...((m.controllers ?? []) as Type[]),
    ...((m.imports ?? []) as DynamicModule[]).filter((i) => i && typeof i === 'object' && 'module' in i).flatMap(controllers),
  ];
  for (const controller of controllers(module)) {
    const base = String(Reflect.getMetadata('path', controller) ?? '').replace(/^\/|\/$/g, '');
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = controller.prototype[name] as object;
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const sub = Reflect.getMetadata('path', handler) as string | undefined;
      const method = Reflect.getMetadata('method', handler) as RequestMethod | undefined;
      if (sub === undefined || method === undefined) continue;
      const path = ['', base, String(sub).replace(/^\/|\/$/g, '')].filter((p, i) => i === 0 || p).join('/') || '/';
      routes.push({ service, method: METHOD_NAMES[method] ?? String(method), path, access: accessRuleOf(reflector, handler, controller) });
    }
  }
  return routes;
}
