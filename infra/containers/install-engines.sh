#!/usr/bin/env bash
# Installs the container engines the container tests use (idempotent; run as root, as .ci/run does):
#   podman + runc     builds the images and runs single containers
#   debootstrap       makes the Debian root file system of the stand-in base images
#   docker.io         dockerd 20.10 and its client, the engine compose v2 talks to
#   docker compose v2 from Debian trixie (bookworm has only compose v1), fetched with a private apt
#                     configuration so the machine's own sources are never changed
# Debian's docker.io would start dockerd at install; a policy-rc.d forbids that for this install
# only, because the tests start their own daemon with their own sockets and directories.
set -euo pipefail

COMPOSE_PLUGIN=/usr/local/lib/docker/cli-plugins/docker-compose
PACKAGES=(podman runc debootstrap docker.io uidmap)

log() { printf '    %s\n' "$*"; }

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  policy=/usr/sbin/policy-rc.d
  had_policy=false
  [ -e "$policy" ] && had_policy=true
  if ! $had_policy; then
    printf '#!/bin/sh\n# no daemon starts during this install\nexit 101\n' >"$policy"
    chmod 755 "$policy"
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  $had_policy || rm -f "$policy"
fi

if [ ! -x "$COMPOSE_PLUGIN" ]; then
  log "docker compose v2 from Debian trixie (apt-get download, private apt configuration)"
  work=$(mktemp -d)
  chmod 755 "$work" # apt downloads as the _apt user
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
  cat >"$work/trixie.sources" <<SOURCES
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  apt_private=(
    -o "Dir::Etc::sourcelist=-" -o "Dir::Etc::sourceparts=$work"
    -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache"
    -o "Dir::State::status=/dev/null" -o "APT::Get::List-Cleanup=false"
  )
  apt-get -qq "${apt_private[@]}" update
  (cd "$work/debs" && apt-get -qq "${apt_private[@]}" download docker-compose)
  dpkg-deb -x "$work"/debs/docker-compose_*.deb "$work/root"
  binary=$(find "$work/root" -type f -name docker-compose -perm -u+x | head -1)
  install -D -m 755 "$binary" "$COMPOSE_PLUGIN"
fi

log "podman $(podman --version | awk '{print $3}'), dockerd $(dockerd --version | awk '{print $3}' | tr -d ,), compose $(/usr/bin/docker compose version --short 2>/dev/null || echo '?')"
