//! Quick picks: the templates pinned in this browser and the ones launched from it lately, so
//! the few templates most people launch again and again are one click away.

use std::collections::BTreeSet;

use super::history::History;
use super::preset::Pin;

/// Recently launched templates offered besides the pinned ones.
pub const RECENT_PICKS: usize = 5;

/// One quick pick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuickPick {
    /// The template's id.
    pub template_id: String,
    /// Its title (from its latest launch, else from the pin).
    pub title: String,
    /// When it was last launched from this browser (ms since the epoch), if ever.
    pub last_launched_ms: Option<i64>,
    /// Whether the user pinned it.
    pub pinned: bool,
}

/// The pinned templates (in pin order), then up to `recent` other templates launched from this
/// browser, latest first. Only launches that started a process count; a failed attempt does
/// not make a template recent. Titles come from the latest launch, else from the pin.
pub fn quick_picks(pins: &[Pin], history: &History, recent: usize) -> Vec<QuickPick> {
    let mut latest: Vec<(&str, &str, i64)> = Vec::new();
    let mut seen = BTreeSet::new();
    for record in history.records().iter().rev() {
        if record.run().is_none() || !seen.insert(record.template_id()) {
            continue;
        }
        latest.push((record.template_id(), &record.template_title, record.at_ms));
    }
    // Records are kept oldest first, but an import can interleave them: order by time.
    latest.sort_by_key(|&(_, _, at)| std::cmp::Reverse(at));
    let launched = |id: &str| latest.iter().find(|(t, _, _)| *t == id);
    let mut picks: Vec<QuickPick> = pins
        .iter()
        .map(|pin| {
            let last = launched(&pin.template_id);
            QuickPick {
                template_id: pin.template_id.clone(),
                title: last
                    .map(|(_, title, _)| title.to_string())
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| pin.title.clone()),
                last_launched_ms: last.map(|(_, _, at)| *at),
                pinned: true,
            }
        })
        .collect();
    picks.extend(
        latest
            .iter()
            .filter(|(id, _, _)| !pins.iter().any(|p| p.template_id == *id))
            .take(recent)
            .map(|(id, title, at)| QuickPick {
                template_id: id.to_string(),
                title: title.to_string(),
                last_launched_ms: Some(*at),
                pinned: false,
            }),
    );
    picks
}
