// Knows every route the app registered, so that a request Fastify could not route can be told
// apart: a known path with another method is 405 badMethod (with Allow), anything else 404.

import type { FastifyInstance } from 'fastify';
import Router from 'find-my-way';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export class RouteMirror {
  private readonly router = Router({ ignoreTrailingSlash: true });

  /** Mirrors routes as they are added; call before the app registers its controllers. */
  attach(instance: FastifyInstance): void {
    instance.addHook('onRoute', (route) => {
      for (const method of ([] as string[]).concat(route.method)) {
        if ((METHODS as readonly string[]).includes(method) && !this.router.hasRoute(method as never, route.url)) {
          this.router.on(method as never, route.url, () => undefined);
        }
      }
    });
  }

  /** The methods a path accepts (empty when no route has this path). */
  allowedMethods(path: string): string[] {
    const clean = path.split('?')[0];
    return METHODS.filter((m) => this.router.find(m as never, clean) !== null);
  }
}
