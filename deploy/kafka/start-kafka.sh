#!/usr/bin/env bash
# The compose broker (apache/kafka image): KRaft, one node, its only client listener SASL_SSL with
# SCRAM-SHA-512 — the settings tools/infra's SASL_SSL test broker uses. TLS from PEM files made by
# tools/certs/dev-certs.sh (mounted at /etc/hcv/certs); the SCRAM users `admin` (the broker's own,
# and the topic job's) and `hcv` (the services') are created when the storage is first formatted.
# The controller listener is bound to the container's loopback: nothing else reaches it.
set -euo pipefail
certs=/etc/hcv/certs
admin_password="$(cat /run/secrets/kafka-admin-password)"
hcv_password="$(cat /run/secrets/kafka-hcv-password)"
data=/var/lib/kafka/data
props=/tmp/server.properties

cat > "$props" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:9093
listeners=SASL_SSL://:9092,CONTROLLER://localhost:9093
advertised.listeners=SASL_SSL://kafka:9092
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL
inter.broker.listener.name=SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${admin_password}";
ssl.keystore.type=PEM
ssl.keystore.location=$certs/kafka.pem
ssl.truststore.type=PEM
ssl.truststore.location=$certs/ca.crt
ssl.client.auth=none
ssl.enabled.protocols=TLSv1.3,TLSv1.2
log.dirs=$data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS

# What the healthcheck and the topic job use to connect (a client of the same listener).
cat > /tmp/admin-client.properties <<PROPS
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${admin_password}";
ssl.truststore.type=PEM
ssl.truststore.location=$certs/ca.crt
PROPS

if [[ ! -f "$data/meta.properties" ]]; then
  /opt/kafka/bin/kafka-storage.sh format -t "$(/opt/kafka/bin/kafka-storage.sh random-uuid)" -c "$props" \
    --add-scram "SCRAM-SHA-512=[name=admin,password=${admin_password}]" \
    --add-scram "SCRAM-SHA-512=[name=hcv,password=${hcv_password}]"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$props"
