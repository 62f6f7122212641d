import type { RegisterSiteRequest } from '@hcv/contracts';
import { registerSite, type Site } from '../domain/site.decide';
import type { InstitutionStore } from '../persistence/institution.store';
import type { InsurerStore } from '../persistence/insurer.store';
import type { SiteStore } from '../persistence/site.store';
import { findOperator } from '../register-device/register-device.handler';

/** An operator registers a fixed facility or a checkup bus of an active institution (or insurer). */
export class RegisterSiteHandler {
  constructor(
    private readonly sites: SiteStore,
    private readonly institutions: InstitutionStore,
    private readonly insurers: InsurerStore,
    private readonly clock: () => Date,
  ) {}

  async execute(command: RegisterSiteRequest, correlationId: string): Promise<Site> {
    const decision = registerSite(command, await findOperator(command, this.institutions, this.insurers), this.clock());
    await this.sites.create(decision, { context: { correlationId } });
    return decision.state;
  }
}
