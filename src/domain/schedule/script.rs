//! The shell script's fixed text (its helpers, and the request with its answer) and the name's
//! pieces as a shell word.

use super::{joined, seconds_and_months};
use crate::domain::formula::NamePart;
use crate::domain::syntax::{one_line, shell};

/// The name's pieces as one shell word (quoted text and `"$d<slot>_<n>"` dates), and the lines
/// before it that work each date out: one assignment each, so that `set -e` stops the script
/// when a date cannot be made (a substitution inside an argument would hide the failure).
pub(super) fn shell_name(parts: &[NamePart], slot: usize) -> (Vec<String>, String) {
    if parts.is_empty() {
        return (Vec::new(), "''".into());
    }
    let mut dates = Vec::new();
    let word = joined(parts)
        .iter()
        .map(|part| match part {
            NamePart::Text(text) => shell::word(&one_line(text)),
            NamePart::Date(date) => {
                let (seconds, months) = seconds_and_months(date);
                let name = format!("d{slot}_{}", dates.len());
                dates.push(format!(
                    "{name}=$(at {seconds} {months} {})",
                    shell::word(&date.format)
                ));
                format!("\"${name}\"")
            }
        })
        .collect();
    (dates, word)
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
    # Every month has day 28: a date GNU date refuses even then is out of its range.
    while ! date -d "$(printf '%04d-%02d-%02d' "$y" "$m" "$d")" >/dev/null 2>&1; do
      [ "$d" -gt 28 ] || fail "the date $y-$m is out of range; nothing was launched."
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

# Standard input with the token written as ****: what the script prints of an answer (into
# cron mails and CI logs) never shows it, even if a proxy echoes the request back.
redacted() {
  awk 'BEGIN { t = ENVIRON["TALLYFY_TOKEN"] }
    { out = ""; line = $0
      while (t != "" && (i = index(line, t)) > 0) { out = out substr(line, 1, i - 1) "****"; line = substr(line, i + length(t)) }
      print out line }'
}

"#;

/// The script's request and its answer, after the body, URL and headers are set.
pub(super) const SCRIPT_SEND: &str = r#"
out=$(mktemp)
head=$(mktemp)
trap 'rm -f "$out" "$head"' EXIT

# The first "key": "text" value in the answer, its JSON escapes decoded (\", \\, \n, \uXXXX
# and surrogate pairs, written as UTF-8), in any awk.
answer() {
  LC_ALL=C awk -v key="$1" '
    function hex(h,   i, n) { n = 0; for (i = 1; i <= 4; i++) n = n * 16 + index("0123456789abcdef", tolower(substr(h, i, 1))) - 1; return n }
    function utf8(c) {
      if (c < 128) return sprintf("%c", c)
      if (c < 2048) return sprintf("%c%c", 192 + int(c / 64), 128 + c % 64)
      if (c < 65536) return sprintf("%c%c%c", 224 + int(c / 4096), 128 + int(c / 64) % 64, 128 + c % 64)
      return sprintf("%c%c%c%c", 240 + int(c / 262144), 128 + int(c / 4096) % 64, 128 + int(c / 64) % 64, 128 + c % 64)
    }
    { text = text $0 "\n" }
    END {
      # The key is the first "key" followed by a colon (the same text as a value is skipped).
      rest = text
      while ((at = index(rest, "\"" key "\"")) > 0) {
        rest = substr(rest, at + length(key) + 2)
        if (match(rest, /^[ \t\r\n]*:[ \t\r\n]*/)) { rest = substr(rest, RLENGTH + 1); break }
      }
      if (at == 0 || substr(rest, 1, 1) != "\"") exit
      out = ""
      for (i = 2; i <= length(rest); i++) {
        c = substr(rest, i, 1)
        if (c == "\"") break
        if (c != "\\") { out = out c; continue }
        i++; e = substr(rest, i, 1)
        if (e == "n" || e == "r" || e == "t") out = out " "
        else if (e == "u") {
          code = hex(substr(rest, i + 1, 4)); i += 4
          if (code >= 55296 && code < 56320 && substr(rest, i + 1, 2) == "\\u") {
            code = 65536 + (code - 55296) * 1024 + hex(substr(rest, i + 3, 4)) - 56320; i += 6
          }
          out = out utf8(code)
        } else if (e == "b" || e == "f") out = out ""
        else out = out e
      }
      printf "%s", out
    }' "$out"
}

# Tallyfy's message (without its closing full stop: the sentence goes on), else the start of
# the answer.
message() {
  text=$(answer message)
  [ -n "$text" ] || text=$(head -c 300 "$out" | redacted)
  printf '%s' "${text%.}"
}

# How long a 429 asks to wait, in seconds: Retry-After as seconds or as an HTTP date; 30 when
# it says neither; at most 300.
retry_after() {
  value=$(sed -n 's/^[Rr][Ee][Tt][Rr][Yy]-[Aa][Ff][Tt][Ee][Rr]:[[:space:]]*//p' "$head" | head -n 1 | tr -d '\r')
  case "$value" in
    '') wait=30 ;;
    *[!0-9]*)
      if due=$(date -d "$value" +%s 2>/dev/null); then
        wait=$((due - $(date +%s)))
        [ "$wait" -ge 0 ] || wait=0
      else
        wait=30
      fi
      ;;
    *) wait=$value ;;
  esac
  [ "${#wait}" -le 6 ] && [ "$wait" -le 300 ] || wait=300
  printf '%s' "$wait"
}

tries=0
while :; do
  # The token goes to curl on its standard input, so no process list shows it.
  status=$(printf 'Authorization: Bearer %s\n' "$TALLYFY_TOKEN" |
    curl --globoff -sS -o "$out" -D "$head" -w '%{http_code}' -X POST -H @- "$@" --data-binary "$body" "$url") ||
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
      wait=$(retry_after)
      printf 'tallyfy-launch: Tallyfy answered 429 (too many requests); sending again in %s s.\n' "$wait" >&2
      sleep "$wait"
      ;;
    5??)
      fail "Tallyfy answered $status: $(message). It is not sent again: the process may have launched; look in Tallyfy before running this again."
      ;;
    *)
      fail "Tallyfy answered $status: $(message). Nothing was launched. The answer: $(head -c 2000 "$out" | redacted)"
      ;;
  esac
done
"#;
