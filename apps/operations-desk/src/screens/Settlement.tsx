import { useCallback, useEffect, useState } from 'react';
import { Banner, Button, ChoiceGroup, Panel, ScreenHeading, Stack, TextField } from '@hcv/ui';
import { useDesk } from '../desk-context';
import { errorText } from '../errors';
import { useI18n } from '../i18n';

interface QueueItem {
  sessionId: string;
  outcome: 'needs-manual-check' | 'member-mismatch';
  decidedAt: string;
  siteName?: string;
  siteId?: string;
  checkupDate?: string;
  voucher?: { insurerNumber: string; voucherNumber: string };
}

/** The manual-settlement queue of voucher-matching, newest first, settled one by one. */
export function SettlementScreen() {
  const { api } = useDesk();
  const { t } = useI18n();
  const [items, setItems] = useState<QueueItem[] | null>(null);
  const [cursor, setCursor] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(
    (after?: string) =>
      api
        .get<{ items: QueueItem[]; nextCursor?: string }>(
          'voucherMatching',
          `/decisions?state=needs-settlement${after ? `&cursor=${encodeURIComponent(after)}` : ''}`,
        )
        .then((r) => {
          setItems((list) => (after ? [...(list ?? []), ...r.items] : r.items));
          setCursor(r.nextCursor);
        })
        .catch(setError),
    [api],
  );
  useEffect(() => void load(), [load]);
  return (
    <Stack>
      <ScreenHeading>{t('settlement.title')}</ScreenHeading>
      {error ? <Banner kind="error">{errorText(t, error)}</Banner> : null}
      {done ? <Banner kind="success">{t('settlement.done', { sessionId: done })}</Banner> : null}
      {items === null ? error ? null : <p role="status">{t('app.loading')}</p> : items.length === 0 ? <p>{t('settlement.empty')}</p> : null}
      {items?.map((item) => (
        <SettleCard
          key={item.sessionId}
          item={item}
          onSettled={() => {
            setDone(item.sessionId);
            setItems((list) => list?.filter((i) => i.sessionId !== item.sessionId) ?? null);
          }}
        />
      ))}
      {cursor ? (
        <Button variant="secondary" onClick={() => void load(cursor)}>
          {t('settlement.more')}
        </Button>
      ) : null}
    </Stack>
  );
}

function SettleCard({ item, onSettled }: { item: QueueItem; onSettled(): void }) {
  const { api } = useDesk();
  const { t, dateTime } = useI18n();
  const [kind, setKind] = useState<'insurer-confirmed' | 'same-person'>('insurer-confirmed');
  const [contact, setContact] = useState('');
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const body =
        kind === 'insurer-confirmed'
          ? { kind, insurerContact: contact.trim(), ...(reference.trim() ? { reference: reference.trim() } : {}) }
          : { kind, reason: reason.trim() };
      await api.post('voucherMatching', `/decisions/${encodeURIComponent(item.sessionId)}/settlement`, body);
      onSettled();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-session={item.sessionId}>
      <Panel title={`${item.outcome} — ${item.siteName ?? item.siteId ?? ''} ${dateTime(item.decidedAt)}`}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack gap="s">
            <p>
              {item.sessionId}
              {item.voucher ? ` — ${item.voucher.insurerNumber} / ${item.voucher.voucherNumber}` : ''}
            </p>
            <ChoiceGroup
              legend={t('settlement.kind')}
              value={kind}
              onChange={setKind}
              options={(['insurer-confirmed', 'same-person'] as const).map((k) => ({ value: k, label: t(`settlement.kind.${k}`) }))}
            />
            {kind === 'insurer-confirmed' ? (
              <>
                <TextField
                  label={t('settlement.contact')}
                  required
                  maxLength={100}
                  value={contact}
                  onChange={(e) => setContact(e.target.value)}
                />
                <TextField
                  label={t('settlement.reference')}
                  maxLength={100}
                  value={reference}
                  onChange={(e) => setReference(e.target.value)}
                />
              </>
            ) : (
              <TextField
                label={t('settlement.reason')}
                required
                maxLength={300}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
            {error ? <Banner kind="error">{errorText(t, error)}</Banner> : null}
            <Button type="submit" busy={busy}>
              {t('settlement.settle')}
            </Button>
          </Stack>
        </form>
      </Panel>
    </div>
  );
}
