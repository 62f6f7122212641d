import {
  Inject,
  Injectable,
  type InjectionToken,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { OutboxRelay, type OutboxStore } from '@hcv/persistence';
import { outboxMetrics } from '@hcv/platform-metrics';
import type { ServiceRuntime } from './service-runtime';

/** The service's outbox relay (also what use cases receive as their `Outbox`). */
export const OUTBOX_RELAY = Symbol('OutboxRelay');

/** Builds the relay over the outbox stores of the given repositories, sending on the runtime's bus. */
export function outboxRelayProvider(
  runtime: ServiceRuntime,
  inject: InjectionToken[],
  storesOf: (...repositories: never[]) => OutboxStore[],
): Provider {
  return {
    provide: OUTBOX_RELAY,
    inject,
    useFactory: (...repositories: never[]) =>
      new OutboxRelay({
        source: runtime.service,
        stores: storesOf(...repositories),
        // A write request answers once its change and events are stored; the relay sends behind it.
        dispatchMode: 'background',
        send: (topic, message) => runtime.bus.publishRaw(topic, message),
        // A document's entries in one produce request where the bus offers it.
        sendAll: runtime.bus.publishRawAll?.bind(runtime.bus),
        // Sent entries are removed in one request per collection per linger, not one per document.
        markLingerMillis: runtime.outboxPullLingerMillis ?? 0,
        logger: runtime.logger.child({ component: 'outbox-relay' }),
        observer: outboxMetrics(runtime.service),
      }),
  };
}

/**
 * Starts the relay's sweep with the application and flushes it on shutdown (SIGTERM: HTTP has
 * stopped; events staged by the last requests are sent before the consumers drain and the
 * producer disconnects).
 */
@Injectable()
export class OutboxRelayRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay) {}
  onApplicationBootstrap() {
    this.relay.start();
  }
  async onApplicationShutdown() {
    await this.relay.stop();
  }
}
