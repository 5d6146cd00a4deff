//! The newest records of a stored history, read without reading the others: History opened
//! first shows its first page from them, and the whole history is read once the page is ready.
//!
//! This version writes records newest first and says so (`newest_first`) when every record in
//! the document is one it reads; only then are the first records the newest ones. Any other
//! document (an older version's, one with records kept unread, another schema) gives no preview,
//! and the caller reads the whole history as before.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserializer;

use super::format::complete;
use super::store::templates_of;
use super::{HistoryRecord, LinkRule, SCHEMA_VERSION};

/// The newest records of the stored history, and how many records it holds in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HistoryPreview {
    /// The newest records, newest first (as [`super::History::search`] lists them).
    pub newest: Vec<HistoryRecord>,
    /// Records in the stored history.
    pub total: usize,
}

impl HistoryPreview {
    /// Reads the `count` newest records of a stored history, skimming the rest only to count
    /// them; `None` when the text is not a document this version wrote newest first (then read
    /// the whole history: [`super::History::load`]).
    pub fn read(text: &str, count: usize, links: LinkRule<'_>) -> Option<HistoryPreview> {
        let mut reader = serde_json::Deserializer::from_str(text);
        let parts = reader.deserialize_map(DocumentReader { count }).ok()??;
        reader.end().ok()?;
        let mut newest = parts.newest;
        for record in &mut newest {
            complete(record, &parts.api_base, &parts.org_id, links);
        }
        Some(HistoryPreview {
            newest,
            total: parts.total,
        })
    }

    /// Distinct (template id, title) pairs of the records read, by title.
    pub fn templates(&self) -> Vec<(String, String)> {
        templates_of(self.newest.iter().rev())
    }
}

/// What the reader kept of the document.
struct Parts {
    api_base: String,
    org_id: String,
    newest: Vec<HistoryRecord>,
    total: usize,
}

/// Reads the document's fields in any order; the records only when the schema and the order
/// came before them (this version writes them first).
struct DocumentReader {
    count: usize,
}

impl<'de> Visitor<'de> for DocumentReader {
    type Value = Option<Parts>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a stored launch history")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut schema, mut newest_first) = (None, false);
        let (mut api_base, mut org_id) = (String::new(), String::new());
        let mut records = None;
        let mut usable = true;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "schema" => schema = Some(map.next_value::<u32>()?),
                "newest_first" => newest_first = map.next_value::<bool>()?,
                "api_base" => api_base = map.next_value()?,
                "org_id" => org_id = map.next_value()?,
                "records"
                    if records.is_none() && schema == Some(SCHEMA_VERSION) && newest_first =>
                {
                    records = Some(map.next_value_seed(NewestRecords { count: self.count })?);
                }
                // Read with their types, so a document the whole reader refuses gives no preview.
                "deleted" => {
                    let _: Vec<String> = map.next_value()?;
                }
                "cleared_before_ms" => {
                    let _: Option<i64> = map.next_value()?;
                }
                "restored" => {
                    let _: BTreeMap<String, i64> = map.next_value()?;
                }
                other => {
                    usable &= other != "records";
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(records
            .filter(|_| usable && newest_first)
            .map(|(newest, total)| Parts {
                api_base,
                org_id,
                newest,
                total,
            }))
    }
}

/// Reads the first `count` records and counts the others without reading them.
struct NewestRecords {
    count: usize,
}

impl<'de> DeserializeSeed<'de> for NewestRecords {
    type Value = (Vec<HistoryRecord>, usize);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for NewestRecords {
    type Value = (Vec<HistoryRecord>, usize);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of launch records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut newest = Vec::with_capacity(self.count.min(1_000));
        let mut total = 0;
        while newest.len() < self.count {
            match seq.next_element::<HistoryRecord>()? {
                Some(record) => newest.push(record),
                None => break,
            }
        }
        if newest.len() == self.count {
            while seq.next_element::<IgnoredAny>()?.is_some() {
                total += 1;
            }
        }
        total += newest.len();
        if newest.windows(2).any(|w| newest_order(&w[1], &w[0])) {
            return Err(de::Error::custom("the records are not newest first"));
        }
        Ok((newest, total))
    }
}

/// Whether `a` comes before `b` newest first, as [`super::History::search`] lists them.
fn newest_order(a: &HistoryRecord, b: &HistoryRecord) -> bool {
    (a.at_ms, &a.id) > (b.at_ms, &b.id)
}
