import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { isTransientInfrastructureError } from './delivery';

// What kafkajs' retrier throws when it gives up: the last error wrapped, with it as `cause` (its
// typings leave out that second constructor argument).
const gaveUp = (e: Error) => Object.assign(new KafkaJSNonRetriableError(e), { cause: e });

describe('isTransientInfrastructureError', () => {
  it('sees a broker outage behind the error kafkajs throws once its retries are exhausted', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    const exhausted = new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 15, retryTime: 2_000 });
    expect(isTransientInfrastructureError(refused)).toBe(true);
    expect(isTransientInfrastructureError(gaveUp(refused))).toBe(true);
    expect(isTransientInfrastructureError(gaveUp(exhausted))).toBe(true);
  });

  it('does not take a handler bug for an outage', () => {
    expect(isTransientInfrastructureError(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientInfrastructureError(gaveUp(new Error('bad message')))).toBe(false);
    expect(isTransientInfrastructureError(new Error('wrapped', { cause: new RangeError('no') }))).toBe(false);
  });
});
