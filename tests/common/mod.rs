//! Builders shared by the native test files, and the real readers of what the exports are
//! written in (`foreign`).
#![allow(dead_code)]

#[cfg(not(target_arch = "wasm32"))]
pub mod foreign;

use tallyfy_launcher::domain::template::{FieldOption, TableColumn};

/// Options with ids 1, 2, … in order.
pub fn options(texts: &[&str]) -> Vec<FieldOption> {
    (1..)
        .zip(texts)
        .map(|(id, text)| FieldOption {
            id,
            text: (*text).into(),
        })
        .collect()
}

/// Table columns with ids 1, 2, … in order.
pub fn columns(labels: &[&str]) -> Vec<TableColumn> {
    (1..)
        .zip(labels)
        .map(|(id, label)| TableColumn {
            id,
            label: (*label).into(),
        })
        .collect()
}
