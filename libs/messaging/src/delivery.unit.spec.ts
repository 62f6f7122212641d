import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { MongoBulkWriteError, MongoErrorLabel, MongoServerError } from 'mongodb';
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

  it('sees the database monitor losing the server behind the error of a write it interrupted', () => {
    // What the driver throws for an insertMany in flight when its monitor timed out (seen in CI
    // under load): the pool's PoolClearedOnNetworkError, wrapped by the bulk write without a cause.
    const interrupted = Object.assign(new Error('Connection to 127.0.0.1:42585 interrupted due to server monitor timeout'), {
      errorLabelSet: new Set([MongoErrorLabel.PoolRequestedRetry]),
    });
    Object.defineProperty(interrupted, 'name', { value: 'PoolClearedOnNetworkError' });
    const bulk = new MongoBulkWriteError(interrupted as never, {} as never);
    expect(bulk.name).toBe('MongoBulkWriteError');
    expect(isTransientInfrastructureError(interrupted)).toBe(true);
    expect(isTransientInfrastructureError(bulk)).toBe(true);
  });

  it('does not take a refused write for an outage', () => {
    const duplicate = new MongoServerError({ message: 'E11000 duplicate key error', code: 11000 });
    expect(isTransientInfrastructureError(duplicate)).toBe(false);
    expect(isTransientInfrastructureError(new MongoBulkWriteError(duplicate, {} as never))).toBe(false);
  });

  it('does not take a handler bug for an outage', () => {
    expect(isTransientInfrastructureError(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientInfrastructureError(gaveUp(new Error('bad message')))).toBe(false);
    expect(isTransientInfrastructureError(new Error('wrapped', { cause: new RangeError('no') }))).toBe(false);
  });
});
