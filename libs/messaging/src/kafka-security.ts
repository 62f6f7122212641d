import { readFileSync } from 'node:fs';
import type { KafkaConfig } from 'kafkajs';

/**
 * How a client reaches the brokers: TLS (optionally trusting a given CA bundle) and SASL/SCRAM over it.
 * The settings (KAFKA_SSL, KAFKA_SSL_CA_FILE, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME,
 * KAFKA_SASL_PASSWORD[_FILE]) are read by libs/platform/runtime; docs/deployment.md lists them.
 */
export interface KafkaSecurity {
  ssl?: boolean;
  /** PEM file of the CA(s) to trust (a self-signed dev CA, Strimzi's cluster CA). */
  caFile?: string;
  sasl?: { mechanism: 'scram-sha-512' | 'scram-sha-256'; username: string; password: string };
}

/** The kafkajs `ssl`/`sasl` options for these settings. */
export function kafkaClientSecurity(security: KafkaSecurity | undefined): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  if (!security) return {};
  const out: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (security.ssl || security.caFile) out.ssl = security.caFile ? { ca: [readFileSync(security.caFile, 'utf8')] } : true;
  const sasl = security.sasl;
  if (sasl)
    out.sasl =
      sasl.mechanism === 'scram-sha-512'
        ? { mechanism: 'scram-sha-512', username: sasl.username, password: sasl.password }
        : { mechanism: 'scram-sha-256', username: sasl.username, password: sasl.password };
  return out;
}
