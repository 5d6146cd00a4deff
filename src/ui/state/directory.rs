//! Members and groups of the organization, for the screens that name people (owners,
//! assignees, bulk owner cells): a resource keyed on the connection a screen asks for, every
//! page of both lists read, each connection read once per session (kept for switching back),
//! and typing in Settings never starts a read.

use leptos::prelude::*;

use crate::api::client::call_every_page;
use crate::api::Connection;
use crate::domain::directory::{Directory, Group, Member};
use crate::domain::outcome::ApiError;

type Read = (Connection, Result<Directory, ApiError>);

/// The members and groups of the connection last asked for.
#[derive(Clone, Copy)]
pub struct DirectoryStore {
    /// The connection the screen on show needs them for (set when Launch or Bulk opens).
    wanted: RwSignal<Option<Connection>>,
    /// What reading them gave, with the connection it was read for; `None` until asked.
    loaded: LocalResource<Option<Read>>,
}

impl DirectoryStore {
    /// A store that reads nothing until a screen asks.
    pub fn new() -> DirectoryStore {
        let wanted = RwSignal::new(None::<Connection>);
        let read_before = StoredValue::new(Vec::<(Connection, Directory)>::new());
        let loaded = LocalResource::new(move || {
            let wanted = wanted.get();
            async move {
                let connection = wanted?;
                let cached = read_before.with_value(|cache| {
                    cache
                        .iter()
                        .find(|(c, _)| *c == connection)
                        .map(|(_, d)| d.clone())
                });
                if let Some(directory) = cached {
                    return Some((connection, Ok(directory)));
                }
                let result = read(&connection).await;
                if let Ok(directory) = &result {
                    read_before
                        .update_value(|cache| cache.push((connection.clone(), directory.clone())));
                }
                Some((connection, result))
            }
        });
        DirectoryStore { wanted, loaded }
    }

    /// Asks for the members and groups of `connection` (read again only if it changed).
    pub fn want(&self, connection: Connection) {
        if connection.org().is_empty() {
            return;
        }
        if self
            .wanted
            .with_untracked(|w| w.as_ref() != Some(&connection))
        {
            self.wanted.set(Some(connection));
        }
    }

    /// What was read for the connection asked for, once it has been (tracked).
    fn current(&self) -> Option<Result<Directory, ApiError>> {
        let wanted = self.wanted.get()?;
        self.loaded
            .get()
            .flatten()
            .filter(|(connection, _)| *connection == wanted)
            .map(|(_, result)| result)
    }

    /// The members and groups, when read (empty otherwise: checks then cannot refuse anyone).
    pub fn directory(&self) -> Signal<Directory> {
        let store = *self;
        Signal::derive(move || store.current().and_then(Result::ok).unwrap_or_default())
    }

    /// Why the last read failed, if it did (tracked).
    pub fn failure(&self) -> Option<ApiError> {
        self.current().and_then(Result::err)
    }

    /// Whether nothing is being read: the lists asked for are in (or failed), or none were
    /// asked for. Values that name people wait for this before they are placed (tracked).
    pub fn settled(&self) -> bool {
        self.wanted.with(Option::is_none) || self.current().is_some()
    }
}

impl Default for DirectoryStore {
    fn default() -> Self {
        DirectoryStore::new()
    }
}

async fn read(connection: &Connection) -> Result<Directory, ApiError> {
    let users = call_every_page(|page| connection.users(page)).await?;
    let groups = call_every_page(|page| connection.groups(page)).await?;
    Ok(Directory {
        members: Some(users.iter().filter_map(Member::from_json).collect()),
        groups: Some(groups.iter().filter_map(Group::from_json).collect()),
    })
}
