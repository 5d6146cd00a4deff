//! The schedule as a POSIX shell script and its crontab lines: the script's fixed text (its
//! helpers, the template check, the launch with its answer), the form's data as shell words, and
//! the name's pieces worked out when it runs.

use std::fmt::Write;

use super::check::SCRIPT_JSON;
use super::{joined, seconds_and_months, Schedule, ScheduledLaunch, Slot, UnsafeBlock};
use crate::domain::formula::NamePart;
use crate::domain::syntax::{ascii_json, one_line, shell, yaml};

impl ScheduledLaunch {
    /// A file name for the script: `launch-<title as a slug>.sh`.
    pub fn script_name(&self) -> String {
        let slug: String = self
            .title
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let slug = slug
            .split('-')
            .filter(|s| !s.is_empty())
            .take(6)
            .collect::<Vec<_>>()
            .join("-");
        format!(
            "launch-{}.sh",
            if slug.is_empty() { "process" } else { &slug }
        )
    }

    /// A POSIX shell script that launches once: dates from the clock when it runs (or from
    /// `TALLYFY_NOW`, for tests), the token from `TALLYFY_TOKEN`, a 429 waited out as the API
    /// says, a 5xx never sent again, and a non-zero exit with the API's message on failure.
    /// Refused when it would hold a line break other than LF or a character YAML cannot carry
    /// (it is also the workflow's step), which no text from the form can bring.
    pub fn shell_script(&self, schedule: &Schedule) -> Result<String, UnsafeBlock> {
        let script = self.script_text(schedule);
        yaml::block(&script, 0)?;
        Ok(script)
    }

    fn script_text(&self, schedule: &Schedule) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "#!/bin/sh");
        let _ = writeln!(
            s,
            "# Tallyfy Launcher: launches \"{}\" once. Scheduled {} ({}).",
            one_line(&self.title),
            schedule.describe(),
            schedule.cron()
        );
        s.push_str(SCRIPT_HEAD);
        s.push_str(SCRIPT_JSON);
        let pieces = self.pieces(false);
        // The lines below hold the form's data in single quotes, on purpose: a `$`, a backslash or
        // a backtick in a value is text, never expanded.
        const DATA: &str = "# shellcheck disable=SC1003,SC2016";
        match &self.check {
            Some((template_url, relied)) => {
                let relied = ascii_json(&serde_json::to_string(relied).unwrap_or_default());
                let _ = writeln!(
                    s,
                    "# What this script relies on in the template, read before each launch."
                );
                let _ = writeln!(
                    s,
                    "{DATA}
template_url={}",
                    shell::word(template_url)
                );
                let _ = writeln!(
                    s,
                    "{DATA}
relied={}",
                    shell::word(&relied)
                );
            }
            None => {
                let _ = writeln!(s, "check=0\ntemplate_url=\nrelied=");
            }
        }
        for (index, slot) in self.slots.iter().enumerate() {
            let _ = writeln!(s, "{DATA}");
            match slot {
                Slot::Name(parts) => {
                    let (dates, word) = shell_name(parts, index);
                    for line in dates {
                        let _ = writeln!(s, "{line}\n{DATA}");
                    }
                    let _ = writeln!(s, "slot{index}=$(trimmed {word})");
                    let _ = writeln!(
                        s,
                        "[ -n \"$slot{index}\" ] || fail 'the process name came out empty; nothing was launched.'"
                    );
                }
                Slot::Deadline(seconds) => {
                    let _ = writeln!(s, "slot{index}=$(utc_at {seconds})");
                }
            }
        }
        let mut body = String::from("body=");
        for (index, piece) in pieces.iter().enumerate() {
            body.push_str(&shell::word(piece));
            if index < self.slots.len() {
                // A JSON string: literal quotes around the run's value, escaped.
                let _ = write!(body, r#""\"$(json_text "$slot{index}")\"""#);
            }
        }
        let _ = writeln!(s, "{DATA}\n{body}");
        let _ = writeln!(s, "{DATA}\nurl={}", shell::word(&self.url));
        let headers: Vec<String> = self
            .headers
            .iter()
            .map(|(name, value)| format!("-H {}", shell::word(&format!("{name}: {value}"))))
            .collect();
        let _ = writeln!(s, "{DATA}\nset -- {}", headers.join(" "));
        s.push_str(SCRIPT_SEND);
        s
    }

    /// The crontab lines that run the script at `path` on the schedule.
    pub fn crontab(&self, schedule: &Schedule, path: &str) -> String {
        format!(
            "# Tallyfy Launcher: launch \"{}\" {}.\n\
             # The script reads the token from TALLYFY_TOKEN: set it in this crontab's environment\n\
             # (a line TALLYFY_TOKEN=… above, in a crontab only you can read), never in the script.\n\
             # CRON_TZ=UTC makes cronie and systemd-cron use UTC; Debian's cron uses the machine's\n\
             # time zone, so shift the hour if that is not UTC.\n\
             CRON_TZ=UTC\n\
             {} {} >>\"$HOME/tallyfy-launch.log\" 2>&1\n",
            one_line(&self.title),
            schedule.describe(),
            schedule.cron(),
            shell::word(path)
        )
    }
}

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
# Run it from cron, CI or by hand:  TALLYFY_TOKEN=... sh ./this-script.sh [--no-check]
#   TALLYFY_TOKEN  your Tallyfy API token (Settings > Integrations > REST API). Never written here.
#   TALLYFY_NOW    for tests only: the time its dates are worked out from, e.g. 2026-12-01T09:00:00Z
#   --no-check, or TALLYFY_SKIP_TEMPLATE_CHECK=1: launch without first checking the template.
# It first reads the template: when a field, option or step it sends is gone or changed, or a
# field became required, it launches nothing and says what changed.
# Dates follow the machine's time zone (TZ). Needs curl and GNU date (Linux; on macOS, coreutils).
# A 429 is waited out as Tallyfy asks (at most 4 times); a 5xx is never sent again, since the
# process may have launched. On failure it prints Tallyfy's message and exits non-zero.
set -eu

check=1
if [ "${1:-}" = --no-check ] || [ "${TALLYFY_SKIP_TEMPLATE_CHECK:-}" = 1 ]; then
  check=0
fi

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

/// The script's requests and their answers, after the body, URL and headers are set: the
/// template read and compared first (unless `check` is 0), then the launch.
pub(super) const SCRIPT_SEND: &str = r#"
out=$(mktemp)
head=$(mktemp)
trap 'rm -f "$out" "$head"' EXIT

# The text at the path $1 of the answer (such as /data/name), in any awk.
answer() {
  LC_ALL=C awk -v want="$1" "$json_awk"'{ text = text $0 "\n" } END { jparse(text); if (want in v) printf "%s", clean(v[want]) }' "$out"
}

# Tallyfy's message (without its closing full stop: the sentence goes on), else the start of
# the answer.
message() {
  text=$(answer /message)
  [ -n "$text" ] || text=$(answer /error/message)
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

# Sends $method to $target ($data as the body, when there is one) with the headers "$@", the
# token on curl's standard input so no process list shows it: the answer in $out, its headers
# in $head, the status in $status. A 429 is waited out as Tallyfy asks (at most 4 times); an
# hourly cap is not. Fails (1) when curl gets no answer.
send() {
  tries=0
  while :; do
    if [ -n "$data" ]; then
      status=$(printf 'Authorization: Bearer %s\n' "$TALLYFY_TOKEN" |
        curl --globoff -sS -o "$out" -D "$head" -w '%{http_code}' -X "$method" -H @- "$@" --data-binary "$data" "$target") || return 1
    else
      status=$(printf 'Authorization: Bearer %s\n' "$TALLYFY_TOKEN" |
        curl --globoff -sS -o "$out" -D "$head" -w '%{http_code}' -X "$method" -H @- "$@" "$target") || return 1
    fi
    [ "$status" = 429 ] || return 0
    if grep -q 'RATE_LIMIT_EXCEEDED' "$out"; then
      fail "Tallyfy answered 429: $(message). That is an hourly cap: not waited out here; run it again later."
    fi
    tries=$((tries + 1))
    [ "$tries" -le 4 ] || fail "Tallyfy answered 429 five times: $(message). Nothing was launched; run it again later."
    wait=$(retry_after)
    printf 'tallyfy-launch: Tallyfy answered 429 (too many requests); sending again in %s s.\n' "$wait" >&2
    sleep "$wait"
  done
}

# The template first: what this script sends must still be there, or it launches nothing.
if [ "$check" = 1 ]; then
  method=GET
  target=$template_url
  data=
  send "$@" || fail "the template could not be read from $template_url (curl failed). Nothing was launched."
  case "$status" in
    2??) ;;
    *) fail "Tallyfy answered $status when the template was read: $(message). Nothing was launched." ;;
  esac
  changes=$(template_changes) || fail "the template's answer could not be read. Nothing was launched."
  [ -z "$changes" ] || fail "the template changed since this script was written, so nothing was launched:
$changes
Export the schedule again from the launcher, or run this script with --no-check (or TALLYFY_SKIP_TEMPLATE_CHECK=1) to launch anyway."
fi

method=POST
target=$url
data=$body
send "$@" || fail "the request got no answer from $url (curl failed). It is not sent again: the process may have launched; look in Tallyfy before running this again."
case "$status" in
  2??)
    printf 'Launched "%s": process %s\n' "$(answer /data/name)" "$(answer /data/id)"
    ;;
  5??)
    fail "Tallyfy answered $status: $(message). It is not sent again: the process may have launched; look in Tallyfy before running this again."
    ;;
  *)
    fail "Tallyfy answered $status: $(message). Nothing was launched. The answer: $(head -c 2000 "$out" | redacted)"
    ;;
esac
"#;
