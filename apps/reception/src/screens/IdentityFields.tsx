import type { AlternativeMethodV2, QualificationValidity } from '@hcv/contracts';
import { SelectField, TextField } from '@hcv/ui';
import { useI18n } from '../i18n';
import {
  showsQualification,
  type AlternativeDraft,
  type Problems,
  type ReportedDraft,
  type ReportedField,
  type AlternativeField,
} from '../visit/identity-form';
import { fieldKey } from './fieldText';

const VALIDITIES: QualificationValidity[] = ['valid', 'invalid', 'invalid-newer-exists', 'no-match', 'multiple'];

/** 資格確認限定型: the fields of the national app's result screen, in its order, as the staff copy them. */
export function ReportedFields({
  draft,
  problems,
  onChange,
}: {
  draft: ReportedDraft;
  problems: Problems<ReportedField>;
  onChange(patch: Partial<ReportedDraft>): void;
}) {
  const { t } = useI18n();
  const err = (f: ReportedField) => (problems[f] ? t(fieldKey(problems[f]!)) : undefined);
  const text = (
    f: ReportedField,
    label: Parameters<typeof t>[0],
    extra: { inputMode?: 'numeric'; autoComplete?: string; required?: boolean; hint?: string } = {},
  ) => (
    <TextField
      label={t(label)}
      name={`reported-${f}`}
      value={draft[f]}
      error={err(f)}
      onChange={(e) => onChange({ [f]: e.target.value })}
      autoComplete={extra.autoComplete ?? 'off'}
      inputMode={extra.inputMode}
      required={extra.required}
      hint={extra.hint}
    />
  );
  const shown = showsQualification(draft.validity);
  return (
    <fieldset className="hcv-choices">
      <legend className="hcv-choices__legend">{t('identity.national')}</legend>
      <SelectField
        label={t('identity.validity')}
        name="reported-validity"
        value={draft.validity}
        onChange={(validity) => onChange({ validity })}
        options={VALIDITIES.map((v) => ({ value: v, label: t(`validity.${v}`) }))}
      />
      {shown ? (
        <div className="hcv-grid-2">
          {text('insurerNumber', 'identity.insurerNumber', { inputMode: 'numeric', required: true, hint: t('voucher.insurerNumber.hint') })}
          {text('insurerName', 'identity.insurerName', { required: true })}
          {text('symbol', 'identity.symbol')}
          {text('number', 'identity.number', { required: true })}
          {text('branch', 'identity.branch', { inputMode: 'numeric', required: true })}
          {text('name', 'identity.name', { required: true })}
          {text('nameKana', 'identity.nameKana', { required: true })}
          {text('birthDate', 'identity.birthDate', { required: true, hint: t('voucher.date.hint') })}
          <SelectField
            label={t('identity.sex')}
            name="reported-sex"
            required
            error={err('sex')}
            value={draft.sex}
            onChange={(sex) => onChange({ sex })}
            options={[
              { value: '', label: t('common.notPrinted') },
              { value: 'male', label: t('sex.male') },
              { value: 'female', label: t('sex.female') },
              { value: 'unset', label: t('sex.unset') },
            ]}
          />
          <SelectField
            label={t('identity.relationship')}
            name="reported-relationship"
            required
            error={err('relationship')}
            value={draft.relationship}
            onChange={(relationship) => onChange({ relationship })}
            options={[
              { value: '', label: t('common.notPrinted') },
              { value: 'insured', label: t('relationship.insured') },
              { value: 'dependent', label: t('relationship.dependent') },
            ]}
          />
          {text('acquiredOn', 'identity.acquiredOn', { hint: t('identity.acquiredOn.hint') })}
          {text('validFrom', 'identity.validFrom', { hint: t('voucher.date.hint') })}
          {text('validUntil', 'identity.validUntil', { hint: t('voucher.date.hint') })}
        </div>
      ) : null}
    </fieldset>
  );
}

/** An alternative document, transcribed: its kind (those valid on the checkup date) and the eligibility it shows. */
export function AlternativeFields({
  draft,
  problems,
  methods,
  onChange,
}: {
  draft: AlternativeDraft;
  problems: Problems<AlternativeField>;
  methods: readonly AlternativeMethodV2[];
  onChange(patch: Partial<AlternativeDraft>): void;
}) {
  const { t } = useI18n();
  const err = (f: AlternativeField) => (problems[f] ? t(fieldKey(problems[f]!)) : undefined);
  const text = (
    f: Exclude<AlternativeField, 'method'>,
    label: Parameters<typeof t>[0],
    extra: { inputMode?: 'numeric'; required?: boolean; hint?: string } = {},
  ) => (
    <TextField
      label={t(label)}
      name={`alternative-${f}`}
      value={draft[f]}
      error={err(f)}
      onChange={(e) => onChange({ [f]: e.target.value })}
      autoComplete="off"
      inputMode={extra.inputMode}
      required={extra.required}
      hint={extra.hint}
    />
  );
  return (
    <>
      <SelectField
        label={t('identity.alternative.method')}
        name="alternative-method"
        required
        error={err('method')}
        value={draft.method}
        onChange={(method) => onChange({ method })}
        options={[{ value: '' as const, label: '—' }, ...methods.map((m) => ({ value: m, label: t(`method.${m}`) }))]}
      />
      <div className="hcv-grid-2">
        {text('insurerNumber', 'identity.insurerNumber', { inputMode: 'numeric', required: true, hint: t('voucher.insurerNumber.hint') })}
        {text('symbol', 'identity.symbol')}
        {text('number', 'identity.number', { required: true })}
        {text('branch', 'identity.branch', { inputMode: 'numeric' })}
        {text('name', 'identity.name', { required: true })}
        {text('birthDate', 'identity.birthDate', { required: true, hint: t('voucher.date.hint') })}
        {draft.method === 'eligibility-certificate'
          ? text('validUntil', 'identity.alternative.validUntil', { hint: t('voucher.date.hint') })
          : null}
      </div>
    </>
  );
}
