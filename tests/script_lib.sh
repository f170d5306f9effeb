# Helpers shared by the shell tests; source it after setting $tmp (a
# scratch folder). Failures are counted in $failures.
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# expect CODE PATTERN NAME -- COMMAND...: runs COMMAND (standard output to
# $tmp/stdout, standard error to $tmp/stderr), checks its exit code and that
# standard error matches PATTERN (when not empty).
expect() {
  local code=$1 pattern=$2 name=$3
  shift 4
  "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  local got=$?
  [ "$got" -eq "$code" ] || fail "$name: exit $got, expected $code ($(head -c 300 "$tmp/stderr"))"
  [ -z "$pattern" ] || grep -q -- "$pattern" "$tmp/stderr" ||
    fail "$name: stderr lacks '$pattern': $(head -c 300 "$tmp/stderr")"
}
