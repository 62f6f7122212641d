import { draft, SiteRegisteredV1, type Decision, type RegisterSiteRequest } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import type { Institution } from './institution.decide';

export interface ItineraryStop {
  stopId: string;
  name: string;
  date: string;
  from: string;
  to: string;
}

/** A fixed facility, or a checkup bus (巡回健診) with its plate and the day's stops. */
export interface Site {
  siteId: string;
  institutionNumber: string;
  kind: 'facility' | 'bus';
  name: string;
  plate?: string;
  itinerary: ItineraryStop[];
  registeredAt: string;
}

/** A site belongs to a registered, active institution. */
export function registerSite(command: RegisterSiteRequest, institution: Institution | null, at: Date): Decision<Site> {
  if (!institution)
    throw new DomainError(
      'institution-not-registered',
      `Institution ${command.institutionNumber} is not registered.`,
      422,
      'institutionNumber',
    );
  if (institution.status !== 'active')
    throw new DomainError('institution-withdrawn', `Institution ${command.institutionNumber} was withdrawn.`, 422, 'institutionNumber');
  const site: Site = {
    siteId: command.siteId,
    institutionNumber: command.institutionNumber,
    kind: command.kind,
    name: command.name,
    ...(command.kind === 'bus' ? { plate: command.plate } : {}),
    itinerary: command.kind === 'bus' ? command.itinerary : [],
    registeredAt: at.toISOString(),
  };
  const { siteId, institutionNumber, kind, name, plate, registeredAt } = site;
  return {
    state: site,
    events: [draft(SiteRegisteredV1, { siteId, institutionNumber, kind, name, ...(plate ? { plate } : {}), registeredAt })],
  };
}

/** Only a bus has an itinerary (the stops of its days); it is replaced as a whole, no event. */
export function planItinerary(site: Site, itinerary: ItineraryStop[]): Decision<Site> {
  if (site.kind !== 'bus')
    throw new DomainError('not-a-bus', `Site ${site.siteId} is a fixed facility; only buses have an itinerary.`, 422);
  return { state: { ...site, itinerary }, events: [] };
}
