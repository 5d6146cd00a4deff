//! Hash routing (`#/launch`, `#/history`, ...): it needs no server rewrites, so the app works
//! from any static host and sub-path. Parameters after `?` in the hash carry setup links.

/// The app's screens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// Launch one process.
    Launch,
    /// Launch many from a spreadsheet.
    Bulk,
    /// What was launched.
    History,
    /// Where the launched processes stand.
    Track,
    /// Connection settings.
    Settings,
}

impl Page {
    /// Every page, in navigation order.
    pub const ALL: [Page; 5] = [
        Page::Launch,
        Page::Bulk,
        Page::History,
        Page::Track,
        Page::Settings,
    ];

    /// Navigation label.
    pub fn title(self) -> &'static str {
        match self {
            Page::Launch => "Launch",
            Page::Bulk => "Bulk",
            Page::History => "History",
            Page::Track => "Track",
            Page::Settings => "Settings",
        }
    }

    /// The hash that opens it.
    pub fn hash(self) -> &'static str {
        match self {
            Page::Launch => "#/launch",
            Page::Bulk => "#/bulk",
            Page::History => "#/history",
            Page::Track => "#/track",
            Page::Settings => "#/settings",
        }
    }
}

/// A parsed location hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub page: Page,
    /// The parameters as written (after `?`), for links that check themselves.
    pub query: String,
}

impl Route {
    /// Reads `#/page?key=value&...`; anything unknown opens Launch.
    pub fn parse(hash: &str) -> Route {
        let hash = hash.trim_start_matches('#').trim_start_matches('/');
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let path = path.trim_end_matches('/');
        let page = Page::ALL
            .into_iter()
            .find(|page| page.hash().trim_start_matches("#/") == path)
            .unwrap_or(Page::Launch);
        Route {
            page,
            query: query.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_open_their_pages_and_decode_parameters() {
        let route = Route::parse("#/settings?api=http%3A%2F%2F127.0.0.1%3A8787%2Fapi&org=abc");
        assert_eq!(route.page, Page::Settings);
        assert_eq!(
            route.query,
            "api=http%3A%2F%2F127.0.0.1%3A8787%2Fapi&org=abc"
        );
        assert_eq!(Route::parse("").page, Page::Launch);
        assert_eq!(Route::parse("#/nonsense").page, Page::Launch);
        assert_eq!(Route::parse("#/history/").page, Page::History);
    }

    #[test]
    fn every_page_hash_opens_that_page() {
        for page in Page::ALL {
            assert_eq!(Route::parse(page.hash()).page, page, "{}", page.hash());
            let with_query = format!("{}?a=1", page.hash());
            assert_eq!(Route::parse(&with_query).page, page);
        }
    }
}
