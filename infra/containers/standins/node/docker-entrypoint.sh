#!/bin/sh
# The official node image's entrypoint: run the command, or `node <args>` when the first argument
# is an option or not a command. `exec` keeps the command as PID 1.
set -e
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
