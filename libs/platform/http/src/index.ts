/** Nest HTTP glue shared by the services: the app factory, error mapping, security headers, request parsing, OpenAPI, CSV responses. */
export { parseRequest } from './parse-request';
export { HttpErrorFilter, allowedMethods } from './http-error.filter';
export { createHttpApp } from './http-app';
export { openApiDocument, errorsOf, errorBodySchema, PLATFORM_ROUTES, type RouteDoc, type RouteAccess } from './openapi';
export { ApiDocsModule, ApiDocsController, OpenApiController, OPENAPI_DOCUMENT } from './openapi.controller';
export { csvCell, csvText, UTF8_BOM, type CsvValue } from './csv';
export { CONTENT_SECURITY_POLICY, nonUtf8Charset, type HttpSecurityOptions } from './http-security';
