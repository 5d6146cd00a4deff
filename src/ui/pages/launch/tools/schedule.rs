//! The filled form as a schedule that runs without the browser: a shell script and its crontab
//! line, a GitHub Actions workflow, or a Workato recipe outline.

use std::collections::BTreeMap;

use chrono::Weekday;
use leptos::prelude::*;

use super::status_line;
use crate::api::request::TOKEN_PLACEHOLDER;
use crate::api::Connection;
use crate::domain::assign::delay_of;
use crate::domain::directory::Directory;
use crate::domain::formula::NameFormula;
use crate::domain::relied::Relied;
use crate::domain::schedule::{day_name, Repeat, Schedule, ScheduledLaunch, UnsafeBlock};
use crate::ui::browser::clipboard::copy_and_report;
use crate::ui::browser::files::download;
use crate::ui::state::launch::{use_launch_session, LaunchPreview};
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

/// How often the schedule repeats, as the Repeat select offers it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cadence {
    Daily,
    Weekdays,
    Weekly,
    Monthly,
}

impl Cadence {
    /// Every choice with its label, in the select's order.
    const ALL: [(Cadence, &'static str); 4] = [
        (Cadence::Daily, "Every day"),
        (Cadence::Weekdays, "Every weekday (Monday to Friday)"),
        (Cadence::Weekly, "Every week"),
        (Cadence::Monthly, "Every month"),
    ];
}

/// Where the schedule runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Shell,
    GitHub,
    Workato,
}

/// The file a target gets: its text, the crontab lines (shell only) and the file name.
type Export = (String, Option<String>, String);

/// The launch as `preview` shows it, with the name's dates and the relative deadlines left to be
/// worked out at each run. A form with problems gives none: the schedule would fail.
fn scheduled_launch(
    preview: LaunchPreview,
    directory: &Directory,
    connection: &Connection,
) -> Result<ScheduledLaunch, String> {
    let LaunchPreview {
        template,
        draft,
        body,
        problems,
    } = preview;
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
        let values = draft.placeholder_values(&template, directory);
        Some(
            NameFormula::parse(&draft.name_formula)
                .and_then(|f| f.parts(&values))
                .map_err(|e| e.to_string())?,
        )
    };
    let delays: BTreeMap<String, i64> = draft
        .steps
        .iter()
        .filter_map(|(step, a)| Some((step.clone(), delay_of(a.deadline.trim())?.num_seconds())))
        .collect();
    let request = connection.launch(&body).map_err(|e| e.to_string())?;
    let read_back = connection
        .template(&template.id)
        .map_err(|e| e.to_string())?;
    Ok(ScheduledLaunch::new(
        &template.title,
        &request.url,
        request.public_headers(),
        &body,
        name,
        &delays,
    )
    .checking(&read_back.url, Relied::of_body(&template, &body)))
}

/// The schedule written for `target`, or why it was not.
fn export_for(
    launch: &ScheduledLaunch,
    schedule: &Schedule,
    target: Target,
) -> Result<Export, String> {
    let refused = |e: UnsafeBlock| format!("The schedule was not written: {e}.");
    Ok(match target {
        Target::Shell => {
            let file = launch.script_name();
            (
                launch.shell_script(schedule).map_err(refused)?,
                Some(launch.crontab(schedule, &format!("/path/to/{file}"))),
                file,
            )
        }
        Target::GitHub => (
            launch.github_workflow(schedule).map_err(refused)?,
            None,
            launch.script_name().replace(".sh", ".yml"),
        ),
        Target::Workato => (
            launch.workato_outline(schedule, TOKEN_PLACEHOLDER),
            None,
            "workato-recipe.txt".into(),
        ),
    })
}

/// A deadline typed as a date stays that date in every run: one note per such step, with the
/// way out.
fn fixed_deadlines(preview: &LaunchPreview) -> Vec<String> {
    preview
        .draft
        .steps
        .iter()
        .filter(|(_, a)| !a.deadline.trim().is_empty() && delay_of(a.deadline.trim()).is_none())
        .map(|(id, a)| {
            let title = preview
                .template
                .steps
                .iter()
                .find(|s| &s.id == id)
                .map_or(id.as_str(), |s| s.title.as_str());
            format!("Step \"{title}\" has the fixed deadline {}: every run gets that same deadline. Write a delay such as +3d to have it move with each run.", a.deadline.trim())
        })
        .collect()
}

/// Choose how often and when, then copy the schedule for a shell and cron, GitHub or Workato.
#[component]
pub(super) fn ScheduleExport() -> impl IntoView {
    let app = use_app();
    let session = use_launch_session();
    let cadence = RwSignal::new(Cadence::Weekly);
    let weekday = RwSignal::new(0usize);
    let day_of_month = RwSignal::new("1".to_string());
    let time = RwSignal::new("09:00".to_string());
    let target = RwSignal::new(Target::Shell);
    let message = RwSignal::new(None::<String>);

    let schedule = move || -> Result<Schedule, String> {
        let repeat =
            match cadence.get() {
                Cadence::Daily => Repeat::Daily,
                Cadence::Weekdays => Repeat::Weekdays,
                Cadence::Monthly => {
                    Repeat::Monthly(day_of_month.get().trim().parse().map_err(|_| {
                        "Day of the month: write a number from 1 to 28.".to_string()
                    })?)
                }
                Cadence::Weekly => Repeat::Weekly(WEEKDAYS[weekday.get().min(6)]),
            };
        Schedule::new(repeat, &time.get())
    };
    let output = Memo::new(move |_| -> Result<Export, String> {
        let preview = session.preview().get().ok_or("Load a template first.")?;
        let connection = app.connection_tracked().map_err(|e| e.to_string())?;
        let launch = scheduled_launch(preview, &app.directory.read(), &connection)?;
        export_for(&launch, &schedule()?, target.get())
    });
    let notes = move || {
        session
            .preview()
            .with(|p| p.as_ref().map(fixed_deadlines).unwrap_or_default())
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
            <ScheduleWhen cadence weekday day_of_month time />
            <div class="actions" role="group" aria-label="Export as">
                {target_button(Target::Shell, "Shell script and crontab")}
                {target_button(Target::GitHub, "GitHub Actions workflow")}
                {target_button(Target::Workato, "Workato recipe")}
            </div>
            {move || {
                let notes = notes();
                (!notes.is_empty()).then(|| view! {
                    <ul class="warning" data-testid="schedule-notes">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                })
            }}
            <ScheduleOutput output message />
            {status_line(message)}
        </div>
    }
}

/// How often and when the schedule runs.
#[component]
fn ScheduleWhen(
    cadence: RwSignal<Cadence>,
    weekday: RwSignal<usize>,
    day_of_month: RwSignal<String>,
    time: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="editor-grid">
            <div class="field">
                <label for="schedule-repeat">"Repeat"</label>
                <select id="schedule-repeat" on:change=move |ev| {
                    let chosen = event_target_value(&ev).parse::<usize>().ok().and_then(|i| Cadence::ALL.get(i));
                    if let Some((choice, _)) = chosen {
                        cadence.set(*choice);
                    }
                }>
                    {Cadence::ALL.into_iter().enumerate().map(|(i, (choice, label))| view! {
                        <option value=i.to_string() selected=move || cadence.get() == choice>{label}</option>
                    }).collect_view()}
                </select>
            </div>
            <Show when=move || cadence.get() == Cadence::Weekly>
                <div class="field">
                    <label for="schedule-weekday">"On"</label>
                    <select id="schedule-weekday" on:change=move |ev| weekday.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {WEEKDAYS.iter().enumerate().map(|(i, day)| view! {
                            <option value=i.to_string() selected=move || weekday.get() == i>{day_name(*day)}</option>
                        }).collect_view()}
                    </select>
                </div>
            </Show>
            <Show when=move || cadence.get() == Cadence::Monthly>
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
    }
}

/// The schedule's text with Copy and Download, and the crontab lines for the shell target.
#[component]
fn ScheduleOutput(
    output: Memo<Result<Export, String>>,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    move || match output.get() {
        Err(problem) => {
            view! { <p class="error" role="alert" data-testid="schedule-problem">{problem}</p> }
                .into_any()
        }
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
    }
}
