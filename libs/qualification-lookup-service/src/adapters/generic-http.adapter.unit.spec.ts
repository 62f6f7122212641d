import { mapUpstreamAnswerV2, type UpstreamAnswer, type UpstreamMatch } from './generic-http.adapter';

/** 資格有効性 as the HTTP adapter maps it (the transport itself: generic-http.adapter.int.spec.ts). */
const match: UpstreamMatch = {
  insurerNumber: '01130012',
  insurerName: '全国健康保険協会',
  insuredCardSymbol: '1234',
  insuredIdentificationNumber: '0012345',
  insuredBranchNumber: '00',
  personalFamilyClassification: '1',
  name: '佐藤　太郎',
  nameKana: 'ｻﾄｳ ﾀﾛｳ',
  sex1: '1',
  birthdate: '19700501',
  qualificationDate: '20100401',
  disqualificationDate: '20261001',
};
const answer = (qualificationValidity: UpstreamAnswer['qualificationValidity']): UpstreamAnswer => ({
  processingResult: { status: '1' },
  qualificationValidity,
  results: [match],
});

describe('mapUpstreamAnswerV2', () => {
  it('tells 資格有効性 3 (a newer qualification exists) apart as changed-insurer', () => {
    expect(mapUpstreamAnswerV2(answer('3'))).toMatchObject({ status: 'changed-insurer', lostOn: '2026-10-01' });
  });

  it('keeps 2 as lost and the other answers as the v1 mapping reads them', () => {
    expect(mapUpstreamAnswerV2(answer('2'))).toMatchObject({ status: 'lost', lostOn: '2026-10-01' });
    expect(mapUpstreamAnswerV2(answer('4'))).toEqual({ status: 'not-found' });
    expect(mapUpstreamAnswerV2({ processingResult: { status: '3', errorCode: 'E9001' } })).toMatchObject({ status: 'unavailable' });
  });
});
