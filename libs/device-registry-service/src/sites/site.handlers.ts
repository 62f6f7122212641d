import { SiteRegisteredV1, type RegisterSiteRequest } from '@hcv/contracts';
import { DomainError, NotFoundError } from '@hcv/domain-errors';
import type { Outbox } from '@hcv/persistence';
import type { InstitutionRepository } from '../institutions/institution.repository';
import type { ItineraryStop, Site, SiteRepository } from './site.repository';

export class SiteHandlers {
  constructor(
    private readonly sites: SiteRepository,
    private readonly institutions: InstitutionRepository,
    private readonly outbox: Outbox,
    private readonly clock: () => Date,
  ) {}

  async register(command: RegisterSiteRequest, correlationId: string): Promise<Site> {
    const institution = await this.institutions.get(command.institutionNumber);
    if (!institution) throw new DomainError('institution-not-registered', `Institution ${command.institutionNumber} is not registered.`, 422, 'institutionNumber');
    if (institution.status !== 'active') throw new DomainError('institution-withdrawn', `Institution ${command.institutionNumber} was withdrawn.`, 422, 'institutionNumber');
    const site: Site = {
      siteId: command.siteId,
      institutionNumber: command.institutionNumber,
      kind: command.kind,
      name: command.name,
      ...(command.kind === 'bus' ? { plate: command.plate } : {}),
      itinerary: command.kind === 'bus' ? command.itinerary : [],
      registeredAt: this.clock().toISOString(),
    };
    const registered = this.outbox.stage(
      SiteRegisteredV1,
      { siteId: site.siteId, institutionNumber: site.institutionNumber, kind: site.kind, name: site.name, ...(site.plate ? { plate: site.plate } : {}), registeredAt: site.registeredAt },
      { subject: site.siteId, correlationId },
    );
    await this.sites.insert(site, [registered]);
    await this.outbox.dispatch(this.sites.outbox, site.siteId);
    return site;
  }

  async setItinerary(siteId: string, itinerary: ItineraryStop[]): Promise<Site> {
    const site = await this.sites.get(siteId);
    if (!site) throw new NotFoundError('site', siteId);
    if (site.kind !== 'bus') throw new DomainError('not-a-bus', `Site ${siteId} is a fixed facility; only buses have an itinerary.`, 422);
    await this.sites.setItinerary(siteId, itinerary);
    return { ...site, itinerary };
  }
}
