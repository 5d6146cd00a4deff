//! Members and groups of an organization, as the owner and assignee pickers use them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::json::{int_of, string_of};

/// A member of the organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Integer member id (what `owner_id` and assignee `users` take).
    pub id: i64,
    pub email: String,
    pub full_name: String,
}

impl Member {
    /// "Full Name (email)", or the email alone when there is no name.
    pub fn describe(&self) -> String {
        if self.full_name.trim().is_empty() {
            self.email.clone()
        } else {
            format!("{} ({})", self.full_name, self.email)
        }
    }

    /// Reads a member from a `GET .../users` item; `None` when it has no integer id.
    pub fn from_json(item: &Value) -> Option<Member> {
        let id = int_of(item.get("id"))?;
        let email = string_of(item.get("email")).unwrap_or_default();
        let full_name = string_of(item.get("full_name")).unwrap_or_else(|| {
            let first = string_of(item.get("first_name")).unwrap_or_default();
            let last = string_of(item.get("last_name")).unwrap_or_default();
            format!("{first} {last}").trim().to_string()
        });
        Some(Member {
            id,
            email,
            full_name,
        })
    }
}

/// A group of members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Group id (a string in the API).
    pub id: String,
    pub name: String,
}

impl Group {
    /// Reads a group from a `GET .../groups` item; `None` when it has no id.
    pub fn from_json(item: &Value) -> Option<Group> {
        let id = string_of(item.get("id")).filter(|s| !s.is_empty())?;
        let name = string_of(item.get("name")).unwrap_or_else(|| id.clone());
        Some(Group { id, name })
    }
}

/// The members and groups known so far; `None` lists mean "not loaded", so ids can't be checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Directory {
    /// Members, when loaded.
    pub members: Option<Vec<Member>>,
    /// Groups, when loaded.
    pub groups: Option<Vec<Group>>,
}

impl Directory {
    /// The member with this id.
    pub fn member(&self, id: i64) -> Option<&Member> {
        self.members.as_ref()?.iter().find(|m| m.id == id)
    }

    /// The member with this email (case-insensitive).
    pub fn member_by_email(&self, email: &str) -> Option<&Member> {
        let email = email.trim();
        self.members
            .as_ref()?
            .iter()
            .find(|m| m.email.eq_ignore_ascii_case(email))
    }

    /// The group with this id or name (name case-insensitive).
    pub fn group(&self, id_or_name: &str) -> Option<&Group> {
        let key = id_or_name.trim();
        let groups = self.groups.as_ref()?;
        groups
            .iter()
            .find(|g| g.id == key)
            .or_else(|| groups.iter().find(|g| g.name.eq_ignore_ascii_case(key)))
    }
}

/// A tag or a process folder of the organization: an id and what people call it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labelled {
    pub id: String,
    /// Its title (tags) or name (folders).
    pub name: String,
}

impl Labelled {
    /// Reads a tag or folder from a list item; `None` when it has no id.
    pub fn from_json(item: &Value) -> Option<Labelled> {
        let id = string_of(item.get("id")).filter(|s| !s.is_empty())?;
        let name = string_of(item.get("title"))
            .or_else(|| string_of(item.get("name")))
            .unwrap_or_else(|| id.clone());
        Some(Labelled { id, name })
    }
}

/// An organization the token belongs to (`GET /me/organizations`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    /// Organization id (a string).
    pub id: String,
    pub name: String,
}

impl Organization {
    /// Reads an organization from a list item; `None` when it has no id.
    pub fn from_json(item: &Value) -> Option<Organization> {
        let id = string_of(item.get("id")).filter(|s| !s.is_empty())?;
        let name = string_of(item.get("name")).unwrap_or_else(|| id.clone());
        Some(Organization { id, name })
    }
}
