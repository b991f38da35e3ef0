# tests/e2e/lib.sh: what every end-to-end lane shares, sourced once WORK (its mktemp dir)
# is set. A lane that must clean up between scenarios defines e2e_between.
# Output is TAP-like: "ok/not ok N - name" lines, then exactly "N passed, M failed".
PASS=0 FAIL=0 N=0
fail() { echo "$*" > "$WORK/why"; exit 1; }
eq() { [ "$2" = "$3" ] || fail "$1: got '$(printf %s "$2" | tr '\n' '|' | cut -c1-160)', want '$3'"; }
has() { printf '%s' "$2" | grep -Eq -- "$3" || fail "$1: '$(printf %s "$2" | tr '\n' '|' | cut -c1-160)' !~ /$3/"; }

# t NAME COMMAND...: one scenario, in a subshell; E2E_ONLY=regex runs the matching ones (and setup)
t() {
  local name=$1; shift
  [ -n "${E2E_ONLY:-}" ] && [[ $name != setup* ]] && ! [[ $name =~ $E2E_ONLY ]] && return 0
  N=$((N+1)); rm -f "$WORK/why"
  if ( set -u; "$@" ) > "$WORK/out.$N" 2>&1; then PASS=$((PASS+1)); echo "ok $N - $name"
  else FAIL=$((FAIL+1)); echo "not ok $N - $name # $(cat "$WORK/why" 2>/dev/null || echo "exit $?")"; tail -5 "$WORK/out.$N" | sed 's/^/#   /'; fi
  # a scenario that failed half-way must not leave containers for the next one to count
  if declare -F e2e_between >/dev/null; then e2e_between; fi
}

# busybox_rootfs DIR [EXTRA_DIR...]: the image tree every lane builds (a static busybox, root
# and a uid 1000 user, a sticky /tmp); no registry is reachable here
busybox_rootfs() {
  local r=$1 a d; shift
  mkdir -p "$r"/{bin,etc,tmp,proc,sys,dev,root,home/user,run}
  for d in "$@"; do mkdir -p "$r/$d"; done
  cp "$BUSYBOX" "$r/bin/busybox"
  for a in $("$BUSYBOX" --list); do [ "$a" = busybox ] || ln -sf busybox "$r/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\n' > "$r/etc/passwd"
  printf 'root:x:0:\nuser:x:1000:\n' > "$r/etc/group"
  chmod 1777 "$r/tmp"; chown 1000:1000 "$r/home/user"
}

e2e_summary() { echo "$PASS passed, $FAIL failed"; [ "$FAIL" = 0 ]; }
