//! Real readers of the languages the exports are written in: `sh` (parse, and run against a
//! stub curl), Ruby (Workato's formula mode: evaluate, and lex for interpolation), YAML
//! (serde_yaml). `scripts/setup.sh --test` installs `ruby`; these panic, never skip, without it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// A fresh scratch folder under the target directory.
pub fn scratch(name: &str) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir =
        std::env::temp_dir().join(format!("tallyfy-exports-{}-{name}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `sh -n`: whether the shell reads `script` without a syntax error (and the error if not).
pub fn sh_parses(script: &str) -> Result<(), String> {
    let out = Command::new("sh")
        .args(["-n", "-c", script])
        .output()
        .expect("sh runs");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// shellcheck's findings on a POSIX `script` (empty when clean).
pub fn shellcheck(script: &str) -> String {
    let mut child = Command::new("shellcheck")
        .args(["-s", "sh", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("shellcheck is installed (scripts/setup.sh --test installs it)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// What a script handed to curl: its arguments, its standard input, and the exit.
#[derive(Debug)]
pub struct CurlCall {
    /// Every argument of the last call, in order.
    pub args: Vec<String>,
    /// Every call's arguments, in the order they were made.
    pub calls: Vec<Vec<String>>,
    /// What it read on standard input (the token's header).
    pub stdin: String,
    /// The script's exit status and output.
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

const STUB_CURL: &str = r#"#!/bin/sh
# Records its arguments (NUL-separated) and stdin, and gives the next answer of $STUB_DIR/answers:
# answer N is N.status, N.head (header lines) and N.body; the last one repeats.
for arg in "$@"; do printf '%s\0' "$arg"; done > "$STUB_DIR/args"
calls=$(cat "$STUB_DIR/calls" 2>/dev/null || echo 0)
calls=$((calls + 1))
echo "$calls" > "$STUB_DIR/calls"
cp "$STUB_DIR/args" "$STUB_DIR/args.$calls"
cat > "$STUB_DIR/stdin"
n=$(cat "$STUB_DIR/count" 2>/dev/null || echo 0)
n=$((n + 1))
[ -f "$STUB_DIR/answers/$n.status" ] || n=$((n - 1))
echo "$n" > "$STUB_DIR/count"
out=
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out=$2; shift ;;
    -D) { printf 'HTTP/1.1 %s X\r\n' "$(cat "$STUB_DIR/answers/$n.status")"; cat "$STUB_DIR/answers/$n.head"; printf '\r\n'; } > "$2"; shift ;;
  esac
  shift
done
[ -z "$out" ] || cat "$STUB_DIR/answers/$n.body" > "$out"
cat "$STUB_DIR/answers/$n.status"
"#;

/// One answer the stub curl gives: status, header lines (`Name: value`), body.
pub struct Answer<'a>(pub u16, pub &'a [&'a str], pub &'a str);

/// Runs `script` as cron would (a bare environment, the token, a fixed clock), with a stub
/// `curl` first on PATH that answers `answer` with 201.
pub fn run_with_stub_curl(script: &str, token: &str, answer: &str) -> CurlCall {
    run_with_answers(script, token, &[Answer(201, &[], answer)])
}

/// Runs `script` against a stub curl giving `answers` in turn (the last one repeats), under a
/// 20-second limit (a script that never ends fails the test).
pub fn run_with_answers(script: &str, token: &str, answers: &[Answer<'_>]) -> CurlCall {
    run_script(script, token, answers, &[], &[])
}

/// [`run_with_answers`] with more environment (`env`) and arguments to the script (`args`).
pub fn run_script(
    script: &str,
    token: &str,
    answers: &[Answer<'_>],
    env: &[(&str, &str)],
    args: &[&str],
) -> CurlCall {
    let dir = scratch("sh");
    let bin = dir.join("bin");
    std::fs::create_dir_all(dir.join("answers")).unwrap();
    std::fs::create_dir_all(&bin).unwrap();
    for (i, Answer(status, head, body)) in answers.iter().enumerate() {
        let file = |ext: &str| dir.join("answers").join(format!("{}.{ext}", i + 1));
        std::fs::write(file("status"), status.to_string()).unwrap();
        let head: String = head.iter().map(|h| format!("{h}\r\n")).collect();
        std::fs::write(file("head"), head).unwrap();
        std::fs::write(file("body"), body).unwrap();
    }
    let curl = bin.join("curl");
    std::fs::write(&curl, STUB_CURL).unwrap();
    make_executable(&curl);
    // ("AWK", command): the script's awk is that one (mawk, gawk, BWK's, busybox's).
    let env: Vec<(&str, &str)> = env
        .iter()
        .copied()
        .filter(|(key, command)| {
            if *key != "AWK" {
                return true;
            }
            let awk = bin.join("awk");
            std::fs::write(&awk, format!("#!/bin/sh\nexec {command} \"$@\"\n")).unwrap();
            make_executable(&awk);
            false
        })
        .collect();
    let file = dir.join("launch.sh");
    std::fs::write(&file, script).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("timeout")
        .arg("20")
        .arg("sh")
        .arg(&file)
        .args(args)
        .env_clear()
        .env("PATH", path)
        .env("TZ", "UTC")
        .env("TALLYFY_TOKEN", token)
        .env("TALLYFY_NOW", "2026-12-07T07:30:00Z")
        .env("STUB_DIR", &dir)
        .envs(env)
        .output()
        .expect("sh runs");
    let read_args = |name: &str| -> Vec<String> {
        std::fs::read(dir.join(name))
            .unwrap_or_default()
            .split(|b| *b == 0)
            .filter(|a| !a.is_empty())
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect()
    };
    let count: usize = std::fs::read_to_string(dir.join("calls"))
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .unwrap_or(0);
    let call = CurlCall {
        args: read_args("args"),
        calls: (1..=count)
            .map(|n| read_args(&format!("args.{n}")))
            .collect(),
        stdin: std::fs::read_to_string(dir.join("stdin")).unwrap_or_default(),
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    let _ = std::fs::remove_dir_all(&dir);
    call
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut permissions = std::fs::metadata(path).unwrap().permissions();
    permissions.set_mode(0o755);
    std::fs::set_permissions(path, permissions).unwrap();
}

/// What Workato's formula mode has that plain Ruby lacks (`workato_prelude.rb`, shared with
/// the end-to-end tests).
const WORKATO_PRELUDE: &str = include_str!("workato_prelude.rb");

/// Evaluates `text` in formula mode with the sample `pills` and gives its value as JSON.
pub fn ruby_eval(text: &str, pills: &Value) -> Result<Value, String> {
    let dir = scratch("rb");
    std::fs::write(dir.join("pills.json"), pills.to_string()).unwrap();
    std::fs::write(dir.join("formula.rb"), text).unwrap();
    let program = format!(
        "{WORKATO_PRELUDE}\nputs JSON.generate(eval(File.read(ENV.fetch('FORMULA')), binding, 'formula.rb'))"
    );
    let out = ruby(
        &program,
        &[
            ("PILLS", dir.join("pills.json")),
            ("FORMULA", dir.join("formula.rb")),
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
    let (ok, stdout, stderr) = out;
    if !ok {
        return Err(stderr);
    }
    serde_json::from_str(&stdout).map_err(|e| format!("{e}: {stdout}"))
}

/// Ruby's own lexer over `text`: the kinds of its tokens that interpolate (`#{`, `#@`, `#$`)
/// and every comment token, as (line, column, text).
pub fn ruby_lex(text: &str) -> (Vec<String>, Vec<(usize, usize, String)>) {
    let dir = scratch("lex");
    std::fs::write(dir.join("formula.rb"), text).unwrap();
    let program = r#"
require 'ripper'
require 'json'
tokens = Ripper.lex(File.read(ENV.fetch('FORMULA')))
live = tokens.select { |t| [:on_embexpr_beg, :on_embvar].include?(t[1]) }.map { |t| t[2] }
notes = tokens.select { |t| t[1] == :on_comment }.map { |t| [t[0][0], t[0][1], t[2]] }
puts JSON.generate({'live' => live, 'notes' => notes})
"#;
    let (ok, stdout, stderr) = ruby(program, &[("FORMULA", dir.join("formula.rb"))]);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(ok, "ruby's lexer ran: {stderr}");
    let value: Value = serde_json::from_str(&stdout).unwrap();
    let live = value["live"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    let notes = value["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n[0].as_u64().unwrap() as usize,
                n[1].as_u64().unwrap() as usize,
                n[2].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (live, notes)
}

/// Runs a Ruby program: (succeeded, stdout, stderr).
fn ruby(program: &str, env: &[(&str, PathBuf)]) -> (bool, String, String) {
    let mut command = Command::new("ruby");
    command
        .args(["-W0", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command
        .spawn()
        .expect("ruby is installed (scripts/setup.sh --test installs Debian's ruby)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(program.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
