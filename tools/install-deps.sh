#!/bin/sh
# install-deps.sh — install the Debian packages loopscope builds and tests
# with, if any is missing. Quiet and fast when everything is there.
set -eu

PKGS="make gcc clang pkg-config libclang-dev libunwind-dev libelf-dev libdw-dev
check libjansson-dev libyaml-dev libuv1-dev libevent-dev libev-dev
libglib2.0-dev libsystemd-dev libpcl1-dev liburing-dev mandoc valgrind
elfutils bear cmake linux-perf dpkg-dev time jq libclang-rt-dev libdebuginfod1 debuginfod
binutils xz-utils util-linux"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "loopscope: missing packages:$missing" >&2
	echo "loopscope: run as root, or: sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "loopscope: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
