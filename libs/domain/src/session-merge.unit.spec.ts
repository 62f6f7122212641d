import { countsNow, mergeInMemory } from './session-merge';

type Doc = { sessionId: string; place?: string; done?: boolean };
const countable = (d: Doc) => !!d.place && !!d.done;

describe('merging an event into a session document', () => {
  it('reports the document before and after, and tells a repeated event', () => {
    const docs = new Map<string, Doc>();
    const events = new Map<string, Set<string>>();
    const first = mergeInMemory(docs, events, { sessionId: 's', initial: { sessionId: 's' }, patch: { place: 'bus-1' }, eventId: 'e1' });
    expect(first).toEqual({ before: undefined, after: { sessionId: 's', place: 'bus-1' }, repeated: false });
    const second = mergeInMemory(docs, events, { sessionId: 's', initial: { sessionId: 's' }, patch: { done: true }, eventId: 'e2' });
    expect(second).toEqual({ before: first.after, after: { sessionId: 's', place: 'bus-1', done: true }, repeated: false });
    expect(
      mergeInMemory(docs, events, { sessionId: 's', initial: { sessionId: 's' }, patch: { place: 'bus-1' }, eventId: 'e1' }).repeated,
    ).toBe(true);
  });

  it('counts from the event that made the session countable, and again on a repeat, never from a later event', () => {
    const done = { sessionId: 's', place: 'bus-1', done: true };
    expect(countsNow({ before: { sessionId: 's', place: 'bus-1' }, after: done, repeated: false }, countable)).toBe(true);
    expect(countsNow({ before: undefined, after: done, repeated: false }, countable)).toBe(true);
    expect(countsNow({ before: done, after: done, repeated: false }, countable)).toBe(false);
    expect(countsNow({ before: done, after: done, repeated: true }, countable)).toBe(true);
    expect(countsNow({ before: undefined, after: { sessionId: 's' }, repeated: true }, countable)).toBe(false);
  });
});
