import { Controller, Get, Inject, Module, Param, Res, type DynamicModule } from '@nestjs/common';
import type { Response } from 'express';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DomainError } from '@hcv/domain';
import { DOCS_CONTENT_SECURITY_POLICY } from './http-security';
import { Public } from '@hcv/platform-access';

export const OPENAPI_DOCUMENT = Symbol('OpenApiDocument');

/**
 * GET /openapi.json — the service's API, generated from its zod contracts and error catalogue. Built
 * on each request and not kept: a document of 60–250 KB as JSON holds 0.3–0.8 MB of heap for the
 * life of the process, for a route that tools and people call now and then (50–200 ms to build).
 */
@Controller()
export class OpenApiController {
  constructor(@Inject(OPENAPI_DOCUMENT) private readonly document: () => object) {}

  @Get('openapi.json')
  @Public()
  openapi() {
    return this.document();
  }
}

/**
 * The reference page: Swagger UI from the swagger-ui-dist package, served by the service itself
 * (no CDN). Its start-up script is a file of its own, not inline, so the page runs under the same
 * CSP as the rest of the service plus `data:` images (Swagger UI's icons are data URIs in its CSS).
 */
const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>API reference</title><link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/docs.js"></script></body>
</html>
`;
const START = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });\n`;

let swaggerAssets: Record<string, { type: string; body: string }> | undefined;
/** Read on the first request: a service that never serves its docs page never loads the 1.5 MB bundle. */
function assets() {
  if (!swaggerAssets) {
    const dir = dirname(require.resolve('swagger-ui-dist/package.json'));
    swaggerAssets = {
      'swagger-ui.css': { type: 'text/css; charset=utf-8', body: readFileSync(join(dir, 'swagger-ui.css'), 'utf8') },
      'swagger-ui-bundle.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(join(dir, 'swagger-ui-bundle.js'), 'utf8') },
      'docs.js': { type: 'text/javascript; charset=utf-8', body: START },
    };
  }
  return swaggerAssets;
}

@Controller('docs')
@Public()
export class ApiDocsController {
  @Get()
  page(@Res() res: Response) {
    res.status(200).setHeader('Content-Security-Policy', DOCS_CONTENT_SECURITY_POLICY).type('text/html; charset=utf-8').send(PAGE);
  }

  @Get(':asset')
  asset(@Param('asset') name: string, @Res() res: Response) {
    const file = Object.hasOwn(assets(), name) ? assets()[name] : undefined;
    if (!file) throw new DomainError('route-not-found', `No such file of the reference page: ${name}.`, 404);
    res
      .status(200)
      .setHeader('Content-Security-Policy', DOCS_CONTENT_SECURITY_POLICY)
      .setHeader('cache-control', 'public, max-age=3600')
      .type(file.type)
      .send(file.body);
  }
}

/** /openapi.json and the /docs reference page of a service; its module imports this with its document. */
@Module({})
export class ApiDocsModule {
  static register(document: () => object): DynamicModule {
    return {
      module: ApiDocsModule,
      controllers: [OpenApiController, ApiDocsController],
      providers: [{ provide: OPENAPI_DOCUMENT, useValue: document }],
    };
  }
}
