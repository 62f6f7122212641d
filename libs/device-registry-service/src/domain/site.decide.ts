import { draft, SiteItineraryPlannedV1, SiteRegisteredV2, type Decision, type RegisterSiteRequest } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import { assertOperatorActive, operatorOf, type FoundOperator, type OperatorRef } from './operator';

export interface ItineraryStop {
  stopId: string;
  name: string;
  date: string;
  from: string;
  to: string;
}

/** A fixed facility, or a checkup bus (巡回健診) with its plate and the day's stops; run by one operator. */
export interface Site extends OperatorRef {
  siteId: string;
  kind: 'facility' | 'bus';
  name: string;
  plate?: string;
  itinerary: ItineraryStop[];
  registeredAt: string;
}

/** A site belongs to a registered, active institution, or to an insurer whose code counts. */
export function registerSite(command: RegisterSiteRequest, found: FoundOperator, at: Date): Decision<Site> {
  assertOperatorActive(command, found, at, 'not-registered');
  const site: Site = {
    siteId: command.siteId,
    ...operatorOf(command),
    kind: command.kind,
    name: command.name,
    ...(command.kind === 'bus' ? { plate: command.plate } : {}),
    itinerary: command.kind === 'bus' ? command.itinerary : [],
    registeredAt: at.toISOString(),
  };
  const { siteId, kind, name, plate, registeredAt } = site;
  return {
    state: site,
    events: [
      draft(SiteRegisteredV2, { siteId, ...operatorOf(site), kind, name, ...(plate ? { plate } : {}), registeredAt }),
      ...(site.itinerary.length ? [itineraryPlanned(site)] : []),
    ],
  };
}

/** The desk alerts on a bus only inside its operating hours: it learns them from this event. */
const itineraryPlanned = (site: Site) =>
  draft(SiteItineraryPlannedV1, {
    siteId: site.siteId,
    itinerary: site.itinerary.map(({ stopId, name, date, from, to }) => ({ stopId, name, date, from, to })),
  });

/** Only a bus has an itinerary (the stops of its days); it is replaced as a whole. */
export function planItinerary(site: Site, itinerary: ItineraryStop[]): Decision<Site> {
  if (site.kind !== 'bus')
    throw new DomainError('not-a-bus', `Site ${site.siteId} is a fixed facility; only buses have an itinerary.`, 422);
  const state = { ...site, itinerary };
  return { state, events: [itineraryPlanned(state)] };
}
