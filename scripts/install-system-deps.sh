#!/usr/bin/env bash
# Installs the Debian packages Whistle needs, only if something is missing.
set -euo pipefail
need=()
pkg-config --exists libzmq 2>/dev/null || need+=(libzmq3-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)
[ -e /usr/include/sqlite3.h ] || need+=(libsqlite3-dev)
command -v docker-compose >/dev/null || need+=(docker-compose)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
# A real browser prints the mediation agreement in the tests; CJK fonts so it renders the Chinese.
command -v chromium >/dev/null || need+=(chromium)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
# The e-mail test makes its mail server's certificate with openssl.
command -v openssl >/dev/null || need+=(openssl)
# The across-hosts test puts each service in its own network namespace.
command -v ip >/dev/null || need+=(iproute2)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "installing: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
