#!/usr/bin/env bash
# Packages kubectl lxkns for a local krew install: the launcher and the jar in a tar.gz, and the
# manifest beside this script with the archive's sha256 and the version filled in. Build the jar
# first (./mvnw -q -B -DskipTests package -pl kubectl -am).
#
#   kubectl/krew/package.sh [OUT_DIR]     (default: kubectl/target/krew)
#   kubectl krew install --manifest=OUT_DIR/lxkns.yaml --archive=OUT_DIR/kubectl-lxkns.tar.gz
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/kubectl/target/krew}
jar=$root/kubectl/target/kubectl-lxkns.jar
[ -f "$jar" ] || { echo "package.sh: no $jar (build it: ./mvnw -q -B -DskipTests package -pl kubectl -am)" >&2; exit 1; }
# krew wants a semantic version with a v; a snapshot build is its release without the suffix.
version=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' "$root/pom.xml" | head -1)
version=v${version%-SNAPSHOT}
mkdir -p "$out"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
install -m 755 "$root/bin/kubectl-lxkns" "$stage/kubectl-lxkns"
install -m 644 "$jar" "$stage/kubectl-lxkns.jar"
# Fixed owner and times: the same jar gives the same archive, and the same sha256.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$stage" -cf - kubectl-lxkns kubectl-lxkns.jar \
  | gzip -n > "$out/kubectl-lxkns.tar.gz"
sha=$(sha256sum "$out/kubectl-lxkns.tar.gz" | cut -d' ' -f1)
sed -e "s/@SHA256@/$sha/" -e "s/@VERSION@/$version/g" "$root/kubectl/krew/lxkns.yaml" > "$out/lxkns.yaml"
echo "$out/kubectl-lxkns.tar.gz ($sha)"
echo "kubectl krew install --manifest=$out/lxkns.yaml --archive=$out/kubectl-lxkns.tar.gz"
