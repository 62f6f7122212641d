/** Nest HTTP glue shared by the services: the app factory, error mapping, security headers, request parsing, OpenAPI, CSV responses. */
export { parseRequest, InvalidRequestError, fieldProblems } from './parse-request';
export { errorLanguage, localisedMessage, sendError, type ErrorLanguage, type ErrorBody, type FieldProblem } from './error-language';
export { HttpErrorFilter, allowedMethods } from './http-error.filter';
export { createHttpApp } from './http-app';
export { openApiDocument, errorsOf, errorBodySchema, PLATFORM_ROUTES, type RouteDoc, type RouteAccess } from './openapi';
export { ApiDocsModule, ApiDocsController, OpenApiController, OPENAPI_DOCUMENT } from './openapi.controller';
export { csvCell, csvText, UTF8_BOM, type CsvValue } from './csv';
export { CONTENT_SECURITY_POLICY, nonUtf8Charset, ROUTE_CORS, type HttpSecurityOptions, type RouteCorsRule } from './http-security';
export {
  defaultWebAppDir,
  isAssetName,
  isPageName,
  sendWebAppPage,
  WebAppFiles,
  webAppContentSecurityPolicy,
  type WebAppNotBuilt,
} from './web-app-files';
