import { Body, Controller, Param, Put } from '@nestjs/common';
import { SetItineraryRequest } from '@hcv/contracts';
import { RequireRoles } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { SetItineraryHandler } from './set-itinerary.handler';

@Controller()
export class SetItineraryHttpController {
  constructor(private readonly handler: SetItineraryHandler) {}

  @RequireRoles('operator')
  @Put('sites/:siteId/itinerary')
  async setItinerary(@Param('siteId') siteId: string, @Body() body: unknown) {
    return this.handler.execute(siteId, parseRequest(SetItineraryRequest, body).itinerary);
  }
}
