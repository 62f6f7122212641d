import { changesKeepingOutbox } from './changes-keeping-outbox';
import type { OutboxEntry } from './outbox-entry';

const entry: OutboxEntry = { eventId: 'e1', topic: 't', key: 'k', value: '{}', headers: {}, stagedAt: '2026-12-07T00:00:00.000Z' };

describe('changesKeepingOutbox', () => {
  it('sets what changed or was added, unsets what was dropped, leaves the same values and the id alone, and appends the entries', () => {
    const kept = { a: 1 };
    const stored = { sessionId: 's', version: 1, kept, same: 'x', changed: 'old', dropped: 'gone', undefinedBefore: undefined, outbox: [] };
    const next = { version: 2, kept, same: 'x', changed: 'new', added: true, dropped: undefined, outbox: ['ignored'] };
    expect(changesKeepingOutbox(stored, next, [entry], 'sessionId')).toEqual({
      $set: { version: 2, changed: 'new', added: true },
      $unset: { dropped: '' },
      $push: { outbox: { $each: [entry] } },
    });
  });

  it('writes a value that is equal but not the same object again (harmless), and no $unset or $push when there is none', () => {
    expect(changesKeepingOutbox({ _id: 'x', o: { a: 1 } }, { o: { a: 1 } })).toEqual({ $set: { o: { a: 1 } } });
  });
});
