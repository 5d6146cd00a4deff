//! The app's files, as static hosts serve them (precompressed copies or not), and the
//! same-origin host that serves the app and passes `/tallyfy-api` on to the API.

use super::*;

/// Which precompressed copies (`file.br`, `file.gz`, written by the build) the static host serves
/// to a browser that accepts them, like hosts that do or do not negotiate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precompressed {
    /// Brotli, else gzip, else the file itself.
    BrotliOrGzip,
    /// Gzip, else the file itself (as GitHub Pages serves).
    Gzip,
    /// Always the file itself.
    None,
}

impl Precompressed {
    /// Parses `br`, `gzip` or `identity`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "br" => Some(Self::BrotliOrGzip),
            "gzip" => Some(Self::Gzip),
            "identity" => Some(Self::None),
            _ => None,
        }
    }
}

/// Serves `dir` under `prefix` (for example `/` or `/tools/launcher/`), like a static host.
pub fn static_router(dir: &str, prefix: &str, precompressed: Precompressed) -> Router {
    use tower_http::services::ServeDir;
    let service = ServeDir::new(dir).append_index_html_on_directories(true);
    let service = match precompressed {
        Precompressed::BrotliOrGzip => service.precompressed_br().precompressed_gzip(),
        Precompressed::Gzip => service.precompressed_gzip(),
        Precompressed::None => service,
    };
    let trimmed = prefix.trim_end_matches('/');
    if trimmed.is_empty() {
        Router::new().fallback_service(service)
    } else {
        Router::new().nest_service(trimmed, service)
    }
}

/// The API and the app on one origin, as behind a same-origin reverse proxy: `/api/...` and
/// `/__sandbox/...` go to the sandbox, everything else to the app's files under `prefix`.
pub fn same_origin_router(
    sandbox: Sandbox,
    dir: &str,
    prefix: &str,
    precompressed: Precompressed,
) -> Router {
    use tower::ServiceExt;
    let api = router(sandbox);
    let files = static_router(dir, prefix, precompressed);
    Router::new().fallback(move |request: Request| {
        let path = request.uri().path();
        let to_api = path == "/api" || path.starts_with("/api/") || path.starts_with("/__sandbox");
        let target = if to_api { api.clone() } else { files.clone() };
        async move {
            match target.oneshot(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            }
        }
    })
}
