//! How a template names its processes: Tallyfy's `auto_naming`,
//! `default_process_name_format` and `allow_launcher_change_name`.

use serde::{Deserialize, Serialize};

use super::Template;
use crate::domain::formula::{default_formula, label_placeholder, literal_formula};

/// The template's naming settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Naming {
    /// Whether the template names its processes from `format`.
    pub auto: bool,
    /// Tallyfy's name format, with its own `{{...}}` variables.
    pub format: String,
    /// Whether the launcher may change the name.
    pub launcher_can_rename: bool,
}

impl Default for Naming {
    fn default() -> Self {
        Naming {
            auto: false,
            format: String::new(),
            launcher_can_rename: true,
        }
    }
}

impl Naming {
    /// Whether Tallyfy alone names the process: auto-naming is on and the launcher may not
    /// change it, so `name` is left out of the launch.
    pub fn tallyfy_names_it(&self) -> bool {
        self.auto && !self.launcher_can_rename
    }
}

impl Template {
    /// The name formula the template's own format gives, when it has one: each `{{...}}` that
    /// names a kick-off field (by id, alias or label) becomes that field's placeholder, our
    /// date placeholders stay, and any other variable is kept as literal text.
    pub fn formula_from_format(&self) -> Option<String> {
        let format = self.naming.format.trim();
        if !self.naming.auto || format.is_empty() {
            return None;
        }
        let mut out = String::new();
        let mut rest = format;
        while let Some((before, after)) = rest.split_once("{{") {
            out.push_str(&literal_formula(before));
            match after.split_once("}}") {
                Some((inner, next)) => {
                    out.push_str(&self.placeholder_for(inner.trim()));
                    rest = next;
                }
                None => {
                    out.push_str(&literal_formula(&format!("{{{{{after}")));
                    rest = "";
                }
            }
        }
        out.push_str(&literal_formula(rest));
        Some(out)
    }

    /// The name formula a new form starts from: the template's own format, else
    /// "<title> – {{today}}".
    pub fn initial_formula(&self) -> String {
        self.formula_from_format()
            .unwrap_or_else(|| default_formula(&self.title))
    }

    fn placeholder_for(&self, variable: &str) -> String {
        if let [field] = self.fields_named(variable).as_slice() {
            // A label that would be read as formula syntax (braces) or holds a line break stays
            // out of the formula: it would make a placeholder of its own.
            if let Some(placeholder) = label_placeholder(&field.label) {
                return placeholder;
            }
        }
        // The words are ASCII, so ignoring ASCII case is ignoring case.
        let lower = variable.to_ascii_lowercase();
        if ["today", "now", "date"].contains(&lower.as_str()) {
            let ours = if lower == "date" { "today" } else { &lower };
            return format!("{{{{{ours}}}}}");
        }
        literal_formula(&format!("{{{{{variable}}}}}"))
    }
}
