import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from './staff-access';

export const OPENAPI_DOCUMENT = Symbol('OpenApiDocument');

/** GET /openapi.json — the service's API, generated from its zod contracts and error catalogue. */
@Controller()
export class OpenApiController {
  constructor(@Inject(OPENAPI_DOCUMENT) private readonly document: object) {}

  @Get('openapi.json')
  @Public()
  openapi() {
    return this.document;
  }
}
