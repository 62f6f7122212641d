import { randomUUID } from 'node:crypto';
import { LookupCircuitChangedV1 } from '@hcv/contracts';
import type { EventPublisher } from '@hcv/messaging';
import type { Logger } from '@hcv/observability';
import type { CircuitChange } from '../adapters/circuit-breaker';

/**
 * The breaker's state changes become lookup.circuit-changed events (the operations dashboard raises
 * "upstream circuit open" from them). A breaker change is no stored state, so it is published
 * directly, not through an outbox; a failed publish is logged and the next change is told anyway.
 */
export class AnnounceCircuitChangeHandler {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly clock: () => Date,
    private readonly logger: Logger,
    /** This process among the service's instances (each has its own breaker). */
    private readonly instance: string,
    private readonly cooldownMillis: number,
  ) {}

  async handle(change: CircuitChange): Promise<void> {
    const data = {
      upstream: 'national-system',
      instance: this.instance,
      ...change,
      cooldownMillis: this.cooldownMillis,
      at: this.clock().toISOString(),
    };
    await this.publisher
      .publish(LookupCircuitChangedV1, data, { subject: 'national-system', correlationId: `circuit-${randomUUID()}` })
      .then(
        () => undefined,
        (error: unknown) => this.logger.error('could not publish the circuit change', { error, state: change.state }),
      );
  }
}
