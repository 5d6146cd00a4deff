//! The request for a linked template that the page sends as it opens, before the app has
//! downloaded (`early_template.js`, inlined into index.html at build time). On a slow link the
//! app's own module takes most of the wait; the template's answer arrives meanwhile.
//!
//! The script knows no address and no header: it reads a recipe that the Settings screen and the
//! Launch screen's tools keep in this browser for the current connection ([`recipe`], no token in
//! it), the token from where the app keeps it, and the link's template id. It answers the app's first template request with that
//! answer only when the request is exactly the one it sent (the same address, headers, token
//! and options); any other request goes out as usual. The app's code is the same either way.

use serde_json::{Map, Value};

use super::request::Connection;

/// What stands for the template id while the recipe is made: letters only, so the id's path
/// segment is the text itself.
const ID_MARK: &str = "TEMPLATEID";

/// The recipe for `connection`'s template request, as JSON: the address before and after the
/// template id (`before`, `after`); the API base and organization (`api`, `org`: a link that
/// names others is not asked for early); the settings' API base and organization as stored
/// (`stored_api`, `stored_org`: once Settings change elsewhere, the recipe is not followed until
/// the Settings screen or the Launch tools write it again); and the headers that carry no secret, in order. `None` when
/// the connection cannot ask for a template (no organization).
pub fn recipe(connection: &Connection, stored_api: &str, stored_org: &str) -> Option<Value> {
    let request = connection.template(ID_MARK).ok()?;
    // The last mark is the id's: the base or the organization may hold the same letters.
    let (before, after) = request.url.rsplit_once(ID_MARK)?;
    let text = |s: &str| Value::String(s.to_string());
    let headers = request
        .public_headers()
        .into_iter()
        .map(|(name, value)| Value::Array(vec![Value::String(name), Value::String(value)]))
        .collect();
    let mut map = Map::new();
    map.insert("before".into(), text(before));
    map.insert("after".into(), text(after));
    map.insert("api".into(), text(connection.base()));
    map.insert("org".into(), text(connection.org()));
    map.insert("stored_api".into(), text(stored_api));
    map.insert("stored_org".into(), text(stored_org));
    map.insert("headers".into(), Value::Array(headers));
    Some(Value::Object(map))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Secret;

    fn connection(base: &str, org: &str) -> Connection {
        Connection::new(base, org, &Secret::new("tok-123")).unwrap()
    }

    fn string<'a>(recipe: &'a Value, name: &str) -> &'a str {
        recipe[name].as_str().unwrap()
    }

    #[test]
    fn the_recipe_rebuilds_the_apps_own_template_address_for_any_id() {
        let bases = [
            "https://go.tallyfy.com/api",
            "http://127.0.0.1:8787/api",
            "https://TEMPLATEID.example.com/TEMPLATEID",
        ];
        let orgs = ["org1", "TEMPLATEID", "a/b?c#d", "ünï cødé"];
        for base in bases {
            for org in orgs {
                let connection = connection(base, org);
                let recipe = recipe(&connection, base, org).unwrap();
                assert_eq!(string(&recipe, "api"), connection.base());
                assert_eq!(string(&recipe, "stored_api"), base);
                assert_eq!(string(&recipe, "org"), org);
                for id in ["abc123", "TEMPLATEID", "x-y_z.~"] {
                    let rebuilt = format!(
                        "{}{id}{}",
                        string(&recipe, "before"),
                        string(&recipe, "after")
                    );
                    assert_eq!(
                        rebuilt,
                        connection.template(id).unwrap().url,
                        "{base} {org}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_recipe_carries_no_token_and_the_public_headers_in_order() {
        let connection = connection("https://go.tallyfy.com/api", "org1");
        let recipe = recipe(&connection, "", "org1").unwrap();
        let text = recipe.to_string();
        assert!(!text.contains("tok-123"), "{text}");
        assert!(!text.contains("Authorization"), "{text}");
        assert_eq!(
            recipe["headers"],
            serde_json::json!([
                ["Accept", "application/json"],
                ["X-Tallyfy-Client", "APIClient"]
            ])
        );
    }

    #[test]
    fn no_organization_no_recipe() {
        assert!(recipe(&connection("https://go.tallyfy.com/api", " "), "", " ").is_none());
    }
}
