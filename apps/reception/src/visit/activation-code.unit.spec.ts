import { looksLikeActivationCode } from './activation-code';

describe('activation code as typed', () => {
  it('accepts any case, hyphens or spaces, full-width characters', () => {
    for (const typed of ['7k3q-m9tx-2b4r', ' 7K3Q M9TX 2B4R ', '７Ｋ３Ｑ－Ｍ９ＴＸ－２Ｂ４Ｒ', '7K3QM9TX2B4R'])
      expect(looksLikeActivationCode(typed)).toBe(true);
  });

  it('refuses what cannot be 12 letters or digits', () => {
    for (const typed of ['7K3Q-M9TX', '7K3Q-M9TX-2B4R-1', '7K3Q_M9TX_2B4R', '']) expect(looksLikeActivationCode(typed)).toBe(false);
  });
});
