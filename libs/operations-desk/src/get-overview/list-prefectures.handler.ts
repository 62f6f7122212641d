import type { StaffClaims } from '@hcv/contracts';
import { canSeeSite } from '@hcv/platform-access';
import { prefectureStates } from '../domain/desk-view';
import { sitesOf } from '../domain/operations-view';
import type { DeskIndex } from '../refresh-desk/desk-index';

/** The 47 prefectures (JIS order) with the worst state of their sites, from the precomputed picture. */
export class ListPrefecturesHandler {
  constructor(private readonly index: Pick<DeskIndex, 'current'>) {}

  async handle(staff: StaffClaims) {
    const snapshot = await this.index.current();
    const prefectures = sitesOf(staff) ? prefectureStates(snapshot.items.filter((i) => canSeeSite(staff, i.siteId))) : snapshot.prefectures;
    return { at: snapshot.at, prefectures };
  }
}
