//! `tallyfy-sandbox`: serves the Tallyfy-compatible API and, optionally, the built app.

use std::net::SocketAddr;
use std::process::ExitCode;

use tallyfy_sandbox::seed;
use tallyfy_sandbox::server::{router, same_origin_router, static_router, Precompressed, Sandbox};

/// `/` or `/path/`.
fn app_prefix(prefix: &str) -> String {
    match prefix.trim_matches('/') {
        "" => "/".into(),
        path => format!("/{path}/"),
    }
}

const USAGE: &str = "\
usage: tallyfy-sandbox [options]
  --host ADDR        address to bind (default 127.0.0.1)
  --port N           API port, 0 for any free port (default 8787)
  --no-api           do not serve the API (static files only)
  --no-cors          do not answer CORS preflights (to see the browser's CORS failure)
  --app-dir DIR      also serve this folder (the built app) as a static host
  --app-port N       port for --app-dir (default 8080)
  --app-prefix PATH  sub-path to serve the app under (default /)
  --app-encoding E   precompressed copies to serve: br (brotli or gzip, default), gzip, identity
  --same-origin      serve the app from the API's own port too (as a same-origin proxy would)";

struct Options {
    host: String,
    port: u16,
    api: bool,
    cors: bool,
    app_dir: Option<String>,
    app_port: u16,
    app_prefix: String,
    app_encoding: Precompressed,
    same_origin: bool,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        host: "127.0.0.1".into(),
        port: 8787,
        api: true,
        cors: true,
        app_dir: None,
        app_port: 8080,
        app_prefix: "/".into(),
        app_encoding: Precompressed::BrotliOrGzip,
        same_origin: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--host" => options.host = value("--host")?,
            "--port" => {
                options.port = value("--port")?
                    .parse()
                    .map_err(|e| format!("--port: {e}"))?
            }
            "--no-api" => options.api = false,
            "--no-cors" => options.cors = false,
            "--app-dir" => options.app_dir = Some(value("--app-dir")?),
            "--app-port" => {
                options.app_port = value("--app-port")?
                    .parse()
                    .map_err(|e| format!("--app-port: {e}"))?
            }
            "--app-prefix" => options.app_prefix = value("--app-prefix")?,
            "--app-encoding" => {
                let text = value("--app-encoding")?;
                options.app_encoding = Precompressed::parse(&text)
                    .ok_or(format!("--app-encoding: {text}: use br, gzip or identity"))?
            }
            "--same-origin" => options.same_origin = true,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    if !options.api && options.app_dir.is_none() {
        return Err(format!("nothing to serve\n{USAGE}"));
    }
    Ok(options)
}

async fn bind(host: &str, port: u16) -> std::io::Result<(tokio::net::TcpListener, SocketAddr)> {
    let listener = tokio::net::TcpListener::bind((host, port)).await?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let mut servers = tokio::task::JoinSet::new();
    let mut api_url = None;
    if options.api {
        let (listener, addr) = match bind(&options.host, options.port).await {
            Ok(bound) => bound,
            Err(e) => {
                eprintln!("cannot listen on {}:{}: {e}", options.host, options.port);
                return ExitCode::FAILURE;
            }
        };
        let url = format!("http://{addr}/api");
        // Tests read this exact line to learn the port.
        println!("sandbox api listening on {url}");
        api_url = Some(url);
        let app = match (&options.app_dir, options.same_origin) {
            (Some(dir), true) => {
                println!(
                    "app listening on http://{addr}{}",
                    app_prefix(&options.app_prefix)
                );
                same_origin_router(
                    Sandbox::new(options.cors),
                    dir,
                    &app_prefix(&options.app_prefix),
                    options.app_encoding,
                )
            }
            _ => router(Sandbox::new(options.cors)),
        };
        servers.spawn(async move { axum::serve(listener, app).await });
    }
    if let (Some(dir), false) = (&options.app_dir, options.same_origin) {
        let (listener, addr) = match bind(&options.host, options.app_port).await {
            Ok(bound) => bound,
            Err(e) => {
                eprintln!(
                    "cannot listen on {}:{}: {e}",
                    options.host, options.app_port
                );
                return ExitCode::FAILURE;
            }
        };
        let prefix = app_prefix(&options.app_prefix);
        let app_url = format!("http://{addr}{prefix}");
        println!("app listening on {app_url}");
        if let Some(api) = &api_url {
            let fragment =
                serde_urlencoded::to_string([("api", api.as_str()), ("org", seed::ORG_ID)])
                    .unwrap_or_default();
            println!();
            println!("  Open the launcher, already pointed at the sandbox:");
            println!("    {app_url}#/settings?{fragment}");
            println!("  Then paste the sandbox's demo API token into Settings > API token:");
            println!("    {}", seed::DEMO_TOKEN);
            println!();
        }
        let app = static_router(dir, &prefix, options.app_encoding);
        servers.spawn(async move { axum::serve(listener, app).await });
    } else if api_url.is_some() {
        println!("demo token: {}", seed::DEMO_TOKEN);
        println!("organization: {}", seed::ORG_ID);
    }
    tokio::select! {
        Some(result) = servers.join_next() => {
            eprintln!("a server stopped: {result:?}");
            ExitCode::FAILURE
        }
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}
