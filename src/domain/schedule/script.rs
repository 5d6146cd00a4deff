//! The shell script's fixed text (its helpers, and the request with its answer) and the shell
//! quoting the generated lines use.

use super::{joined, one_line, seconds_and_months};
use crate::domain::formula::NamePart;

/// Single-quotes for a POSIX shell (any text, a quote included, stays one word).
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// The name's pieces as one shell word: quoted text and `$(at …)` dates.
pub(super) fn shell_name(parts: &[NamePart]) -> String {
    if parts.is_empty() {
        return "''".into();
    }
    joined(parts)
        .iter()
        .map(|part| match part {
            NamePart::Text(text) => shell_quote(&one_line(text)),
            NamePart::Date(date) => {
                let (seconds, months) = seconds_and_months(date);
                format!("\"$(at {seconds} {months} {})\"", shell_quote(&date.format))
            }
        })
        .collect()
}

/// The script's helpers, after its first comment line.
pub(super) const SCRIPT_HEAD: &str = r#"#
# Run it from cron, CI or by hand:  TALLYFY_TOKEN=... sh ./this-script.sh
#   TALLYFY_TOKEN  your Tallyfy API token (Settings > Integrations > REST API). Never written here.
#   TALLYFY_NOW    for tests only: the time its dates are worked out from, e.g. 2026-12-01T09:00:00Z
# Dates follow the machine's time zone (TZ). Needs curl and GNU date (Linux; on macOS, coreutils).
# A 429 is waited out as Tallyfy asks (at most 4 times); a 5xx is never sent again, since the
# process may have launched. On failure it prints Tallyfy's message and exits non-zero.
set -eu

fail() {
  printf 'tallyfy-launch: %s\n' "$1" >&2
  exit 1
}

[ -n "${TALLYFY_TOKEN:-}" ] || fail 'set TALLYFY_TOKEN to your Tallyfy API token; nothing was launched.'
command -v curl >/dev/null 2>&1 || fail 'curl is needed; nothing was launched.'
date -d @0 >/dev/null 2>&1 || fail 'GNU date is needed (on macOS: coreutils, with gdate as date); nothing was launched.'
now=$(date -d "${TALLYFY_NOW:-now}" +%s) || fail "TALLYFY_NOW is not a time: ${TALLYFY_NOW:-}"

# The launch time moved by $1 seconds and $2 months (the day kept, or the month's last), in the
# strftime format $3.
at() {
  secs=$((now + $1))
  if [ "$2" -ne 0 ]; then
    y=$(date -d "@$secs" +%Y)
    m=$(date -d "@$secs" +%m)
    d=$(date -d "@$secs" +%d)
    t=$(date -d "@$secs" +%H:%M:%S)
    total=$((y * 12 + ${m#0} - 1 + $2))
    y=$((total / 12))
    m=$((total % 12 + 1))
    d=${d#0}
    while ! date -d "$(printf '%04d-%02d-%02d' "$y" "$m" "$d")" >/dev/null 2>&1; do
      d=$((d - 1))
    done
    secs=$(date -d "$(printf '%04d-%02d-%02d %s' "$y" "$m" "$d" "$t")" +%s)
  fi
  date -d "@$secs" "+$3"
}

# The launch time plus $1 seconds, as the API's UTC instant.
utc_at() {
  date -u -d "@$((now + $1))" +%Y-%m-%dT%H:%M:%SZ
}

# Text without the spaces around it.
trimmed() {
  printf '%s' "$1" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//'
}

# Text as the inside of a JSON string.
json_text() {
  printf '%s' "$1" | tr -d '\000-\037' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'
}

"#;

/// The script's request and its answer, after the body, URL and headers are set.
pub(super) const SCRIPT_SEND: &str = r#"
out=$(mktemp)
head=$(mktemp)
trap 'rm -f "$out" "$head"' EXIT

# The first "key": "text" value in the answer.
answer() {
  grep -o "\"$1\"[[:space:]]*:[[:space:]]*\"[^\"]*\"" "$out" | head -n 1 | sed -e 's/^[^:]*:[[:space:]]*"//' -e 's/"$//'
}

# Tallyfy's message, else the start of the answer.
message() {
  text=$(answer message)
  [ -n "$text" ] || text=$(head -c 300 "$out")
  printf '%s' "$text"
}

tries=0
while :; do
  # The token goes to curl on its standard input, so no process list shows it.
  status=$(printf 'Authorization: Bearer %s\n' "$TALLYFY_TOKEN" |
    curl -sS -o "$out" -D "$head" -w '%{http_code}' -X POST -H @- "$@" --data-binary "$body" "$url") ||
    fail "the request got no answer from $url (curl failed). It is not sent again: the process may have launched; look in Tallyfy before running this again."
  case "$status" in
    2??)
      printf 'Launched "%s": process %s\n' "$(answer name)" "$(answer id)"
      exit 0
      ;;
    429)
      if grep -q 'RATE_LIMIT_EXCEEDED' "$out"; then
        fail "Tallyfy answered 429: $(message). That is an hourly cap: not waited out here; run it again later."
      fi
      tries=$((tries + 1))
      [ "$tries" -le 4 ] || fail "Tallyfy answered 429 five times: $(message). Nothing was launched; run it again later."
      wait=$(sed -n 's/^[Rr][Ee][Tt][Rr][Yy]-[Aa][Ff][Tt][Ee][Rr]:[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$head" | head -n 1)
      wait=${wait:-30}
      [ "$wait" -le 300 ] || wait=300
      printf 'tallyfy-launch: Tallyfy answered 429 (too many requests); sending again in %s s.\n' "$wait" >&2
      sleep "$wait"
      ;;
    5??)
      fail "Tallyfy answered $status: $(message). It is not sent again: the process may have launched; look in Tallyfy before running this again."
      ;;
    *)
      fail "Tallyfy answered $status: $(message). Nothing was launched. The answer: $(head -c 2000 "$out")"
      ;;
  esac
done
"#;
