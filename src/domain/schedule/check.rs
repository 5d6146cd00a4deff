//! The script's JSON reading and its template check, in POSIX shell and awk (no jq, no Python:
//! the script needs only curl and GNU date). The check says what changed in the words of
//! [`crate::domain::relied::Drift`], so the app and the script say the same thing.

/// The script's helpers for JSON: `json_awk`, an awk library any awk reads (`jparse(text)` fills
/// `v[path]`, paths such as `/data/prerun/0/id`, strings with their escapes decoded), and
/// `template_changes`, which compares the template in `$out` with what the script relies on.
pub(super) const SCRIPT_JSON: &str = r#"# Reading JSON in any awk: jparse(text) puts every value of the document in v[path] (paths such
# as /data/prerun/0/id; a string with its escapes decoded, \uXXXX and surrogate pairs as UTF-8)
# and sets bad when the text is not JSON; clean(text) is text to print, control characters as
# spaces.
json_awk='
function hex(h,   i, n) { n = 0; for (i = 1; i <= 4; i++) n = n * 16 + index("0123456789abcdef", tolower(substr(h, i, 1))) - 1; return n }
function clean(text) { gsub(/[\001-\037\177]/, " ", text); return text }
function utf8(c) {
  if (c == 0) return " "
  if (c < 128) return sprintf("%c", c)
  if (c < 2048) return sprintf("%c%c", 192 + int(c / 64), 128 + c % 64)
  if (c < 65536) return sprintf("%c%c%c", 224 + int(c / 4096), 128 + int(c / 64) % 64, 128 + c % 64)
  return sprintf("%c%c%c%c", 240 + int(c / 262144), 128 + int(c / 4096) % 64, 128 + int(c / 64) % 64, 128 + c % 64)
}
function jws() { while (pos <= len && index(" \t\r\n", substr(js, pos, 1)) > 0) pos++ }
function jstr(   out, c, e, code) {
  out = ""; pos++
  while (pos <= len) {
    c = substr(js, pos, 1); pos++
    if (c == "\"") return out
    if (c != "\\") { out = out c; continue }
    e = substr(js, pos, 1); pos++
    if (e == "u") {
      code = hex(substr(js, pos, 4)); pos += 4
      if (code >= 55296 && code < 56320 && substr(js, pos, 2) == "\\u") { code = 65536 + (code - 55296) * 1024 + hex(substr(js, pos + 2, 4)) - 56320; pos += 6 }
      out = out utf8(code)
    } else if (e == "n") out = out "\n"
    else if (e == "r") out = out "\r"
    else if (e == "t") out = out "\t"
    else if (e == "b") out = out "\b"
    else if (e == "f") out = out "\f"
    else out = out e
  }
  bad = 1; return out
}
function jvalue(path,   c, shut, k, i, e, start) {
  jws(); c = substr(js, pos, 1)
  if (bad || pos > len) { bad = 1; return }
  if (c == "{" || c == "[") {
    if (++depth > 64) { bad = 1; return }
    shut = (c == "{") ? "}" : "]"; pos++; jws()
    if (substr(js, pos, 1) == shut) { pos++; depth--; return }
    for (i = 0; !bad; i++) {
      k = i
      if (c == "{") {
        jws(); if (substr(js, pos, 1) != "\"") { bad = 1; break }
        k = jstr(); jws(); if (substr(js, pos, 1) != ":") { bad = 1; break }
        pos++
      }
      jvalue(path "/" k); jws()
      e = substr(js, pos, 1); pos++
      if (e == shut) break
      if (e != ",") bad = 1
    }
    depth--; return
  }
  if (c == "\"") { v[path] = jstr(); return }
  start = pos
  while (pos <= len && index("-+.0123456789eEtruefalsn", substr(js, pos, 1)) > 0) pos++
  if (pos == start) { bad = 1; return }
  v[path] = substr(js, start, pos - start)
}
function jparse(text) { split("", v); js = text; len = length(js); pos = 1; bad = 0; depth = 0; jvalue(""); jws(); if (pos <= len) bad = 1 }
'

# What changed in the template (the answer in $out) since this script was written, one line each,
# in the order fields, required fields, steps; nothing when unchanged. Fails (2) when either
# side is not JSON.
template_changes() {
  RELIED=$relied LC_ALL=C awk "$json_awk"'
    function flag(x) { return x == "true" || x == "yes" || (x != "" && x != "false" && x != "null" && x + 0 != 0) }
    # Nothing but white space, Unicode white space included (as the launcher trims names).
    function blank(x) { gsub(/[ \t\n\r\f\013]|\302[\205\240]|\341\232\200|\342\200[\200-\212\250\251\257]|\342\201\237|\343\200\200/, "", x); return x == "" }
    function kind(x) { x = tolower(x); gsub(/^[ \t]+|[ \t]+$/, "", x); return x == "short_text" ? "text" : x == "long_text" ? "textarea" : x }
    function tid(p) { return blank(t[p "/timeline_id"]) ? t[p "/id"] : t[p "/timeline_id"] }
    function tname(p) { return !blank(t[p "/label"]) ? t[p "/label"] : !blank(t[p "/alias"]) ? t[p "/alias"] : tid(p) }
    function place(i,   x) { x = t["/data/prerun/" i "/position"]; return (x ~ /^-?[0-9]+$/) ? x + 0 : i }
    { text = text $0 "\n" }
    END {
      jparse(text); if (bad) exit 2
      for (k in v) t[k] = v[k]
      jparse(ENVIRON["RELIED"]); if (bad) exit 2
      for (i = 0; ("/data/prerun/" i "/id") in t || ("/data/prerun/" i "/timeline_id") in t; i++) { field[tid("/data/prerun/" i)] = "/data/prerun/" i; fields = i + 1 }
      steps = "/data/steps/data"
      if (!((steps "/0/id") in t) && !((steps "/0/timeline_id") in t)) steps = "/data/steps"
      for (i = 0; (steps "/" i "/id") in t || (steps "/" i "/timeline_id") in t; i++) step[tid(steps "/" i)] = 1
      for (i = 0; ("/fields/" i "/id") in v; i++) {
        r = "/fields/" i; id = v[r "/id"]; sent[id] = 1
        if (!(id in field)) { print clean("field \"" (blank(v[r "/label"]) ? id : v[r "/label"]) "\" is no longer in the template"); continue }
        p = field[id]; label = blank(v[r "/label"]) ? tname(p) : v[r "/label"]
        now = kind(((p "/field_type") in t) ? t[p "/field_type"] : t[p "/type"])
        if (!blank(v[r "/type"]) && v[r "/type"] != now) { print clean("field \"" label "\" is now of type " now " (it was " v[r "/type"] ")"); continue }
        if (now != "radio" && now != "dropdown" && now != "multiselect" || !((p "/options/0/id") in t)) continue
        for (j = 0; ("/fields/" i "/options/" j "/text") in v; j++) {
          o = "/fields/" i "/options/" j; found = ""
          # A bare text is a radio choice: under another type it was no option.
          if (v[o "/id"] == "null" && now != "radio") continue
          for (n = 0; (p "/options/" n "/id") in t; n++) {
            q = p "/options/" n
            if (v[o "/id"] == "null") same = (t[q "/text"] == v[o "/text"]); else same = (t[q "/id"] + 0 == v[o "/id"] + 0)
            if (same) { found = q; break }
          }
          if (found == "") print clean("field \"" label "\" no longer has the option \"" v[o "/text"] "\"")
          else if (t[found "/text"] != v[o "/text"]) print clean("field \"" label "\": the option \"" v[o "/text"] "\" is now called \"" t[found "/text"] "\"")
        }
      }
      for (i = 0; ("/known/" i) in v; i++) known[v["/known/" i]] = 1
      # In position order, as the launcher reads fields (a stable insertion sort).
      for (i = 0; i < fields; i++) { x = i; for (j = i - 1; j >= 0 && place(order[j]) > place(x); j--) order[j + 1] = order[j]; order[j + 1] = x }
      for (i = 0; i < fields; i++) {
        p = "/data/prerun/" order[i]; id = tid(p)
        if (flag(t[p "/required"]) && !(id in sent) && !(id in known)) print clean("field \"" tname(p) "\" is now required, and this does not fill it")
      }
      for (i = 0; ("/steps/" i "/id") in v; i++) {
        if (!(v["/steps/" i "/id"] in step)) print clean("step \"" (blank(v["/steps/" i "/title"]) ? v["/steps/" i "/id"] : v["/steps/" i "/title"]) "\" is no longer in the template")
      }
    }' "$out"
}

"#;
