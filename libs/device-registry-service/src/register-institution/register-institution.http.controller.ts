import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RegisterInstitutionRequest, type RegisterInstitutionResponse } from '@hcv/contracts';
import { institutionNumberWarnings } from '@hcv/domain';
import { RequireRoles } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { RegisterInstitutionHandler } from './register-institution.handler';

@Controller()
export class RegisterInstitutionHttpController {
  constructor(private readonly handler: RegisterInstitutionHandler) {}

  @RequireRoles('operator')
  @Post('institutions')
  @HttpCode(201)
  async registerInstitution(@Body() body: unknown, @Headers('x-correlation-id') c?: string): Promise<RegisterInstitutionResponse> {
    const institution = await this.handler.execute(parseRequest(RegisterInstitutionRequest, body), correlationIdFrom(c) ?? randomUUID());
    const warnings = institutionNumberWarnings(institution.institutionNumber);
    return { ...institution, ...(warnings.length ? { warnings } : {}) };
  }
}
