#!/usr/bin/env bash
# Builds the agent and operator images from the packaged jars, and pushes them when asked.
#   hack/build-images.sh REPOSITORY TAG [--push]
# Needs a Docker engine that can pull eclipse-temurin from its registry.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 2 ]; then
  echo "usage: hack/build-images.sh REPOSITORY TAG [--push]   (e.g. ghcr.io/lxkns/lxkns 0.1.0)" >&2
  exit 2
fi
repository=$1 tag=$2 push=${3:-}

if ! docker info >/dev/null 2>&1; then
  echo "hack/build-images.sh: no Docker engine answers (docker info failed); start one or set DOCKER_HOST" >&2
  exit 1
fi
if [ ! -f agent/target/lxkns.jar ] || [ ! -f operator/target/lxkns-operator.jar ]; then
  ./mvnw -q -B -DskipTests package
fi
for component in agent operator; do
  image="$repository:$tag-$component"
  echo "building $image"
  docker build -f "images/$component.Dockerfile" -t "$image" .
  if [ "$push" = "--push" ]; then
    docker push "$image"
  fi
done
