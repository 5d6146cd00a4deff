//! The filled form as a schedule that runs without the browser: a shell script and its crontab
//! line, a GitHub Actions workflow, or a Workato recipe outline.

use std::collections::BTreeMap;

use chrono::Weekday;
use leptos::prelude::*;

use super::status_line;
use crate::api::request::TOKEN_PLACEHOLDER;
use crate::domain::assign::delay_of;
use crate::domain::formula::NameFormula;
use crate::domain::relied::Relied;
use crate::domain::schedule::{day_name, Repeat, Schedule, ScheduledLaunch, UnsafeBlock};
use crate::domain::values::EncodeContext;
use crate::ui::browser::clipboard::copy_and_report;
use crate::ui::browser::clock::now_local;
use crate::ui::browser::files::download;
use crate::ui::state::launch::use_launch_session;
use crate::ui::state::use_app;
use crate::ui::text::plural;

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Where the schedule runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Shell,
    GitHub,
    Workato,
}

/// Choose how often and when, then copy the schedule for a shell and cron, GitHub or Workato.
#[component]
pub(super) fn ScheduleExport() -> impl IntoView {
    let app = use_app();
    let session = use_launch_session();
    let how_often = RwSignal::new("weekly".to_string());
    let weekday = RwSignal::new(0usize);
    let day_of_month = RwSignal::new("1".to_string());
    let time = RwSignal::new("09:00".to_string());
    let target = RwSignal::new(Target::Shell);
    let message = RwSignal::new(None::<String>);

    let schedule = move || -> Result<Schedule, String> {
        let repeat =
            match how_often.get().as_str() {
                "daily" => Repeat::Daily,
                "weekdays" => Repeat::Weekdays,
                "monthly" => {
                    Repeat::Monthly(day_of_month.get().trim().parse().map_err(|_| {
                        "Day of the month: write a number from 1 to 28.".to_string()
                    })?)
                }
                _ => Repeat::Weekly(WEEKDAYS[weekday.get().min(6)]),
            };
        Schedule::new(repeat, &time.get())
    };
    // The launch as the form stands, with the name's dates and the relative deadlines left to
    // be worked out at each run. A form with problems gives none: the schedule would fail.
    let launch = move || -> Result<ScheduledLaunch, String> {
        let form = session.form.get().ok_or("Load a template first.")?;
        let directory = app.directory.get();
        let ctx = EncodeContext::browser(&directory);
        let draft = form.draft();
        let (body, problems) = draft.assemble(&form.template, &ctx, now_local());
        let count = problems.count();
        if count > 0 {
            return Err(format!(
                "The form has {count} {}: fix {} first (Launch lists {}), so the schedule launches what you checked.",
                plural(count, "problem", "problems"),
                plural(count, "it", "them"),
                plural(count, "it", "them"),
            ));
        }
        let name = if body.name.is_empty() {
            None
        } else {
            let values = draft.placeholder_values(&form.template, &directory);
            Some(
                NameFormula::parse(&draft.name_formula)
                    .and_then(|f| f.parts(&values))
                    .map_err(|e| e.to_string())?,
            )
        };
        let delays: BTreeMap<String, i64> = draft
            .steps
            .iter()
            .filter_map(|(step, a)| {
                Some((step.clone(), delay_of(a.deadline.trim())?.num_seconds()))
            })
            .collect();
        let connection = app.connection_tracked().map_err(|e| e.to_string())?;
        let request = connection.launch(&body).map_err(|e| e.to_string())?;
        let template = connection
            .template(&form.template.id)
            .map_err(|e| e.to_string())?;
        Ok(ScheduledLaunch::new(
            &form.template.title,
            &request.url,
            request.public_headers(),
            &body,
            name,
            &delays,
        )
        .checking(&template.url, Relied::of_body(&form.template, &body)))
    };
    let output = Memo::new(
        move |_| -> Result<(String, Option<String>, String), String> {
            let launch = launch()?;
            let schedule = schedule()?;
            let refused = |e: UnsafeBlock| format!("The schedule was not written: {e}.");
            Ok(match target.get() {
                Target::Shell => {
                    let file = launch.script_name();
                    (
                        launch.shell_script(&schedule).map_err(refused)?,
                        Some(launch.crontab(&schedule, &format!("/path/to/{file}"))),
                        file,
                    )
                }
                Target::GitHub => (
                    launch.github_workflow(&schedule).map_err(refused)?,
                    None,
                    launch.script_name().replace(".sh", ".yml"),
                ),
                Target::Workato => (
                    launch.workato_outline(&schedule, TOKEN_PLACEHOLDER),
                    None,
                    "workato-recipe.txt".into(),
                ),
            })
        },
    );
    // A deadline typed as a date stays that date in every run: say so, with the way out.
    let fixed_deadlines = move || -> Vec<String> {
        session.form.with(|form| {
            let Some(form) = form else { return Vec::new() };
            let draft = form.draft();
            draft
                .steps
                .iter()
                .filter(|(_, a)| !a.deadline.trim().is_empty() && delay_of(a.deadline.trim()).is_none())
                .map(|(id, a)| {
                    let title = form
                        .template
                        .steps
                        .iter()
                        .find(|s| &s.id == id)
                        .map_or(id.as_str(), |s| s.title.as_str());
                    format!("Step \"{title}\" has the fixed deadline {}: every run gets that same deadline. Write a delay such as +3d to have it move with each run.", a.deadline.trim())
                })
                .collect()
        })
    };
    let target_button = move |which: Target, label: &'static str| {
        view! {
            <button type="button" class="secondary" aria-pressed=move || (target.get() == which).to_string()
                on:click=move |_| target.set(which)>{label}</button>
        }
    };
    view! {
        <div class="stack schedule">
            <p class="help">"A schedule that launches this form again and again without the browser: the process name's dates and the steps' relative deadlines (+3d) are worked out each time it runs. The token is never written into it: the script reads TALLYFY_TOKEN, GitHub a repository secret, Workato its connection."</p>
            <div class="editor-grid">
                <div class="field">
                    <label for="schedule-repeat">"Repeat"</label>
                    <select id="schedule-repeat" on:change=move |ev| how_often.set(event_target_value(&ev))>
                        <option value="daily" selected=move || how_often.get() == "daily">"Every day"</option>
                        <option value="weekdays" selected=move || how_often.get() == "weekdays">"Every weekday (Monday to Friday)"</option>
                        <option value="weekly" selected=move || how_often.get() == "weekly">"Every week"</option>
                        <option value="monthly" selected=move || how_often.get() == "monthly">"Every month"</option>
                    </select>
                </div>
                <Show when=move || how_often.get() == "weekly">
                    <div class="field">
                        <label for="schedule-weekday">"On"</label>
                        <select id="schedule-weekday" on:change=move |ev| weekday.set(event_target_value(&ev).parse().unwrap_or(0))>
                            {WEEKDAYS.iter().enumerate().map(|(i, day)| view! {
                                <option value=i.to_string() selected=move || weekday.get() == i>{day_name(*day)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </Show>
                <Show when=move || how_often.get() == "monthly">
                    <div class="field">
                        <label for="schedule-day">"Day of the month (1 to 28)"</label>
                        <input id="schedule-day" type="number" min="1" max="28" prop:value=move || day_of_month.get()
                            on:input=move |ev| day_of_month.set(event_target_value(&ev)) />
                    </div>
                </Show>
                <div class="field">
                    <label for="schedule-time">"At (UTC)"</label>
                    <input id="schedule-time" type="time" prop:value=move || time.get()
                        on:input=move |ev| time.set(event_target_value(&ev)) />
                </div>
            </div>
            <div class="actions" role="group" aria-label="Export as">
                {target_button(Target::Shell, "Shell script and crontab")}
                {target_button(Target::GitHub, "GitHub Actions workflow")}
                {target_button(Target::Workato, "Workato recipe")}
            </div>
            {move || {
                let notes = fixed_deadlines();
                (!notes.is_empty()).then(|| view! {
                    <ul class="warning" data-testid="schedule-notes">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                })
            }}
            {move || match output.get() {
                Err(problem) => view! { <p class="error" role="alert" data-testid="schedule-problem">{problem}</p> }.into_any(),
                Ok((text, crontab, file)) => {
                    let for_copy = text.clone();
                    let for_download = text.clone();
                    view! {
                        <pre data-testid="schedule-export" tabindex="0" aria-label="Schedule export">{text}</pre>
                        <div class="actions">
                            <button type="button" class="secondary" on:click=move |_| copy_and_report(for_copy.clone(), "the schedule", message)>"Copy"</button>
                            <button type="button" class="secondary" on:click={
                                let file = file.clone();
                                move |_| message.set(Some(match download(&file, "text/plain", &for_download) {
                                    Ok(()) => format!("Saved {file}."),
                                    Err(e) => format!("The download failed: {e}."),
                                }))
                            }>{format!("Download {file}")}</button>
                        </div>
                        <p class="help">"The export holds the form's values as they are: committed to a repository, they can be read by everyone who can read it."</p>
                        {crontab.map(|line| {
                            let for_copy = line.clone();
                            view! {
                                <h3>"Crontab"</h3>
                                <p class="help">"Add with crontab -e, with the script saved where the line says and made executable (chmod +x)."</p>
                                <pre data-testid="schedule-crontab" tabindex="0" aria-label="Crontab lines">{line}</pre>
                                <button type="button" class="secondary" on:click=move |_| copy_and_report(for_copy.clone(), "the crontab lines", message)>"Copy crontab lines"</button>
                            }
                        })}
                    }.into_any()
                }
            }}
            {status_line(message)}
        </div>
    }
}
