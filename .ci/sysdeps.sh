#!/usr/bin/env bash
# Installs the system packages Case Manager needs when they are missing: the libraries
# Qt's xcb and offscreen platforms load, the PostgreSQL server the tests start, and the
# tools used to look at screenshots and PDFs. Does nothing when all are there.
set -euo pipefail

need=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib libEGL.so.1 || need+=(libegl1)
have_lib libGL.so.1 || need+=(libgl1)
have_lib libxkbcommon.so.0 || need+=(libxkbcommon0)
have_lib libxkbcommon-x11.so.0 || need+=(libxkbcommon-x11-0)
have_lib libfontconfig.so.1 || need+=(libfontconfig1)
have_lib libdbus-1.so.3 || need+=(libdbus-1-3)
have_lib libxcb-cursor.so.0 || need+=(libxcb-cursor0)
have_lib libxcb-icccm.so.4 || need+=(libxcb-icccm4)
have_lib libxcb-keysyms.so.1 || need+=(libxcb-keysyms1)
have_lib libxcb-shape.so.0 || need+=(libxcb-shape0)
have_lib libxcb-xinerama.so.0 || need+=(libxcb-xinerama0)
have_lib libxcb-randr.so.0 || need+=(libxcb-randr0)
have_lib libxcb-render-util.so.0 || need+=(libxcb-render-util0)
have_lib libxcb-image.so.0 || need+=(libxcb-image0)
# Also loaded by Qt's xcb platform plugin (ldd libqxcb.so / libQt6XcbQpa.so.6):
have_lib libX11-xcb.so.1 || need+=(libx11-xcb1)
have_lib libxcb-shm.so.0 || need+=(libxcb-shm0)
have_lib libxcb-sync.so.1 || need+=(libxcb-sync1)
have_lib libxcb-xfixes.so.0 || need+=(libxcb-xfixes0)
have_lib libxcb-xkb.so.1 || need+=(libxcb-xkb1)
have_lib libxcb-util.so.1 || need+=(libxcb-util1)
have_lib libnss3.so || need+=(libnss3)
have_lib libasound.so.2 || need+=(libasound2)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
# The tests prove a partner without Case Manager opens a bundle with plain gpg.
command -v gpg >/dev/null 2>&1 || need+=(gnupg)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Missing system packages: ${need[*]} (install them with your package manager)" >&2
  exit 0
fi
echo "Installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
