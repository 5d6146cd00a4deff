//! A table: one row of cells, one per column.

use leptos::prelude::*;

use super::control::Control;
use crate::domain::values::FieldInput;

pub(super) fn table_input(ctrl: Control) -> AnyView {
    let aria = ctrl.aria();
    let (field, input, on_edit) = (ctrl.field, ctrl.input, ctrl.on_edit);
    let columns = field.columns.clone();
    let column_count = columns.len();
    let label = field.display_name().to_string();
    // Rows are re-rendered only when their number changes, so typing never loses focus.
    let row_count = Memo::new(move |_| input.with(|i| i.rows().len()));
    let set_cell = move |row: usize, column: usize, value: String| {
        let mut rows = input.with_untracked(|i| i.rows().to_vec());
        if let Some(cell) = rows.get_mut(row).and_then(|r| r.get_mut(column)) {
            *cell = value;
        }
        on_edit.run(FieldInput::Table(rows));
    };
    let headers = columns
        .iter()
        .map(|c| view! { <th scope="col">{c.label.clone()}</th> })
        .collect_view();
    let rows = move || {
        let columns = columns.clone();
        let label = label.clone();
        let aria = aria.clone();
        (0..row_count.get())
            .map(|row| {
                let cells = columns
                    .iter()
                    .enumerate()
                    .map(|(column, c)| {
                        let name = if row == 0 {
                            format!("{}: {}", label, c.label)
                        } else {
                            format!("{}: {} (row {})", label, c.label, row + 1)
                        };
                        view! {
                            <td>
                                <input
                                    type="text"
                                    aria-invalid=aria.invalid() aria-describedby=aria.described_by()
                                    aria-label=name
                                    prop:value=move || input.with(|i| i.rows().get(row).and_then(|r| r.get(column).cloned()).unwrap_or_default())
                                    on:input=move |ev| set_cell(row, column, event_target_value(&ev))
                                />
                            </td>
                        }
                    })
                    .collect_view();
                let remove_label = format!("Remove row {} of {}", row + 1, label);
                view! {
                    <tr>
                        {cells}
                        <td>
                            // Only a value brought from elsewhere can hold more than the one row Tallyfy takes.
                            <button type="button" class="secondary small" aria-label=remove_label hidden=move || row_count.get() < 2 on:click=move |_| {
                                let mut rows = input.with_untracked(|i| i.rows().to_vec());
                                if row < rows.len() {
                                    rows.remove(row);
                                }
                                if rows.is_empty() {
                                    rows.push(vec![String::new(); column_count]);
                                }
                                on_edit.run(FieldInput::Table(rows));
                            }>"Remove"</button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="table-scroll">
            <table class="grid-input">
                <thead><tr>{headers}<th scope="col"><span class="visually-hidden">"Row actions"</span></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
