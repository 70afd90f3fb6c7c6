#!/usr/bin/env bash
# Ensures a Docker-API engine for the embedded-gateway tests and benchmarks.
#
#   scripts/engine.sh start   use DOCKER_HOST or /var/run/docker.sock if it answers, else start rootful
#                             Podman's Docker-API service with all its state in a private folder; prints
#                             the endpoint (a unix socket path or DOCKER_HOST's URL) on stdout.
#   scripts/engine.sh env     prints `export ...` lines for the engine `start` would use (no side effects).
#   scripts/engine.sh stop    stops only what `start` started: containers, the service, overlay mounts,
#                             Podman's cgroup folders and an empty /run/netns mount.
#   scripts/engine.sh status  exit 0 when an engine answers, 1 otherwise.
#
# Idempotent: `start` twice reuses the running service; `stop` with nothing running is a no-op.
# Networking: Podman's CNI plugin folder is an EMPTY directory, so a container asking for the default
# bridge network fails ("failed to find plugin bridge") instead of adding a bridge and nftables rules to
# the host. Containers use `host` or `slirp4netns` networking.
set -euo pipefail

ENGINE_DIR="${SWITCHYARD_ENGINE_DIR:-/tmp/switchyard-engine}"
SOCK="$ENGINE_DIR/podman.sock"
PIDFILE="$ENGINE_DIR/service.pid"
CONF="$ENGINE_DIR/containers.conf"
STORAGE_CONF="$ENGINE_DIR/storage.conf"
GRAPHROOT="$ENGINE_DIR/storage"
RUNROOT="$ENGINE_DIR/run"

log() { echo "engine: $*" >&2; }

ping_unix() { curl -fsS --max-time 2 --unix-socket "$1" http://d/_ping >/dev/null 2>&1; }

ping_docker_host() {
  case "$1" in
    unix://*) ping_unix "${1#unix://}" ;;
    tcp://*) curl -fsS --max-time 2 "http://${1#tcp://}/_ping" >/dev/null 2>&1 ;;
    http://* | https://*) curl -fsS --max-time 2 "$1/_ping" >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

write_config() {
  mkdir -p "$ENGINE_DIR/cni-plugins-empty" "$ENGINE_DIR/cni-config" "$ENGINE_DIR/tmp" "$GRAPHROOT" "$RUNROOT"
  cat >"$CONF" <<EOF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
init_path = "/usr/bin/catatonit"

[network]
network_backend = "cni"
cni_plugin_dirs = ["$ENGINE_DIR/cni-plugins-empty"]
network_config_dir = "$ENGINE_DIR/cni-config"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$ENGINE_DIR/events.log"
tmp_dir = "$ENGINE_DIR/tmp"
EOF
  cat >"$STORAGE_CONF" <<EOF
[storage]
driver = "overlay"
graphroot = "$GRAPHROOT"
runroot = "$RUNROOT"
EOF
}

podman_env() {
  echo "export CONTAINERS_CONF=$CONF"
  echo "export CONTAINERS_STORAGE_CONF=$STORAGE_CONF"
}

service_running() {
  [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && ping_unix "$SOCK"
}

start() {
  if [ -n "${DOCKER_HOST:-}" ]; then
    if ping_docker_host "$DOCKER_HOST"; then
      log "using DOCKER_HOST=$DOCKER_HOST"
      echo "$DOCKER_HOST"
      return 0
    fi
    log "DOCKER_HOST=$DOCKER_HOST does not answer /_ping"
    return 1
  fi
  if [ -S /var/run/docker.sock ] && ping_unix /var/run/docker.sock; then
    log "using /var/run/docker.sock"
    echo /var/run/docker.sock
    return 0
  fi
  if service_running; then
    echo "$SOCK"
    return 0
  fi
  if ! command -v podman >/dev/null 2>&1; then
    log "no Docker engine answers and podman is not installed (apt-get install podman runc slirp4netns catatonit)"
    return 1
  fi
  write_config
  rm -f "$SOCK"
  # Started from / so the long-lived service never holds a working directory that a test run may delete
  # (a service whose cwd is gone fails every container start with "write child: broken pipe").
  (cd / && CONTAINERS_CONF="$CONF" CONTAINERS_STORAGE_CONF="$STORAGE_CONF" \
    exec setsid podman system service --time=0 "unix://$SOCK" >"$ENGINE_DIR/service.log" 2>&1 </dev/null 9>&-) &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 100); do
    if ping_unix "$SOCK"; then
      log "podman service up (pid $(cat "$PIDFILE")), state in $ENGINE_DIR"
      echo "$SOCK"
      return 0
    fi
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then break; fi
    sleep 0.1
  done
  log "podman service did not answer /_ping; its log:"
  tail -n 20 "$ENGINE_DIR/service.log" >&2 || true
  return 1
}

stop() {
  [ -f "$CONF" ] || { log "nothing to stop"; return 0; }
  export CONTAINERS_CONF="$CONF" CONTAINERS_STORAGE_CONF="$STORAGE_CONF"
  if command -v podman >/dev/null 2>&1; then
    podman rm --all --force --time 2 >/dev/null 2>&1 || true
  fi
  if [ -f "$PIDFILE" ]; then
    pid="$(cat "$PIDFILE")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$PIDFILE"
  fi
  rm -f "$SOCK"
  # conmon monitors (exec sessions linger for minutes) started by this engine: found by our private
  # folder in their command line, ended one by one by pid.
  for cmdline in /proc/[0-9]*/cmdline; do
    pid="${cmdline#/proc/}"; pid="${pid%/cmdline}"
    if { tr '\0' ' ' <"$cmdline"; } 2>/dev/null | grep -q -- "-b $ENGINE_DIR/storage/"; then kill "$pid" 2>/dev/null || true; fi
  done
  sleep 0.2
  # Overlay mounts of containers and the storage root itself.
  { grep -o " $ENGINE_DIR/[^ ]*" /proc/self/mounts || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  # What follows is shared by every Podman on the host: leave it while another Podman service runs
  # (e.g. the e2e suite's engine in its own folder).
  for cmdline in /proc/[0-9]*/cmdline; do
    if { tr '\0' ' ' <"$cmdline"; } 2>/dev/null | grep -q "^podman system service"; then
      log "stopped; another Podman service is running, so shared cgroups and /run/netns are left alone"
      return 0
    fi
  done
  # Podman (cgroupfs manager) leaves libpod_parent folders in each v1 controller.
  for d in /sys/fs/cgroup/*/libpod_parent; do
    [ -d "$d" ] || continue
    find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
  # /run/netns is mounted by Podman the first time a container gets a network namespace.
  if mountpoint -q /run/netns 2>/dev/null && [ -z "$(ls -A /run/netns 2>/dev/null)" ]; then
    umount /run/netns 2>/dev/null || true
  fi
  log "stopped"
}

# One start/stop at a time: parallel test workers may all ask for the engine at once.
with_lock() {
  exec 9>"${ENGINE_DIR%/}.lock"
  flock -w 60 9 || { log "could not take ${ENGINE_DIR%/}.lock"; return 1; }
  "$@"
}

case "${1:-}" in
  start) with_lock start ;;
  stop) with_lock stop ;;
  env)
    if [ -n "${DOCKER_HOST:-}" ]; then echo "export SWITCHYARD_TEST_DOCKER_HOST=$DOCKER_HOST";
    elif [ -S /var/run/docker.sock ] && ping_unix /var/run/docker.sock; then echo "export SWITCHYARD_TEST_DOCKER_HOST=/var/run/docker.sock";
    else podman_env; echo "export SWITCHYARD_TEST_DOCKER_HOST=$SOCK"; fi ;;
  status) if service_running || { [ -n "${DOCKER_HOST:-}" ] && ping_docker_host "$DOCKER_HOST"; } || ping_unix /var/run/docker.sock; then exit 0; else exit 1; fi ;;
  *) echo "usage: $0 start|stop|env|status" >&2; exit 2 ;;
esac
