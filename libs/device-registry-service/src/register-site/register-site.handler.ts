import type { RegisterSiteRequest } from '@hcv/contracts';
import { registerSite, type Site } from '../domain/site.decide';
import type { InstitutionStore } from '../persistence/institution.store';
import type { SiteStore } from '../persistence/site.store';

/** An operator registers a fixed facility or a checkup bus of an active institution. */
export class RegisterSiteHandler {
  constructor(
    private readonly sites: SiteStore,
    private readonly institutions: InstitutionStore,
    private readonly clock: () => Date,
  ) {}

  async execute(command: RegisterSiteRequest, correlationId: string): Promise<Site> {
    const decision = registerSite(command, await this.institutions.get(command.institutionNumber), this.clock());
    await this.sites.create(decision, { context: { correlationId } });
    return decision.state;
  }
}
