#!/usr/bin/env bash
# The compose database (mongo image, started as root): a single-node replica set `rs0` with
# internal authentication by key file, access control, and TLS required (certificates from
# tools/certs/dev-certs.sh, mounted at /etc/hcv/certs). On the first start the localhost exception
# lets this script initiate the set and create the users `root` and `hcv` (readWrite on the
# services' five databases); later starts log in as root and change nothing.
set -euo pipefail
certs=/etc/hcv/certs
# mongod refuses a key file others can read, and runs as mongodb: private copies for it.
install -m 400 -o mongodb -g mongodb /run/secrets/mongo-keyfile /tmp/mongo-keyfile
install -m 400 -o mongodb -g mongodb "$certs/mongo.pem" /tmp/mongo.pem
gosu mongodb mongod --replSet rs0 --keyFile /tmp/mongo-keyfile --bind_ip_all --port 27017 \
  --tlsMode requireTLS --tlsCertificateKeyFile /tmp/mongo.pem --tlsCAFile "$certs/ca.crt" --dbpath /data/db &
mongod_pid=$!
trap 'kill -TERM "$mongod_pid"; wait "$mongod_pid"' TERM INT

shell() { mongosh --quiet --tls --tlsCAFile "$certs/ca.crt" --host localhost "$@"; }
until shell --eval 'db.adminCommand({ ping: 1 }).ok' >/dev/null 2>&1; do
  kill -0 "$mongod_pid" 2>/dev/null || { echo "mongod exited during start-up" >&2; exit 1; }
  sleep 1
done

export ROOT_PASSWORD="$(cat /run/secrets/mongo-root-password)" HCV_PASSWORD="$(cat /run/secrets/mongo-hcv-password)"
setup='
const admin = db.getSiblingDB("admin");
try { rs.status(); } catch (e) { rs.initiate({ _id: "rs0", members: [{ _id: 0, host: "mongo:27017" }] }); }
while (!db.hello().isWritablePrimary) sleep(200);
if (!admin.getUser("root")) admin.createUser({ user: "root", pwd: process.env.ROOT_PASSWORD, roles: ["root"] });
'
users='
const admin = db.getSiblingDB("admin");
const roles = ["hcv_device_registry", "hcv_card_session", "hcv_qualification_lookup", "hcv_voucher_matching", "hcv_audit"].map((db) => ({ role: "readWrite", db }));
if (!admin.getUser("hcv")) admin.createUser({ user: "hcv", pwd: process.env.HCV_PASSWORD, roles });
'
# First start: no user yet, the localhost exception allows the set-up; afterwards root logs in.
if ! shell -u root -p "$ROOT_PASSWORD" --authenticationDatabase admin --eval "$setup" >/dev/null 2>&1; then
  shell --eval "$setup"
fi
shell -u root -p "$ROOT_PASSWORD" --authenticationDatabase admin --eval "$users"
touch /tmp/hcv-ready
wait "$mongod_pid"
