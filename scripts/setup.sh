#!/usr/bin/env bash
# Shared set-up for ./routec and ./test.sh: find a JDK >= 21, install missing system packages
# (as root, with apt), make sure bpffs is mounted. Sourced, not executed.

routec_die() { echo "routec: $*" >&2; exit 3; }

routec_find_jdk() {
  local cand v
  for cand in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -r) "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$cand" ] && [ -x "$cand/bin/javac" ] || continue
    v=$("$cand/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then export JAVA_HOME="$cand"; return 0; fi
  done
  return 1
}

# packages needed to build, compile BPF, load it and run the netns tests
ROUTEC_PKGS="clang llvm libbpf-dev bpftool gcc make iproute2 iputils-ping maven curl netcat-openbsd python3"

routec_install_missing() {
  local missing=() p
  for p in $ROUTEC_PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ! routec_find_jdk; then missing+=("openjdk-21-jdk-headless"); fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    routec_die "missing packages: ${missing[*]} (install them, or run as root on Debian/Ubuntu so routec can)"
  fi
  echo "routec: installing ${missing[*]} ..." >&2
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"; } >/tmp/routec-apt.log 2>&1 \
    || routec_die "apt-get install failed; see /tmp/routec-apt.log"
  routec_find_jdk || routec_die "no JDK >= 21 found under /usr/lib/jvm or JAVA_HOME"
}

routec_mount_bpffs() {
  [ "$(id -u)" = 0 ] || return 0
  mount | grep -q ' /sys/fs/bpf type bpf' || mount -t bpf bpf /sys/fs/bpf 2>/dev/null || true
}

routec_setup() {
  routec_install_missing
  routec_find_jdk || routec_die "no JDK >= 21 found under /usr/lib/jvm or JAVA_HOME"
  export PATH="$JAVA_HOME/bin:$PATH"
  routec_mount_bpffs
}
