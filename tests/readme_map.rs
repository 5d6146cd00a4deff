//! The README's "How the code is laid out" is checked against the tree: every path it names
//! exists, every folder of `src/` has its own line, and that line names each of the folder's
//! modules, so the map cannot drift from the territory again.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// One line of the map that names paths, with its description (continuation lines included).
#[derive(Debug)]
struct Entry {
    paths: Vec<String>,
    description: String,
}

/// The map's code block.
fn map_block(readme: &str) -> Vec<String> {
    let section = readme
        .split("\n## How the code is laid out\n")
        .nth(1)
        .expect("the README has a section \"How the code is laid out\"");
    let block = section
        .split("```")
        .nth(1)
        .expect("the section holds a code block");
    block.lines().skip(1).map(str::to_string).collect()
}

/// Whether a word is a path the map names (`dir/`, `file.rs`, `tests/*.rs`).
fn is_path(word: &str) -> bool {
    word.ends_with('/') || word.contains('.') && !word.ends_with('.')
}

/// The entries, each path resolved against the folder of the line it is indented under.
fn entries(lines: &[String]) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    // The folder at each indent (0, 2, 4, …) of the lines read so far.
    let mut parents: BTreeMap<usize, String> = BTreeMap::new();
    for line in lines {
        let indent = line.len() - line.trim_start().len();
        let rest = line.trim_start();
        // Names come first, separated by ", " and ended by two spaces or the line's end.
        let (names, description) = match rest.find("  ") {
            Some(at) => (&rest[..at], rest[at..].trim()),
            None => (rest, ""),
        };
        let words: Vec<&str> = names.split(", ").map(str::trim).collect();
        let names_paths = !names.is_empty() && indent < 20 && words.iter().all(|w| is_path(w));
        if !names_paths {
            let last = out.last_mut().expect("a description follows a named line");
            last.description.push(' ');
            last.description.push_str(rest.trim());
            continue;
        }
        let parent = parents
            .range(..indent)
            .next_back()
            .map(|(_, p)| p.clone())
            .unwrap_or_default();
        parents.retain(|&i, _| i < indent);
        let paths: Vec<String> = words.iter().map(|w| format!("{parent}{w}")).collect();
        if let Some(folder) = paths.iter().find(|p| p.ends_with('/')) {
            parents.insert(indent, folder.clone());
        }
        match out.last_mut() {
            // A line of names only continues the names of the line above (a long list).
            Some(last) if description.is_empty() && indent > 0 && !paths[0].ends_with('/') => {
                last.paths.extend(paths)
            }
            _ => out.push(Entry {
                paths,
                description: description.to_string(),
            }),
        }
    }
    out
}

fn folders_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.push(path.clone());
            folders_under(&path, out);
        }
    }
}

fn relative(path: &Path) -> String {
    path.strip_prefix(ROOT)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// What is wrong with the map, one line each.
fn problems(readme: &str) -> Vec<String> {
    let entries = entries(&map_block(readme));
    let mut problems = Vec::new();
    let named: Vec<&String> = entries.iter().flat_map(|e| &e.paths).collect();
    for path in &named {
        let exists = if path.contains('*') {
            let (dir, pattern) = path.rsplit_once('/').unwrap();
            let suffix = pattern.trim_start_matches('*');
            fs::read_dir(Path::new(ROOT).join(dir))
                .map(|d| {
                    d.flatten()
                        .any(|f| f.file_name().to_string_lossy().ends_with(suffix))
                })
                .unwrap_or(false)
        } else {
            Path::new(ROOT).join(path).exists()
        };
        if !exists {
            problems.push(format!("the map names {path}, which does not exist"));
        }
    }
    let mut folders = vec![Path::new(ROOT).join("src")];
    folders_under(&Path::new(ROOT).join("src"), &mut folders);
    for folder in folders {
        let name = format!("{}/", relative(&folder));
        let Some(entry) = entries.iter().find(|e| e.paths.contains(&name)) else {
            problems.push(format!("{name} has no line of its own in the map"));
            continue;
        };
        let words: Vec<String> = entry
            .description
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map(str::to_string)
            .collect();
        for file in fs::read_dir(&folder).unwrap().flatten() {
            let file_name = file.file_name().to_string_lossy().to_string();
            let Some(module) = file_name.strip_suffix(".rs") else {
                continue;
            };
            let listed = named.iter().any(|p| **p == format!("{name}{file_name}"));
            if module != "mod" && !listed && !words.iter().any(|w| w == module) {
                problems.push(format!(
                    "the line for {name} does not name its module {module}"
                ));
            }
        }
    }
    problems
}

#[test]
fn the_readme_map_matches_the_tree() {
    let readme = fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let problems = problems(&readme);
    assert!(
        problems.is_empty(),
        "README \"How the code is laid out\":\n{}",
        problems.join("\n")
    );
}

/// The check itself fails on the drift it exists for: a module the map does not name, a folder
/// without a line, a path that is gone.
#[test]
fn the_check_notices_a_module_without_a_line() {
    let readme = fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let without = |needle: &str| {
        let lines: Vec<&str> = readme
            .lines()
            .filter(|l| !l.trim_start().starts_with(needle))
            .collect();
        lines.join("\n")
    };
    let no_time_ago = readme.replace("frames), time_ago", "frames)");
    assert!(problems(&no_time_ago)
        .iter()
        .any(|p| p == "the line for src/domain/ does not name its module time_ago"));
    let no_syntax_line = without("syntax/");
    assert!(problems(&no_syntax_line)
        .iter()
        .any(|p| p == "src/domain/syntax/ has no line of its own in the map"));
    let gone = readme.replace("\nsw.js ", "\nsw2.js ");
    assert!(problems(&gone)
        .iter()
        .any(|p| p == "the map names sw2.js, which does not exist"));
}
