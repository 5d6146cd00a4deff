//! The schedule as a GitHub Actions workflow: the shell script as its one step's `run`, the token
//! from the repository secret, every other scalar inert.

use std::fmt::Write;

use super::{Schedule, ScheduledLaunch, UnsafeBlock};
use crate::domain::syntax::{one_line, yaml};

impl ScheduledLaunch {
    /// A GitHub Actions workflow that runs the shell script on the schedule, the token from
    /// the repository secret `TALLYFY_TOKEN`. Its shape is fixed: one job, one step, whose `run`
    /// is the script (with `${{` made inert) and whose `env` holds the only expression, the
    /// secret; no text from the form can add to it or leave its place.
    pub fn github_workflow(&self, schedule: &Schedule) -> Result<String, UnsafeBlock> {
        let script = yaml::block(&self.shell_script(schedule)?, 10)?;
        let title = one_line(&self.title);
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# Tallyfy Launcher: launch \"{title}\" {}.",
            schedule.describe()
        );
        let _ = writeln!(
            s,
            "# Save as .github/workflows/{}",
            self.script_name().replace(".sh", ".yml")
        );
        let _ = writeln!(s, "# and add the repository secret TALLYFY_TOKEN (Settings > Secrets and variables > Actions).");
        let _ = writeln!(
            s,
            "# GitHub runs schedules in UTC, and may start them some minutes late."
        );
        let _ = writeln!(s, "name: {}", yaml::scalar(&format!("Launch {title}")));
        s.push_str("on:\n  schedule:\n");
        let _ = writeln!(s, "    - cron: \"{}\"", schedule.cron());
        s.push_str("  workflow_dispatch: {}\n");
        s.push_str("permissions: {}\n");
        s.push_str(
            "jobs:\n  launch:\n    runs-on: ubuntu-latest\n    timeout-minutes: 15\n    steps:\n",
        );
        let _ = writeln!(
            s,
            "      - name: {}",
            yaml::scalar(&format!("Launch {title} in Tallyfy"))
        );
        s.push_str("        shell: sh\n        env:\n          TALLYFY_TOKEN: ${{ secrets.TALLYFY_TOKEN }}\n        run: |\n");
        s.push_str(&script);
        Ok(s)
    }
}
