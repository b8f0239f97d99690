#!/usr/bin/env bash
# Runs the whole test suite on this machine: installs what the tests need when it is missing,
# then runs every module's unit and integration tests (./mvnw -B verify).
#
# The tests create real namespaces, processes and mounts, so this must run as root. Each test
# removes what it made; nothing on the machine is touched that a test did not create. Container
# tests start their own containerd and dockerd (sockets under /run/lxkns-test, data under
# target/); an engine the machine already runs is never used.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "hack/test.sh: must run as root: the tests create real namespaces (unshare, ip netns, mounts)." >&2
  echo "hack/test.sh: run it again with sudo, or as root." >&2
  exit 1
fi

# Debian packages the tests use, by the command that proves each is there.
declare -A package_of=(
  [unshare]=util-linux   # unshare(1) with --time needs util-linux >= 2.36
  [lsns]=util-linux      # the oracle: everything lsns lists, lxkns lists too
  [setpriv]=util-linux   # runs lxkns unprivileged in tests
  [nsenter]=util-linux
  [ip]=iproute2          # ip netns
  [containerd]=containerd  # the tests start private engines: own sockets, roots and state
  [ctr]=containerd
  [runc]=runc
  [dockerd]=docker.io
  [docker]=docker.io
  [busybox]=busybox-static # the rootfs of every test container; no registry needed
  [chromium]=chromium          # the operator UI's browser test (UiBrowserIT), headless
  [chromedriver]=chromium-driver
)
missing=()
for command in "${!package_of[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${package_of[$command]}")
done
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
# CNI plugins (bridge, host-local, loopback) for pods made through containerd's CRI; not on the PATH.
[ -x /usr/lib/cni/bridge ] || missing+=(containernetworking-plugins)
if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  echo "hack/test.sh: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

exec ./mvnw -B verify "$@"
