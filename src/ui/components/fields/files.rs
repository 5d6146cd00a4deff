//! Files given by URL.

use leptos::prelude::*;

use super::control::Control;
use crate::domain::values::{FieldInput, FileEntry};

pub(super) fn file_input(ctrl: Control) -> AnyView {
    let aria = ctrl.aria();
    let (field, input, on_edit) = (ctrl.field, ctrl.input, ctrl.on_edit);
    let label = field.display_name().to_string();
    let count = Memo::new(move |_| input.with(|i| i.files().len()));
    let edit = move |index: usize, url: Option<String>, name: Option<String>| {
        let mut files = input.with_untracked(|i| i.files().to_vec());
        if let Some(file) = files.get_mut(index) {
            if let Some(url) = url {
                file.url = url;
            }
            if let Some(name) = name {
                file.filename = name;
            }
        }
        on_edit.run(FieldInput::Files(files));
    };
    let rows = move || {
        let label = label.clone();
        let aria = aria.clone();
        (0..count.get())
            .map(|index| {
                let url_label = format!("{label}: file {} URL", index + 1);
                let name_label = format!("{label}: file {} name", index + 1);
                let remove_label = format!("Remove file {} of {label}", index + 1);
                view! {
                    <div class="input-row file-row">
                        <input type="url" aria-label=url_label placeholder="https://…"
                            aria-invalid=aria.invalid() aria-describedby=aria.described_by()
                            prop:value=move || input.with(|i| i.files().get(index).map(|f| f.url.clone()).unwrap_or_default())
                            on:input=move |ev| edit(index, Some(event_target_value(&ev)), None) />
                        <input type="text" aria-label=name_label placeholder="File name (optional)"
                            prop:value=move || input.with(|i| i.files().get(index).map(|f| f.filename.clone()).unwrap_or_default())
                            on:input=move |ev| edit(index, None, Some(event_target_value(&ev))) />
                        <button type="button" class="secondary small" aria-label=remove_label on:click=move |_| {
                            let mut files = input.with_untracked(|i| i.files().to_vec());
                            if index < files.len() {
                                files.remove(index);
                            }
                            if files.is_empty() {
                                files.push(FileEntry::default());
                            }
                            on_edit.run(FieldInput::Files(files));
                        }>"Remove"</button>
                    </div>
                }
            })
            .collect_view()
    };
    let add_label = format!("Add file to {}", field.display_name());
    view! {
        <div class="files">{rows}</div>
        <div>
            <button type="button" class="secondary small" aria-label=add_label on:click=move |_| {
                let mut files = input.with_untracked(|i| i.files().to_vec());
                files.push(FileEntry::default());
                on_edit.run(FieldInput::Files(files));
            }>"Add file"</button>
        </div>
    }
    .into_any()
}
