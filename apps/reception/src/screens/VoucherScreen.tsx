import { useState, type FormEvent } from 'react';
import { ContractKind, GuidanceLevel, type PresentedVoucher, type VoucherPart } from '@hcv/contracts';
import { Actions, Banner, Button, Panel, ScreenHeading, SelectField, Stack, TextField } from '@hcv/ui';
import { ErrorBanner } from '../ErrorBanner';
import type { ShownError } from '../errors';
import { useI18n } from '../i18n';
import { notVerifiedOnline } from '../visit/outcome';
import type { VisitAction, VisitState } from '../visit/visit-state';
import { checkVoucher, type CopaymentDraft, type CopaymentKindDraft, type VoucherField } from '../visit/voucher-form';
import { fieldKey } from './fieldText';
import { VisitSteps } from './VisitSteps';

const COPAYMENT_KINDS: CopaymentKindDraft[] = ['', 'none', 'fixed', 'rate', 'upper-limit'];

/**
 * Step 3: the voucher as printed. Each field is checked as it is typed (the insurer number's check
 * digit as soon as its digits are in), so a barcode scanner's input shows its fault at once.
 */
export function VoucherScreen({
  visit,
  dispatch,
  busy,
  error,
  onVoucher,
  onCancel,
}: {
  visit: VisitState;
  dispatch(action: VisitAction): void;
  busy: boolean;
  error?: ShownError;
  onVoucher(voucher: PresentedVoucher): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const [submitted, setSubmitted] = useState(false);
  const draft = visit.voucher;
  const { problems } = checkVoucher(draft, { final: submitted });
  const err = (f: VoucherField) => (problems[f] ? t(fieldKey(problems[f]!)) : undefined);
  const edit = (patch: Partial<typeof draft>) => dispatch({ type: 'edit-voucher', patch });
  const editPart = (part: VoucherPart, patch: Partial<CopaymentDraft>) =>
    edit({ copayments: { ...draft.copayments, [part]: { ...draft.copayments[part]!, ...patch } } });
  const anyUpperLimit = Object.values(draft.copayments).some((c) => c?.kind === 'upper-limit');
  const transcribed = visit.captured || (visit.session ? notVerifiedOnline(visit.session) : false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const { voucher } = checkVoucher(draft, { final: true });
    if (voucher) onVoucher(voucher);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <VisitSteps current={2} />
        <ScreenHeading>{t('voucher.title')}</ScreenHeading>
        <p>{t('voucher.intro')}</p>
        {transcribed ? (
          <div data-banner="not-verified-online">
            <Banner kind="warning">{t('identity.notOnline')}</Banner>
          </div>
        ) : null}
        <ErrorBanner error={error} />
        <div className="hcv-grid-2">
          <TextField
            label={t('voucher.insurerNumber')}
            hint={t('voucher.insurerNumber.hint')}
            name="voucher-insurerNumber"
            inputMode="numeric"
            autoComplete="off"
            required
            value={draft.insurerNumber}
            error={err('insurerNumber')}
            onChange={(e) => edit({ insurerNumber: e.target.value })}
          />
          <TextField
            label={t('voucher.voucherNumber')}
            hint={t('voucher.voucherNumber.hint')}
            name="voucher-voucherNumber"
            inputMode="numeric"
            autoComplete="off"
            required
            value={draft.voucherNumber}
            error={err('voucherNumber')}
            onChange={(e) => edit({ voucherNumber: e.target.value })}
          />
          <TextField
            label={t('voucher.validUntil')}
            hint={t('voucher.date.hint')}
            name="voucher-validUntil"
            autoComplete="off"
            required
            value={draft.validUntil}
            error={err('validUntil')}
            onChange={(e) => edit({ validUntil: e.target.value })}
          />
          {draft.voucherKind === 'guidance' ? (
            <SelectField
              label={t('voucher.guidanceLevel')}
              name="voucher-guidanceLevel"
              required
              value={draft.guidanceLevel}
              error={err('guidanceLevel')}
              onChange={(guidanceLevel) => edit({ guidanceLevel })}
              options={[{ value: '' as const, label: '—' }, ...GuidanceLevel.options.map((l) => ({ value: l, label: t(`level.${l}`) }))]}
            />
          ) : null}
        </div>
        <Panel title={t('voucher.copayments')}>
          <Stack gap="s">
            {problems.copayments ? (
              <p className="hcv-field__error" role="alert">
                {t(fieldKey(problems.copayments))}
              </p>
            ) : null}
            {(Object.entries(draft.copayments) as [VoucherPart, CopaymentDraft][]).map(([part, c]) => (
              <div key={part} className="hcv-grid-2">
                <SelectField
                  label={t('voucher.copayment.kind', { part: t(`part.${part}`) })}
                  name={`copayment-${part}-kind`}
                  value={c.kind}
                  error={c.kind === 'none' || c.kind === 'upper-limit' || c.kind === '' ? err(`copayment.${part}`) : undefined}
                  onChange={(kind) => editPart(part, { kind })}
                  options={COPAYMENT_KINDS.map((k) => ({ value: k, label: k === '' ? t('common.notPrinted') : t(`copayment.${k}`) }))}
                />
                {c.kind === 'fixed' || c.kind === 'rate' ? (
                  <TextField
                    label={t(c.kind === 'fixed' ? 'voucher.copayment.fixed' : 'voucher.copayment.rate', { part: t(`part.${part}`) })}
                    name={`copayment-${part}-value`}
                    inputMode="numeric"
                    autoComplete="off"
                    required
                    value={c.value}
                    error={err(`copayment.${part}`)}
                    onChange={(e) => editPart(part, { value: e.target.value })}
                  />
                ) : null}
              </div>
            ))}
            {anyUpperLimit ? (
              <TextField
                label={t('voucher.insurerUpperLimit')}
                name="voucher-insurerUpperLimit"
                inputMode="numeric"
                autoComplete="off"
                required
                value={draft.insurerUpperLimit}
                error={err('insurerUpperLimit')}
                onChange={(e) => edit({ insurerUpperLimit: e.target.value })}
              />
            ) : null}
          </Stack>
        </Panel>
        <div className="hcv-grid-2">
          <SelectField
            label={t('voucher.coordinator')}
            name="voucher-coordinator"
            value={draft.coordinatorKind}
            onChange={(coordinatorKind) => edit({ coordinatorKind })}
            options={[
              { value: '' as const, label: t('common.notPrinted') },
              ...ContractKind.options.map((k) => ({ value: k, label: t(`contract.${k}`) })),
            ]}
          />
          <TextField
            label={t('voucher.symbol')}
            name="voucher-symbol"
            autoComplete="off"
            value={draft.symbol}
            error={err('symbol')}
            onChange={(e) => edit({ symbol: e.target.value })}
          />
          <TextField
            label={t('voucher.number')}
            name="voucher-number"
            autoComplete="off"
            value={draft.number}
            error={err('number')}
            onChange={(e) => edit({ number: e.target.value })}
          />
        </div>
        <Actions>
          <Button type="submit" busy={busy} block>
            {visit.captured ? t('voucher.queue') : t('voucher.submit')}
          </Button>
          {visit.captured ? (
            <Button variant="secondary" onClick={() => dispatch({ type: 'captured-back' })}>
              {t('common.back')}
            </Button>
          ) : null}
          <Button variant="quiet" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </Actions>
      </Stack>
    </form>
  );
}
