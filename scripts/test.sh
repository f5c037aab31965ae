#!/usr/bin/env bash
# `npm test`: makes sure the system tools the suites use are present, then runs every Jest suite.
#
# The Redis suites spawn a real redis-server and the conformance suites run the validators in test/conformance
# (xmllint, xsltproc; python3 for MTOM), the XUA and audit suites make a test CA with openssl, and the audit
# outage suite runs rsyslogd with its TLS module (rsyslog-gnutls) as the audit repository; none of them is skipped. Missing Debian packages are
# installed with apt-get when running as root (or with password-less sudo); otherwise this prints
# the exact command to run and fails. Extra arguments go to Jest (e.g. `npm test -- test/platform`).
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A PACKAGE_OF=(
  [redis-server]=redis-server
  [redis-cli]=redis-tools
  [xmllint]=libxml2-utils
  [xsltproc]=xsltproc
  [python3]=python3
  [openssl]=openssl
  [java]=default-jre-headless
  [rsyslogd]=rsyslog
)
# java is optional: the C-CDA validator can use it (-x java / -e saxon) but the suites do not need it.
OPTIONAL=" java "

missing_required=()
missing_optional=()
for tool in redis-server redis-cli xmllint xsltproc python3 openssl rsyslogd java; do
  command -v "$tool" >/dev/null 2>&1 && continue
  if [[ "$OPTIONAL" == *" $tool "* ]]; then missing_optional+=("${PACKAGE_OF[$tool]}"); else missing_required+=("${PACKAGE_OF[$tool]}"); fi
done
# rsyslog's TLS stream driver is a module, not a command: looked for beside an installed rsyslogd, named with a missing one.
has_rsyslog_tls() {
  command -v rsyslogd >/dev/null 2>&1 || return 1
  compgen -G '/usr/lib/*/rsyslog/lmnsd_gtls.so' >/dev/null || compgen -G '/usr/lib/rsyslog/lmnsd_gtls.so' >/dev/null
}
has_rsyslog_tls || missing_required+=(rsyslog-gnutls)

install_packages() {
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo -n); else return 1; fi
  fi
  command -v apt-get >/dev/null 2>&1 || return 1
  echo "npm test: installing Debian packages: $*"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ ${#missing_required[@]} -gt 0 ] && ! install_packages "${missing_required[@]}"; then
  echo "npm test: missing tools the test suites need, and they could not be installed here (not root, no password-less sudo, not Debian, or apt-get failed)." >&2
  echo "Install them, then run npm test again:" >&2
  echo "    sudo apt-get install -y ${missing_required[*]}" >&2
  echo "(other systems: redis-server + redis-cli, xmllint, xsltproc, python3, openssl and rsyslogd with its gtls module on the PATH)" >&2
  exit 1
fi
# Optional tools are installed separately, so their absence can never block the required ones.
if [ ${#missing_optional[@]} -gt 0 ] && ! install_packages "${missing_optional[@]}"; then
  echo "npm test: optional ${missing_optional[*]} not installed (java is only needed for the validators' java/saxon engines)" >&2
fi

# The conformance kits are part of the repository (test/conformance) and are run, never written:
# validate-ccda.sh caches its compiled Schematron under TMPDIR, so the checkout may be read-only.
for validator in test/conformance/ihe/validate.sh test/conformance/ccda/validate-ccda.sh; do
  if [ ! -f "$validator" ]; then
    echo "npm test: $validator not found: the checkout is incomplete (restore it with git checkout -- test/conformance)" >&2
    exit 1
  fi
done
export TMPDIR="${TMPDIR:-/tmp}"

exec npx jest --ci "$@"
