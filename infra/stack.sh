#!/usr/bin/env bash
# Local Kafka (single-node KRaft, plain jars from Maven Central) + Redis for Wirewatch, no Docker needed.
#
#   infra/stack.sh up       start both (idempotent), wait until they answer
#   infra/stack.sh down     stop both
#   infra/stack.sh status   say whether each answers (exit 1 if either does not)
#   infra/stack.sh reset    down, then delete Kafka and Redis data (the jars stay)
#
# Environment: WIREWATCH_KAFKA_PORT (9092), WIREWATCH_KAFKA_CONTROLLER_PORT (Kafka port + 1),
# WIREWATCH_REDIS_PORT (6379), WIREWATCH_STACK_TIMEOUT (seconds to wait in `up`, 90),
# WIREWATCH_KAFKA_HEAP (512m). Everything it makes lives in <repo>/.stack/ (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STACK="$ROOT/.stack"
KAFKA_PORT="${WIREWATCH_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${WIREWATCH_KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
REDIS_PORT="${WIREWATCH_REDIS_PORT:-6379}"
TIMEOUT="${WIREWATCH_STACK_TIMEOUT:-90}"
HEAP="${WIREWATCH_KAFKA_HEAP:-512m}"

POM="$ROOT/infra/kafka/pom.xml"
KDIR="$STACK/kafka"
LIBS="$KDIR/libs"
KDATA="$KDIR/data"
KCONF="$KDIR/server.properties"
KLOG="$KDIR/kafka.log"
KPID="$KDIR/kafka.pid"
RDIR="$STACK/redis"
RPID="$RDIR/redis.pid"
# Fixed KRaft cluster id (base64url of the 16 bytes "WirewatchLocal11"); docker-compose.yml uses the same.
CLUSTER_ID="V2lyZXdhdGNoTG9jYWwxMQ"

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

pid_alive() {  # pid_alive PIDFILE: the process named in PIDFILE is running, and is ours
  local pid pattern
  [[ -s "$1" ]] || return 1
  pid="$(cat "$1")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  # A pid file left by a machine that was restarted may name an unrelated process by now.
  case "$1" in
    "$KPID") pattern="kafka.Kafka" ;;
    *) pattern="redis-server" ;;
  esac
  [[ -r "/proc/$pid/cmdline" ]] || return 0
  [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline")" == *"$pattern"* ]]
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

redis_reply() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null; }
redis_ok() { [[ "$(redis_reply)" == "PONG" ]]; }

# A real Kafka request round trip, in plain python3 (no client library needed on a fresh machine):
# ApiVersions, then a Metadata request that must list at least one broker.
kafka_ok() {
  port_open "$KAFKA_PORT" || return 1
  if ! python3 -c '' >/dev/null 2>&1; then  # no usable python3: the broker's own word has to do
    grep -q "Kafka Server started" "$KLOG" 2>/dev/null
    return
  fi
  python3 - "$KAFKA_PORT" <<'PY' 2>/dev/null
import socket, struct, sys

port = int(sys.argv[1])
sock = socket.create_connection(("127.0.0.1", port), timeout=3)

def recv(n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return buf

def call(api_key, version, corr, body):
    client = b"wirewatch-stack"
    msg = struct.pack(">hhih", api_key, version, corr, len(client)) + client + body
    sock.sendall(struct.pack(">i", len(msg)) + msg)
    data = recv(struct.unpack(">i", recv(4))[0])
    if struct.unpack(">i", data[:4])[0] != corr:
        raise SystemExit(1)
    return data[4:]

resp = call(18, 0, 1, b"")  # ApiVersions v0
error, count = struct.unpack(">hi", resp[:6])
if error:
    raise SystemExit(1)
apis = {}
for i in range(count):
    key, lo, hi = struct.unpack(">hhh", resp[6 + 6 * i:12 + 6 * i])
    apis[key] = (lo, hi)
lo, hi = apis[3]
version = max(lo, min(hi, 4))
if version > 8:  # only flexible (tagged-field) versions left: ApiVersions answering has to do
    raise SystemExit(0)
body = struct.pack(">i", 0)  # no topics: brokers and cluster only
if version >= 4:
    body += b"\x00"  # allow_auto_topic_creation = false
resp = call(3, version, 2, body)
offset = 4 if version >= 3 else 0  # throttle_time_ms
brokers = struct.unpack(">i", resp[offset:offset + 4])[0]
raise SystemExit(0 if brokers >= 1 else 1)
PY
}

with_lock() {  # serialise concurrent up/down/reset (e.g. parallel test sessions)
  # The daemons are started with 9>&-: an inherited lock fd would hold the lock for their lifetime.
  mkdir -p "$STACK"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$STACK/.lock"
    flock 9
  fi
}

# ----------------------------------------------------------------------------------------- Redis

ensure_redis_installed() {
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 && return 0
  log "installing redis-server with apt-get"
  local sudo=""
  [[ "$(id -u)" -eq 0 ]] || sudo="sudo"
  # Keep the package's own system service from starting (it would take port 6379):
  # a policy-rc.d that says "no" for the length of the install, unless one exists already.
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && made_policy=1
  fi
  local rc=0
  { $sudo apt-get update && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server; } >&2 || rc=$?
  [[ "$made_policy" -eq 1 ]] && $sudo rm -f "$policy"
  [[ "$rc" -eq 0 ]] || die "apt-get install redis-server failed"
}

start_redis() {
  if pid_alive "$RPID"; then
    return 0
  fi
  port_open "$REDIS_PORT" && die "port $REDIS_PORT is taken by another process (not our Redis); set WIREWATCH_REDIS_PORT"
  ensure_redis_installed
  mkdir -p "$RDIR"
  log "starting redis on 127.0.0.1:$REDIS_PORT"
  # Durable to the last second (append-only file, fsync every second) instead of the default
  # snapshots: a snapshot a minute under a steady write load forks and rewrites the whole
  # dataset (seconds of a core on a large dedup index) and loses up to a minute on a crash.
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
    --save "" --appendonly yes --appendfsync everysec \
    --dir "$RDIR" --logfile "$RDIR/redis.log" --pidfile "$RPID" 9>&- \
    || die "redis-server did not start: $(tail -n 20 "$RDIR/redis.log" 2>/dev/null)"
}

# ----------------------------------------------------------------------------------------- Kafka

ensure_kafka_libs() {
  # The stamp holds the pom's checksum: a changed Kafka version in the pom fetches the jars anew.
  local stamp="$LIBS/.complete" want
  want="$(sha256sum "$POM" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found: Maven is needed to fetch the Kafka jars"
  log "fetching Kafka jars with Maven into $LIBS"
  rm -rf "$LIBS"
  mkdir -p "$KDIR"
  mvn -B -Dstyle.color=never -f "$POM" package -Dkafka.libs.dir="$LIBS" >"$KDIR/maven.log" 2>&1 \
    || die "mvn failed to fetch the Kafka jars; last lines of $KDIR/maven.log:
$(tail -n 30 "$KDIR/maven.log")"
  ls "$LIBS"/kafka_2.13-*.jar >/dev/null 2>&1 || die "Maven ran but no kafka_2.13 jar is in $LIBS"
  echo "$want" >"$stamp"
}

write_kafka_config() {
  mkdir -p "$KDIR"
  sed -e "s#127\.0\.0\.1:9092#127.0.0.1:${KAFKA_PORT}#g" \
      -e "s#127\.0\.0\.1:9093#127.0.0.1:${CONTROLLER_PORT}#g" \
      -e "s#^log\.dirs=.*#log.dirs=${KDATA}#" \
      "$ROOT/infra/kafka/server.properties" >"$KCONF"
  # Broker logs: one console appender, which nohup sends to kafka.log; the chatty request and
  # state-change loggers are kept to warnings.
  cat >"$KDIR/log4j2.properties" <<'EOF'
status = warn
appender.out.type = Console
appender.out.name = STDOUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
logger.kafka.name = org.apache.kafka
logger.kafka.level = INFO
EOF
}

format_kafka_storage() {
  [[ -f "$KDATA/meta.properties" ]] && return 0
  log "formatting KRaft storage in $KDATA"
  mkdir -p "$KDATA"
  java -Dlog4j2.configurationFile="$KDIR/log4j2.properties" -cp "$LIBS/*" kafka.tools.StorageTool \
    format --cluster-id "$CLUSTER_ID" --config "$KCONF" --ignore-formatted >>"$KDIR/format.log" 2>&1 \
    || die "KRaft storage format failed: $(tail -n 20 "$KDIR/format.log")"
}

start_kafka() {
  if pid_alive "$KPID"; then
    return 0
  fi
  port_open "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by another process (not our Kafka); set WIREWATCH_KAFKA_PORT"
  command -v java >/dev/null 2>&1 || die "java not found: Kafka needs Java 17+"
  local java_major
  java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ "${java_major%%.*}" -ge 17 ]] 2>/dev/null || die "Kafka 4 needs Java 17+, found Java ${java_major:-?}"
  ensure_kafka_libs
  write_kafka_config
  format_kafka_storage
  [[ -f "$KLOG" ]] && mv -f "$KLOG" "$KLOG.prev"
  log "starting kafka on 127.0.0.1:$KAFKA_PORT (controller $CONTROLLER_PORT)"
  # setsid: the broker must not die with the shell (or CI step) that started it.
  nohup setsid java -Xms128m -Xmx"$HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KDIR/log4j2.properties" -Dkafka.logs.dir="$KDIR" \
    -cp "$LIBS/*" kafka.Kafka "$KCONF" >"$KLOG" 2>&1 </dev/null 9>&- &
  echo $! >"$KPID"
}

# ----------------------------------------------------------------------------------------- commands

wait_ready() {
  local deadline=$((SECONDS + TIMEOUT)) r=0 k=0 loading=0 reply
  while ((SECONDS < deadline)); do
    ((r)) || { reply="$(redis_reply)"; [[ "$reply" == "PONG" ]] && r=1; }
    if ! ((r)) && [[ "$reply" == LOADING* ]]; then
      # Reading its data back (a large dedup index takes a minute or more): progress, not a hang.
      ((loading)) || log "redis is loading its data from $RDIR"
      loading=1
      deadline=$((SECONDS + TIMEOUT))
    fi
    ((k)) || { kafka_ok && k=1; }
    ((r && k)) && return 0
    if ! ((k)) && ! pid_alive "$KPID"; then
      die "kafka exited during start; last lines of $KLOG:
$(tail -n 40 "$KLOG" 2>/dev/null)"
    fi
    sleep 0.5
  done
  ((r)) || log "redis did not answer within ${TIMEOUT}s; last lines of $RDIR/redis.log:
$(tail -n 20 "$RDIR/redis.log" 2>/dev/null)"
  ((k)) || log "kafka did not answer within ${TIMEOUT}s; last lines of $KLOG:
$(tail -n 40 "$KLOG" 2>/dev/null)"
  die "stack not up after ${TIMEOUT}s"
}

cmd_up() {
  with_lock
  local ports="kafka=$KAFKA_PORT controller=$CONTROLLER_PORT redis=$REDIS_PORT"
  if { pid_alive "$RPID" || pid_alive "$KPID"; } && [[ -f "$STACK/ports" && "$(cat "$STACK/ports")" != "$ports" ]]; then
    die "the stack is running with other ports ($(cat "$STACK/ports" 2>/dev/null)); run '$0 down' first"
  fi
  if pid_alive "$RPID" && pid_alive "$KPID" && redis_ok && kafka_ok; then
    log "already up (kafka 127.0.0.1:$KAFKA_PORT, redis 127.0.0.1:$REDIS_PORT)"
    return 0
  fi
  echo "$ports" >"$STACK/ports"
  start_redis
  start_kafka
  wait_ready
  log "up: kafka 127.0.0.1:$KAFKA_PORT, redis 127.0.0.1:$REDIS_PORT"
}

stop_pid() {  # stop_pid NAME PIDFILE: TERM, wait up to 30 s, then KILL
  local name="$1" file="$2" pid i
  if ! pid_alive "$file"; then
    rm -f "$file"
    return 0
  fi
  pid="$(cat "$file")"
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name did not stop within 30s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$file"
}

cmd_down() {
  with_lock
  stop_pid kafka "$KPID"
  stop_pid redis "$RPID"
}

cmd_status() {
  local rc=0
  if redis_ok; then echo "redis: up (127.0.0.1:$REDIS_PORT)"; else echo "redis: down (127.0.0.1:$REDIS_PORT)"; rc=1; fi
  if kafka_ok; then echo "kafka: up (127.0.0.1:$KAFKA_PORT)"; else echo "kafka: down (127.0.0.1:$KAFKA_PORT)"; rc=1; fi
  return "$rc"
}

cmd_reset() {
  cmd_down
  log "deleting Kafka and Redis data"
  rm -rf "$KDATA" "$RDIR" "$KCONF" "$KDIR/format.log" "$KLOG" "$KLOG.prev"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  *) echo "usage: $0 {up|down|status|reset}" >&2; exit 2 ;;
esac
