#!/usr/bin/env bash
# Development certificates and credentials for the secure local stack (docker-compose.yml) and the
# SASL_SSL test broker: `npm run certs:dev` (into .cache/dev-certs, git-ignored), or
# `bash tools/certs/dev-certs.sh <dir>`. Only openssl is needed. Idempotent: what exists is kept, so
# the stack's volumes (Kafka's SCRAM users, MongoDB's users) stay valid; delete the folder to start over.
#
# Made here:
#   ca.crt, ca.key          a self-signed CA (10 years) the clients trust (KAFKA_SSL_CA_FILE, MONGO_TLS_CA_FILE)
#   kafka.pem               the broker's key (PKCS#8) and certificate, for ssl.keystore.type=PEM
#   mongo.pem               mongod's certificate and key (--tlsCertificateKeyFile)
#   mongo-keyfile           the replica set's internal authentication key (--keyFile)
#   kafka-admin.password    the broker's own SCRAM-SHA-512 user (inter-broker, topic creation)
#   kafka-hcv.password      the services' SCRAM-SHA-512 user `hcv` (KAFKA_SASL_PASSWORD_FILE)
#   mongo-root.password     MongoDB's `root` user (replica set and user set-up only)
#   mongo-hcv.password      the services' MongoDB user `hcv` (MONGO_PASSWORD_FILE)
# Server certificates name the compose hosts (kafka, mongo), localhost and 127.0.0.1; extra names
# with DEV_CERT_EXTRA_SANS="DNS:broker.local,IP:10.0.0.5".
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/.cache/dev-certs}"
command -v openssl >/dev/null || { echo "certs:dev needs openssl on the PATH" >&2; exit 1; }
mkdir -p "$out"
cd "$out"
umask 077

if [[ ! -f ca.key || ! -f ca.crt ]]; then
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key 2>/dev/null
  openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/O=hcv development/CN=hcv development CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt
  echo "made $out/ca.crt"
fi

# server <name> <host>: a key and a certificate signed by the CA, for TLS servers (and clients).
server() {
  local name="$1" host="$2"
  [[ -f "$name.pem" ]] && return
  local sans="DNS:$host,DNS:localhost,IP:127.0.0.1${DEV_CERT_EXTRA_SANS:+,$DEV_CERT_EXTRA_SANS}"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$name.key" 2>/dev/null
  openssl req -new -key "$name.key" -subj "/O=hcv development/CN=$host" -out "$name.csr"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -sha256 \
    -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature\n' "$sans") \
    -out "$name.crt" 2>/dev/null
  cat "$name.key" "$name.crt" > "$name.pem"
  rm -f "$name.csr" "$name.key" "$name.crt"
  echo "made $out/$name.pem ($sans)"
}
server kafka kafka
server mongo mongo

# secret <file> <bytes>: random, hex, no newline.
secret() { [[ -f "$1" ]] || { openssl rand -hex "$2" | tr -d '\n' > "$1"; echo "made $out/$1"; }; }
secret kafka-admin.password 24
secret kafka-hcv.password 24
secret mongo-root.password 24
secret mongo-hcv.password 24
# The key file is base64 (MongoDB accepts 6–1024 base64 characters).
[[ -f mongo-keyfile ]] || { openssl rand -base64 756 > mongo-keyfile; echo "made $out/mongo-keyfile"; }

# The containers run as other users than the one running this script: readable, never writable.
chmod 644 ca.crt kafka.pem mongo.pem kafka-admin.password kafka-hcv.password mongo-root.password mongo-hcv.password mongo-keyfile
chmod 600 ca.key
echo "dev certificates and credentials in $out"
