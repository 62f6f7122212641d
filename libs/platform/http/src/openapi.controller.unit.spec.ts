import { Test } from '@nestjs/testing';
import { ApiDocsModule, OpenApiController } from './openapi.controller';

/**
 * GET /openapi.json builds the document when asked and keeps nothing: a service that is never asked
 * for it never builds it, and one that is asked does not hold it in its heap afterwards.
 */
describe('ApiDocsModule', () => {
  it('builds the document on each request, not when the service starts', async () => {
    let built = 0;
    const document = () => ({ openapi: '3.1.0', info: { title: 'test', version: String(++built) }, paths: {} });
    const module = await Test.createTestingModule({ imports: [ApiDocsModule.register(document)] }).compile();
    await module.init();
    expect(built).toBe(0);
    const controller = module.get(OpenApiController);
    expect(controller.openapi()).toEqual({ openapi: '3.1.0', info: { title: 'test', version: '1' }, paths: {} });
    expect(controller.openapi()).toEqual({ openapi: '3.1.0', info: { title: 'test', version: '2' }, paths: {} });
    expect(built).toBe(2);
    await module.close();
  });
});
