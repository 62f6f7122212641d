/** A site as voucher-matching knows it: its name, to say where a voucher was first used. */
export interface SiteName {
  siteId: string;
  institutionNumber: string;
  name: string;
  registeredAt: string;
}

/**
 * The read model of site names, fed by site.registered: the only code touching voucher-matching's
 * `site_names` collection. A redelivered or older registration never replaces a newer one.
 */
export interface SiteNameRepository {
  record(site: SiteName): Promise<void>;
  /** The site's name, or null when its registration has not arrived (the use then names the site by id). */
  nameOf(siteId: string): Promise<string | null>;
}
