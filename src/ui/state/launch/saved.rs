//! The form this tab is filling, saved to the tab's storage as it is typed, so a reload (or a
//! crash) brings it back. Both the writing and the reading are done by the fill chunk
//! ([`super::fill`]): the form's chunk carries neither the saved form's JSON writer nor its
//! reader, and a linked form never waits for them.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::fill::{load_fill_call, FillCall};
use super::LaunchSession;
use crate::domain::fill::Fill;
use crate::domain::json_text::{parse, stringify};
use crate::domain::preset::Preset;
use crate::ui::browser::dom::after_first_paint;
use crate::ui::browser::storage::{self, Area};
use crate::ui::state::Level;

/// Writes the newest snapshot not yet written (taken here, in the chunk, so whichever call runs
/// last writes the newest form).
pub(super) fn write_newest(unsaved: StoredValue<Option<Preset>>) {
    let Some(snapshot) = unsaved.try_update_value(Option::take).flatten() else {
        return;
    };
    if let Ok(value) = serde_json::to_value(&snapshot) {
        // A refusal (storage full) only means a reload starts from an empty form.
        let _ = storage::set(Area::Session, storage::DRAFT_KEY, &stringify(&value));
    }
}

/// Hands the newest snapshot to the fill chunk. A chunk that did not download drops
/// the snapshot, and the next change tries again with the whole form.
async fn write_in_chunk(unsaved: StoredValue<Option<Preset>>, written: StoredValue<bool>) {
    if load_fill_call(FillCall::Write(unsaved)).await.is_ok() {
        written.try_set_value(true);
    } else {
        unsaved.try_set_value(None);
    }
}

/// Writes the newest snapshot. The first write waits until the form has been painted, so the
/// chunk's download never holds up (or counts against) the form the user is waiting for; once a
/// write has gone through, each change is written at once.
fn write_soon(unsaved: StoredValue<Option<Preset>>, written: StoredValue<bool>) {
    if written.try_get_value().unwrap_or(false) {
        spawn_local(write_in_chunk(unsaved, written));
    } else {
        after_first_paint(move || spawn_local(write_in_chunk(unsaved, written)));
    }
}

impl LaunchSession {
    /// Saves the form to this tab's storage as it is typed, so a reload (or a crash) brings it
    /// back with [`LaunchSession::restore_saved_form`]. Started by the form, once: until a form
    /// is shown there is nothing new to save.
    pub fn keep_saving_the_form(&self) {
        if self.autosaving.get_value() {
            return;
        }
        self.autosaving.set_value(true);
        let session = *self;
        let save = move || {
            // The newest snapshot the chunk has not written yet: while there is one, a write
            // is on its way and takes the newest when it runs.
            let unsaved = StoredValue::new(None::<Preset>);
            let written = StoredValue::new(false);
            Effect::new(move |_| {
                let Some(form) = session.form.get() else {
                    return;
                };
                let snapshot =
                    Preset::of_form(&form.template, form.draft(), session.is_hand_made());
                let on_its_way = unsaved.with_value(Option::is_some);
                unsaved.set_value(Some(snapshot));
                if !on_its_way {
                    write_soon(unsaved, written);
                }
            });
        };
        match self.owner.get_value() {
            Some(owner) => owner.with(save),
            None => save(),
        }
    }

    /// Reopens the form this tab was filling before a reload, if any. Its reader is the fill
    /// chunk (fetched with the form's): until it arrives the form counts as being filled,
    /// and anything opened meanwhile (a link, a pick) wins over it. Anything opened already (the
    /// link the page opened on) wins at once: the saved form's code is not even fetched, so it
    /// never competes with the link's.
    pub fn restore_saved_form(&self) {
        if self.asked.get_value() > 0 || storage::get(Area::Session, storage::DRAFT_KEY).is_none() {
            return;
        }
        self.restoring.set(true);
        let asked_before = self.asked.get_value();
        let session = *self;
        spawn_local(async move {
            let reopened = load_fill_call(FillCall::Reopen(session, asked_before)).await;
            if reopened.is_err() {
                session.app.notify(
                    Level::Warning,
                    "The form you were filling before the reload could not be brought back: this part of the launcher could not be downloaded. Its values are still kept in this tab; reload to try again.",
                );
            }
            session.restoring.set(false);
        });
    }

    pub(super) fn reopen_saved_form(&self, asked_before: u64) {
        // Anything asked for since the restore began (a link, a pick) wins over it.
        if self.asked.get_value() != asked_before {
            return;
        }
        let saved = storage::get(Area::Session, storage::DRAFT_KEY)
            .and_then(|text| parse(&text).ok())
            .and_then(|value| serde_json::from_value::<Preset>(value).ok())
            .filter(|preset| !preset.template_id().trim().is_empty());
        if let Some(preset) = saved {
            self.open(Fill::Preset(Box::new(preset)));
        }
    }
}
