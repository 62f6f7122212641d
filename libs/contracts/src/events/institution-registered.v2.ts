import { z } from 'zod';
import { defineEvent } from '../envelope';
import { InstitutionNumber } from '../common';
import { InstitutionListing } from '../institution-listing';

/**
 * A checkup/guidance institution registered by its 健診・保健指導機関番号, with what the 実施機関一覧表
 * shows of it: address, phone, what it offers, days and hours, and whether it has a 既存型 資格確認端末.
 * v2: checkup institutions only (insurers running checkups themselves have insurer.introduced) and
 * the listing details; v1 carried number, kind and name. Key: the institution number.
 */
export const InstitutionRegisteredV2 = defineEvent({
  type: 'institution.registered',
  version: 2,
  partitions: 3,
  data: () =>
    InstitutionListing.extend({
      institutionNumber: InstitutionNumber,
      name: z.string().min(1).max(100),
      registeredAt: z.iso.datetime({ offset: true }),
      registeredBy: z.string().min(1).max(64),
    }),
});
