//! History, links and pacing: whether to keep history and how much, the web app's address for
//! links, the limits every request and every read keep to (Tallyfy's published figures by
//! default), and the Track board's schedule. Every number stays within `settings::LIMITS`.

use leptos::prelude::*;

use crate::domain::settings::{Settings, LIMITS};
use crate::ui::state::use_app;

/// A number input for one setting: shown from `get`, stored through `set` once left, kept
/// within `min`..=`max` (the same bounds stored settings keep to).
#[component]
fn NumberSetting(
    id: &'static str,
    label: &'static str,
    min: u32,
    max: u32,
    #[prop(optional)] step: Option<u32>,
    #[prop(optional)] described_by: Option<&'static str>,
    get: fn(&Settings) -> u32,
    set: fn(&mut Settings, u32),
) -> impl IntoView {
    let settings = use_app().settings;
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type="number" min=min.to_string() max=max.to_string() step=step.map(|s| s.to_string())
                aria-describedby=described_by
                prop:value=move || settings.with(|s| get(s).to_string())
                on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).trim().parse::<u32>() {
                        settings.update(|s| set(s, n.clamp(min, max)));
                    }
                } />
        </div>
    }
}

/// History, links and pacing preferences.
#[component]
pub(super) fn PreferencesCard() -> impl IntoView {
    let settings = use_app().settings;
    let (cap_min, cap_max) = LIMITS.history_cap;
    view! {
        <div class="card stack" role="group" aria-labelledby="prefs-title">
            <h2 id="prefs-title">"History, links and pacing"</h2>
            <label class="check">
                <input type="checkbox" prop:checked=move || settings.with(|s| s.keep_history)
                    on:change=move |ev| settings.update(|s| s.keep_history = event_target_checked(&ev)) />
                "Keep history"
            </label>
            <p class="help">"When off, new launches are not recorded in this browser (the History screen says so)."</p>
            <div class="narrow">
                <NumberSetting id="history-cap" label="History limit (records)" min=cap_min as u32 max=cap_max as u32 step=100
                    described_by="history-cap-help" get=|s| s.history_cap as u32 set=|s, n| s.history_cap = n as usize />
                <p id="history-cap-help" class="help">"When the limit is reached, the oldest records are removed (you are told first). Browsers keep about 5 MB per site, roughly 5,000 typical records."</p>
            </div>
            <div class="field">
                <label for="web-app-url">"Tallyfy web app address (for \"Open in Tallyfy\" links)"</label>
                <input id="web-app-url" type="url" placeholder="Derived from the API base URL" aria-describedby="web-app-help"
                    prop:value=move || settings.with(|s| s.web_app_url.clone())
                    on:input=move |ev| settings.update(|s| s.web_app_url = event_target_value(&ev).trim().to_string()) />
                <p id="web-app-help" class="help">"Leave empty for https://go.tallyfy.com (or the host of your API base URL). Set it when the API base is a proxy on another host."</p>
            </div>
            <PacingSettings />
            <TrackSettings />
        </div>
    }
}

/// The limits every request, and every read, keep to.
#[component]
fn PacingSettings() -> impl IntoView {
    let (lo, hi) = LIMITS.requests;
    let (wlo, whi) = LIMITS.window_secs;
    view! {
        <fieldset class="stack narrow">
            <legend>"Pacing"</legend>
            <p id="rate-help" class="help">"Every request keeps to the first limit (bulk launches are spaced by it); reads (GET: lists, templates, the Track board) keep to the second too. The defaults stay under what Tallyfy publishes: about 100 requests a minute per organization, and about 12 reads per 5 seconds (its API support notes and troubleshooting page; both \"can vary\")."</p>
            <div class="input-row">
                <NumberSetting id="rate-limit" label="Requests" min=lo max=hi described_by="rate-help"
                    get=|s| s.rate_limit set=|s, n| s.rate_limit = n />
                <NumberSetting id="rate-window" label="per seconds" min=wlo max=whi described_by="rate-help"
                    get=|s| s.rate_window_secs set=|s, n| s.rate_window_secs = n />
            </div>
            <div class="input-row">
                <NumberSetting id="read-limit" label="Reads" min=lo max=hi described_by="rate-help"
                    get=|s| s.read_limit set=|s, n| s.read_limit = n />
                <NumberSetting id="read-window" label="per seconds (reads)" min=wlo max=whi described_by="rate-help"
                    get=|s| s.read_window_secs set=|s, n| s.read_window_secs = n />
            </div>
        </fieldset>
    }
}

/// The Track board's refresh schedule and share of the limit.
#[component]
fn TrackSettings() -> impl IntoView {
    let (mlo, mhi) = LIMITS.track_minutes;
    let (slo, shi) = LIMITS.track_share;
    view! {
        <fieldset class="stack narrow">
            <legend>"Track board"</legend>
            <p id="track-help" class="help">"While the Track screen is open and this tab is visible, the board reads Tallyfy again on this schedule (0: only when you press Refresh). A refresh uses at most this share of the request limit above, so launches keep the rest."</p>
            <div class="input-row">
                <NumberSetting id="track-refresh" label="Track refresh: every (minutes)" min=mlo max=mhi described_by="track-help"
                    get=|s| s.track_refresh_minutes set=|s, n| s.track_refresh_minutes = n />
                <NumberSetting id="track-share" label="Track refresh: share of the rate limit (%)" min=slo max=shi described_by="track-help"
                    get=|s| s.track_share_percent set=|s, n| s.track_share_percent = n />
            </div>
        </fieldset>
    }
}
