//! Where the form's template came from, when there is something to say about it: read from
//! Tallyfy under another title than a file gave, or not checked with Tallyfy at all.

use crate::domain::fill::Fill;
use crate::domain::outcome::ApiError;
use crate::domain::template::Template;

/// Where the form's template came from, when a file (a preset, a saved form) named it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateCheck {
    /// Read from Tallyfy with the token: nothing to say.
    Tallyfy,
    /// Read from Tallyfy, which calls it otherwise than the file did.
    Renamed {
        /// The title the file gave.
        file_title: String,
    },
    /// The file's own field definitions, not read from Tallyfy (the launch still goes to the
    /// template id they name).
    NotChecked {
        /// Why not, as whole sentences.
        why: String,
    },
}

impl TemplateCheck {
    /// The check for `template`, read from Tallyfy for `fill`: renamed when the fill is a
    /// preset whose file gave another title.
    pub(super) fn of_read(template: &Template, fill: &Fill) -> TemplateCheck {
        let Fill::Preset(preset) = fill else {
            return TemplateCheck::Tallyfy;
        };
        let file_title = preset
            .template
            .as_ref()
            .map_or(preset.template_title.trim(), |t| t.title.trim());
        if file_title.is_empty() || file_title == template.title.trim() {
            TemplateCheck::Tallyfy
        } else {
            TemplateCheck::Renamed {
                file_title: file_title.to_string(),
            }
        }
    }
}

/// The check for a file's own definitions used because Tallyfy did not give the template.
pub(super) fn not_given(error: &ApiError) -> TemplateCheck {
    TemplateCheck::NotChecked {
        why: format!(
            "Its fields come from the file; Tallyfy did not give this template to this token: {error}"
        ),
    }
}
