//! Members and groups of the organization, loaded once per connection (API base and
//! organization) for the screens that name people: owners, assignees, bulk owner cells.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::client::call;
use crate::api::response::data_list;
use crate::domain::directory::{Directory, Group, Member};
use crate::domain::outcome::ApiError;
use crate::ui::state::AppState;

/// Loading members and groups for a connection.
#[derive(Clone, Debug, PartialEq)]
pub enum DirectoryStatus {
    /// Not loaded.
    Idle,
    /// Loading for (base, org).
    Loading((String, String)),
    /// Loaded for (base, org).
    Loaded((String, String)),
    /// Failed for (base, org).
    Failed((String, String), ApiError),
}

/// The loader; the members and groups themselves are in [`AppState::directory`].
#[derive(Clone, Copy)]
pub struct DirectoryStore {
    /// Where loading stands, for the connection it is for.
    pub status: RwSignal<DirectoryStatus>,
    app: AppState,
}

/// Creates the loader and provides it.
pub fn provide_directory(app: AppState) -> DirectoryStore {
    let store = DirectoryStore {
        status: RwSignal::new(DirectoryStatus::Idle),
        app,
    };
    provide_context(store);
    store
}

/// The directory loader; the root component provides it.
pub fn use_directory() -> DirectoryStore {
    // Safe: provided once at the root before any screen mounts; only a wiring bug misses it.
    use_context::<DirectoryStore>().expect("DirectoryStore is provided by the root App component")
}

impl DirectoryStore {
    /// Loads members and groups for the current connection, once per connection.
    pub fn ensure_loaded(&self) {
        let Ok(connection) = self.app.connection() else {
            return;
        };
        if connection.org().is_empty() {
            return;
        }
        let key = (connection.base().to_string(), connection.org().to_string());
        let current = self.status.get_untracked();
        if matches!(&current, DirectoryStatus::Loading(k) | DirectoryStatus::Loaded(k) if *k == key)
        {
            return;
        }
        self.status.set(DirectoryStatus::Loading(key.clone()));
        let store = *self;
        spawn_local(async move {
            let loaded = async {
                let users = call(&connection.users()?).await?;
                let groups = call(&connection.groups()?).await?;
                Ok::<_, ApiError>(Directory {
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
            .await;
            match loaded {
                Ok(directory) => {
                    store.app.directory.set(directory);
                    store.status.set(DirectoryStatus::Loaded(key));
                }
                Err(error) => {
                    store.app.directory.set(Directory::default());
                    store.status.set(DirectoryStatus::Failed(key, error));
                }
            }
        });
    }
}
