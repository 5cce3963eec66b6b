#!/bin/sh
# What the official nginx image's entrypoint does before nginx starts (20-envsubst-on-templates):
# every /etc/nginx/templates/*.template is rendered with envsubst into /etc/nginx/conf.d, and when
# NGINX_ENVSUBST_FILTER is set only the environment variables whose names match it are replaced.
set -eu
if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then
  template_dir=${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}
  suffix=${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}
  output_dir=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}
  filter=${NGINX_ENVSUBST_FILTER:-}
  if [ -d "$template_dir" ] && [ ! -w "$output_dir" ]; then
    echo "$0: ERROR: $template_dir exists, but $output_dir is not writable" >&2
  elif [ -d "$template_dir" ]; then
    defined=$(awk "END { for (name in ENVIRON) { print ( name ~ /${filter}/ ) ? name : \"\" } }" </dev/null)
    variables=$(printf '${%s} ' $defined)
    for template in "$template_dir"/*"$suffix"; do
      [ -f "$template" ] || continue
      relative=${template#"$template_dir/"}
      output="$output_dir/${relative%"$suffix"}"
      echo "$0: rendering $template to $output" >&2
      envsubst "$variables" <"$template" >"$output"
    done
  fi
fi
exec "$@"
