//! Members and groups of the organization, for the screens that name people (owners,
//! assignees, bulk owner cells): a resource keyed on the connection a screen asks for, so each
//! connection is read once, and typing in Settings never starts a read.

use leptos::prelude::*;

use crate::api::client::call;
use crate::api::response::data_list;
use crate::api::Connection;
use crate::domain::directory::{Directory, Group, Member};
use crate::domain::outcome::ApiError;

/// The members and groups of the connection last asked for.
#[derive(Clone, Copy)]
pub struct DirectoryStore {
    /// The connection the screen on show needs them for (set when Launch or Bulk opens).
    wanted: RwSignal<Option<Connection>>,
    /// What reading them gave: `None` until asked and while the first read is on its way.
    loaded: LocalResource<Option<Result<Directory, ApiError>>>,
}

impl DirectoryStore {
    /// A store that reads nothing until a screen asks.
    pub fn new() -> DirectoryStore {
        let wanted = RwSignal::new(None::<Connection>);
        let loaded = LocalResource::new(move || {
            let wanted = wanted.get();
            async move {
                match wanted {
                    Some(connection) => Some(read(&connection).await),
                    None => None,
                }
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

    /// The members and groups, when read (empty otherwise: checks then cannot refuse anyone).
    pub fn directory(&self) -> Signal<Directory> {
        let loaded = self.loaded;
        Signal::derive(move || {
            loaded
                .get()
                .flatten()
                .and_then(Result::ok)
                .unwrap_or_default()
        })
    }

    /// Why the last read failed, if it did (tracked).
    pub fn failure(&self) -> Option<ApiError> {
        self.loaded.get().flatten().and_then(Result::err)
    }
}

impl Default for DirectoryStore {
    fn default() -> Self {
        DirectoryStore::new()
    }
}

async fn read(connection: &Connection) -> Result<Directory, ApiError> {
    let users = call(&connection.users()?).await?;
    let groups = call(&connection.groups()?).await?;
    Ok(Directory {
        members: Some(
            data_list(&users)
                .iter()
                .filter_map(Member::from_json)
                .collect(),
        ),
        groups: Some(
            data_list(&groups)
                .iter()
                .filter_map(Group::from_json)
                .collect(),
        ),
    })
}
