import { Steps } from '@hcv/ui';
import { useI18n } from '../i18n';

/** Where the visit is: 目的 → 本人・資格 → 受診券 → 照合 → 結果. */
export function VisitSteps({ current }: { current: number }) {
  const { t } = useI18n();
  return (
    <Steps
      label={t('steps.label')}
      current={current}
      steps={[t('steps.purpose'), t('steps.identity'), t('steps.voucher'), t('steps.waiting'), t('steps.result')]}
    />
  );
}
