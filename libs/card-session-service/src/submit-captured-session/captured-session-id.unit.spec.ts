import { capturedSessionId } from './submit-captured-session.handler';

describe('captured session id', () => {
  it('is the same for a resend and different for another key or device, and a valid UUID', () => {
    const a = capturedSessionId('bus-01-dev-1', 'capture-0001');
    expect(capturedSessionId('bus-01-dev-1', 'capture-0001')).toBe(a);
    expect(capturedSessionId('bus-01-dev-1', 'capture-0002')).not.toBe(a);
    expect(capturedSessionId('bus-01-dev-2', 'capture-0001')).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
