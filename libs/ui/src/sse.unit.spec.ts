import { EventStreamParser } from './sse';

describe('EventStreamParser', () => {
  it('gives each event when its blank line arrives, across chunk boundaries, skipping heartbeats', () => {
    const parser = new EventStreamParser();
    expect(parser.push('event: session\ndata: {"state":')).toEqual([]);
    expect(parser.push('"opened"}\n')).toEqual([]);
    expect(parser.push('\n: heartbeat\n\nevent: session\r\ndata: {"state":"completed"}\r\n\r')).toEqual([
      { event: 'session', data: '{"state":"opened"}' },
    ]);
    expect(parser.push('\n')).toEqual([{ event: 'session', data: '{"state":"completed"}' }]);
  });

  it('joins multi-line data, defaults the event name, keeps the last id', () => {
    const parser = new EventStreamParser();
    expect(parser.push('id: 7\ndata: a\ndata:b\n\n')).toEqual([{ event: 'message', data: 'a\nb', id: '7' }]);
  });
});
