#!/usr/bin/env bash
# Creates the platform's topics before the services start (k8s Job hcv-kafka-topics, compose
# service kafka-topics). Reads "<topic> <partitions>" lines (topics.txt, generated from
# libs/contracts). Idempotent: an existing topic is left alone, except that with
# KAFKA_TOPICS_ALLOW_GROW=true a topic with fewer partitions than listed is grown. Growing moves
# keys to other partitions, so one aggregate's events in flight may be read out of order: grow
# while the producers are stopped. Partitions are never reduced (Kafka cannot).
set -euo pipefail

: "${KAFKA_BROKERS:?KAFKA_BROKERS is required}"
topics_file="${KAFKA_TOPICS_FILE:-/etc/hcv/kafka-topics/topics.txt}"
replication="${KAFKA_TOPIC_REPLICATION_FACTOR:-1}"
min_isr="${KAFKA_TOPIC_MIN_INSYNC_REPLICAS:-1}"
allow_grow="${KAFKA_TOPICS_ALLOW_GROW:-false}"
# kafka-topics.sh from the Kafka distribution; tests point this at the same tool run from jars.
read -r -a kafka_topics <<< "${KAFKA_TOPICS_BIN:-/opt/kafka/bin/kafka-topics.sh}"
bootstrap="${KAFKA_BROKERS%%,*}"

# A SASL_SSL broker (compose): KAFKA_ADMIN_PASSWORD_FILE (SCRAM-SHA-512 user KAFKA_ADMIN_USER, default
# admin) and KAFKA_CA_FILE (the CA to trust, PEM) become the tool's client settings.
client=()
if [[ -n "${KAFKA_ADMIN_PASSWORD_FILE:-}" ]]; then
  client_config="$(mktemp)"
  trap 'rm -f "$client_config"' EXIT
  {
    echo "security.protocol=SASL_SSL"
    echo "sasl.mechanism=SCRAM-SHA-512"
    echo "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"${KAFKA_ADMIN_USER:-admin}\" password=\"$(cat "$KAFKA_ADMIN_PASSWORD_FILE")\";"
    if [[ -n "${KAFKA_CA_FILE:-}" ]]; then
      echo "ssl.truststore.type=PEM"
      echo "ssl.truststore.location=$KAFKA_CA_FILE"
    fi
  } > "$client_config"
  client=(--command-config "$client_config")
fi

# </dev/null: the tool must not eat the topic list the loop reads from stdin.
topics() { "${kafka_topics[@]}" --bootstrap-server "$bootstrap" "${client[@]}" "$@" < /dev/null; }

# One describe for every topic (a JVM start per call is slow): "Topic: <name> ... PartitionCount: <n>".
declare -A current=()
while read -r name count; do
  current["$name"]="$count"
done < <(topics --describe | sed -n 's/^Topic: *\([^[:space:]]*\).*PartitionCount: *\([0-9][0-9]*\).*/\1 \2/p')

created=0 grown=0 kept=0 short=0
while read -r topic partitions _; do
  [[ -z "${topic}" || "${topic}" == \#* ]] && continue
  if [[ -n "${current[$topic]:-}" ]]; then
    if (( current[$topic] < partitions )); then
      if [[ "$allow_grow" == true ]]; then
        topics --alter --topic "$topic" --partitions "$partitions"
        echo "grown   $topic ${current[$topic]} -> $partitions partitions"
        grown=$((grown + 1))
      else
        echo "WARNING $topic has ${current[$topic]} partitions, topics.txt says $partitions (set KAFKA_TOPICS_ALLOW_GROW=true to grow it)" >&2
        short=$((short + 1))
      fi
    else
      kept=$((kept + 1))
    fi
  else
    topics --create --if-not-exists --topic "$topic" --partitions "$partitions" \
      --replication-factor "$replication" --config "min.insync.replicas=$min_isr"
    echo "created $topic ($partitions partitions, replication $replication)"
    created=$((created + 1))
  fi
done < "$topics_file"
echo "topics: $created created, $grown grown, $kept already there, $short with fewer partitions than listed"
