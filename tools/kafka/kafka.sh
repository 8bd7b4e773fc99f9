#!/usr/bin/env bash
# Single-node Apache Kafka broker (KRaft, combined broker+controller) on 127.0.0.1 for local runs and tests.
# Jars come from Maven Central through Maven and are cached outside the repository.
#
#   tools/kafka/kafka.sh fetch | start | stop | status
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_HOME (jar cache),
# KAFKA_RUN_DIR (data and logs), KAFKA_HEAP_OPTS, KAFKA_START_TIMEOUT_S (90), KAFKA_CLEAN (1: wipe data on start).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/pom.xml")"
KAFKA_HOME="${KAFKA_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/vigie/kafka-$VERSION}"
LIBS="$KAFKA_HOME/libs"
RUN="${KAFKA_RUN_DIR:-$ROOT/.data/kafka}"
HOST=127.0.0.1
PORT="${KAFKA_PORT:-9092}"
CPORT="${KAFKA_CONTROLLER_PORT:-9093}"
CLUSTER_ID="${KAFKA_CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}"
HEAP="${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"
PERF="-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true"
LOG_OPTS="-Dlog4j.configuration=file:$HERE/log4j.properties"
WAIT_S="${KAFKA_START_TIMEOUT_S:-90}"

need() { command -v "$1" >/dev/null 2>&1 || { echo "kafka.sh: '$1' is required ($2)" >&2; exit 3; }; }

fetch() {
  if [ -f "$LIBS/kafka_2.13-$VERSION.jar" ] && [ -f "$LIBS/.complete" ]; then return 0; fi
  need mvn "Maven fetches the broker's jars from Maven Central"
  echo "kafka.sh: fetching Apache Kafka $VERSION jars into $LIBS"
  rm -rf "$LIBS.partial"
  mvn -B -q -f "$HERE/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIBS.partial"
  rm -rf "$LIBS"
  mv "$LIBS.partial" "$LIBS"
  touch "$LIBS/.complete"
}

write_config() {
  mkdir -p "$RUN/data" "$RUN/logs"
  cat > "$RUN/server.properties" <<CONF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CPORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CPORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$RUN/data
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=false
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000
CONF
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

start() {
  need java "the broker runs on Java 17 or newer"
  fetch
  if [ -f "$RUN/kafka.pid" ] && kill -0 "$(cat "$RUN/kafka.pid")" 2>/dev/null; then
    echo "kafka.sh: already running on $HOST:$PORT (pid $(cat "$RUN/kafka.pid"))"; return 0
  fi
  if port_open; then echo "kafka.sh: port $PORT is already taken by another process" >&2; return 1; fi
  if [ "${KAFKA_CLEAN:-1}" = 1 ]; then rm -rf "$RUN/data"; fi
  write_config
  # shellcheck disable=SC2086
  java -Xmx256m $PERF $LOG_OPTS -Dkafka.logs.dir="$RUN/logs" -cp "$LIBS/*" kafka.tools.StorageTool format \
    -t "$CLUSTER_ID" -c "$RUN/server.properties" --ignore-formatted > "$RUN/format.out" 2>&1 \
    || { cat "$RUN/format.out" >&2; return 1; }
  # shellcheck disable=SC2086
  nohup java $HEAP $PERF $LOG_OPTS -Dkafka.logs.dir="$RUN/logs" -cp "$LIBS/*" \
    kafka.Kafka "$RUN/server.properties" > "$RUN/kafka.out" 2>&1 < /dev/null &
  echo $! > "$RUN/kafka.pid"
  local pid; pid="$(cat "$RUN/kafka.pid")"
  for _ in $(seq 1 $((WAIT_S * 4))); do
    if port_open; then echo "kafka.sh: Kafka $VERSION ready on $HOST:$PORT (pid $pid)"; return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "kafka.sh: the broker exited during startup:" >&2; tail -n 60 "$RUN/kafka.out" >&2; return 1
    fi
    sleep 0.25
  done
  echo "kafka.sh: not ready after ${WAIT_S}s" >&2; tail -n 60 "$RUN/kafka.out" >&2; return 1
}

stop() {
  [ -f "$RUN/kafka.pid" ] || return 0
  local pid; pid="$(cat "$RUN/kafka.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
  fi
  rm -f "$RUN/kafka.pid"
  echo "kafka.sh: stopped"
}

status() { if port_open; then echo "up ($HOST:$PORT)"; else echo down; return 1; fi; }

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
