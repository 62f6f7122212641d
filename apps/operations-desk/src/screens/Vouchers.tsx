import { useEffect, useRef, useState } from 'react';
import { Banner, Button, Field, Panel, Progress, ScreenHeading, Stack, TextField } from '@hcv/ui';
import { allowed, useDesk } from '../desk-context';
import { useI18n } from '../i18n';
import { rejectedRowsCsv } from '../api';
import { errorText } from '../errors';

interface ImportJob {
  importId: string;
  state: 'running' | 'completed' | 'failed';
  total: number;
  processed: number;
  imported: number;
  reissued: number;
  unchanged: number;
  rejectedCount: number;
  rejected: { line: number; field: string; code: string; reason: string }[];
  error?: string;
}

/** Voucher file import with its progress and error report; undo a use with a reason. */
export function VouchersScreen() {
  const { roles } = useDesk();
  const { t } = useI18n();
  return (
    <Stack>
      <ScreenHeading>{t('vouchers.title')}</ScreenHeading>
      {allowed(roles, 'importVouchers') ? <ImportPanel /> : null}
      {allowed(roles, 'undoVoucherUse') ? <UndoPanel /> : null}
    </Stack>
  );
}

function ImportPanel() {
  const { api } = useDesk();
  const { t } = useI18n();
  const file = useRef<HTMLInputElement>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // While a job runs, its own small progress record is read (the job lives in voucher-matching; it has no stream).
  useEffect(() => {
    if (!job || job.state !== 'running') return;
    const timer = setTimeout(() => {
      api
        .get<ImportJob>('voucherMatching', `/vouchers/imports/${encodeURIComponent(job.importId)}`)
        .then(setJob)
        .catch((e: Error) => setError(e.message));
    }, 300);
    return () => clearTimeout(timer);
  }, [api, job]);

  const start = async () => {
    const chosen = file.current?.files?.[0];
    if (!chosen) return;
    setBusy(true);
    setError(null);
    setJob(null);
    try {
      const contentType = chosen.type && chosen.type !== 'application/vnd.ms-excel' ? chosen.type : 'text/csv';
      setJob(await api.request<ImportJob>('voucherMatching', '/vouchers/import/csv', { method: 'POST', raw: chosen, contentType }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const download = () => {
    if (!job) return;
    const url = URL.createObjectURL(new Blob([rejectedRowsCsv(job.rejected)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `voucher-import-${job.importId}-errors.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <Panel title={t('vouchers.import')}>
      <Stack gap="s">
        <Field label={t('vouchers.file')} hint={t('vouchers.file.hint')}>
          {(control) => (
            <input {...control} ref={file} type="file" accept=".csv,text/csv" className="hcv-input" data-testid="voucher-file" />
          )}
        </Field>
        <Button busy={busy || job?.state === 'running'} onClick={() => void start()}>
          {t('vouchers.start')}
        </Button>
        {error ? <Banner kind="error">{t('vouchers.failed', { reason: error })}</Banner> : null}
        {job ? (
          <div data-testid="import-progress" data-state={job.state}>
            <Progress
              label={t('vouchers.progress', { processed: job.processed, total: job.total })}
              value={job.processed}
              max={Math.max(job.total, 1)}
            />
          </div>
        ) : null}
        {job?.state === 'failed' ? <Banner kind="error">{t('vouchers.failed', { reason: job.error ?? '' })}</Banner> : null}
        {job?.state === 'completed' ? (
          <Banner kind={job.rejectedCount ? 'warning' : 'success'}>
            {t('vouchers.completed', {
              imported: job.imported,
              reissued: job.reissued,
              unchanged: job.unchanged,
              rejected: job.rejectedCount,
            })}
          </Banner>
        ) : null}
        {job?.state === 'completed' && job.rejectedCount ? (
          <Button variant="secondary" onClick={download}>
            {t('vouchers.errors')}
          </Button>
        ) : null}
      </Stack>
    </Panel>
  );
}

function UndoPanel() {
  const { api, user } = useDesk();
  const { t } = useI18n();
  const [form, setForm] = useState({ insurerNumber: '', voucherNumber: '', sessionId: '', reason: '' });
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const submit = async () => {
    setBusy(true);
    setMessage(null);
    try {
      await api.post(
        'voucherMatching',
        `/vouchers/${encodeURIComponent(form.insurerNumber.trim())}/${encodeURIComponent(form.voucherNumber.trim())}/undo-use`,
        { sessionId: form.sessionId.trim(), by: user, reason: form.reason.trim() },
      );
      setMessage({ kind: 'success', text: t('vouchers.undo.done', { voucherNumber: form.voucherNumber }) });
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Panel title={t('vouchers.undo')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="s">
          <TextField
            label={t('vouchers.insurerNumber')}
            required
            inputMode="numeric"
            value={form.insurerNumber}
            onChange={set('insurerNumber')}
          />
          <TextField
            label={t('vouchers.voucherNumber')}
            required
            inputMode="numeric"
            value={form.voucherNumber}
            onChange={set('voucherNumber')}
          />
          <TextField label={t('vouchers.sessionId')} required value={form.sessionId} onChange={set('sessionId')} />
          <TextField label={t('vouchers.reason')} required maxLength={300} value={form.reason} onChange={set('reason')} />
          {message ? <Banner kind={message.kind}>{message.text}</Banner> : null}
          <Button type="submit" busy={busy}>
            {t('vouchers.undo.button')}
          </Button>
        </Stack>
      </form>
    </Panel>
  );
}
