//! `xiaoneng`: serve (the default), migrate, create-admin, backup, restore,
//! audit-verify, audit-anchor.

use std::io::BufRead;

use anyhow::Context;
use chrono::Utc;
use clap::Parser;
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;
use xiaoneng_domain::{NewPassword, Role};
use xiaoneng_server::config::LogFormat;
use xiaoneng_server::db::{AuditEntry, NewUser};
use xiaoneng_server::{Cli, Command, Store, auth::password};

/// mimalloc: a list page allocates for every column of every row, and
/// glibc's allocator spent a fifth of the page's CPU on it (`perf record`
/// under wrk, over the data `cargo xtask bench api` seeds). It also stands in for `malloc` itself
/// (the `override` feature), so the bundled SQLite's allocations — a copy
/// of every column it hands over — are mimalloc's too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter = EnvFilter::try_new(&cli.config.log).context("reading the log filter")?;
    match cli.config.log_format {
        LogFormat::Text => tracing_subscriber::fmt().with_env_filter(filter).init(),
        LogFormat::Json => tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init(),
    }
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(cli.config).await,
        Command::Migrate => {
            let store = connect(&cli.config).await?;
            store.migrate().await?;
            println!("migrations applied ({})", store.engine());
            Ok(())
        }
        Command::Remind => {
            let store = connect(&cli.config)
                .await?
                .with_channels(cli.config.channels());
            store.migrate().await?;
            let now = chrono::Utc::now();
            let done = xiaoneng_server::remind::pass(
                &store,
                &cli.config.remind_before,
                xiaoneng_domain::beijing::day(now),
                now,
            )
            .await?;
            println!(
                "reminders sent: {}; ladder steps taken: {}; digests queued: {}",
                done.reminders, done.steps, done.digests
            );
            store.close().await;
            Ok(())
        }
        Command::AuditVerify { anchor } => {
            let store = connect(&cli.config).await?;
            let anchors = match &anchor {
                Some(path) => xiaoneng_server::audit::parse_anchors(
                    &std::fs::read_to_string(path)
                        .with_context(|| format!("reading {}", path.display()))?,
                )?,
                None => Vec::new(),
            };
            match xiaoneng_server::audit::verify_anchored(&store, &anchors).await? {
                Ok(n) => {
                    println!(
                        "audit log intact: {n} entries ({} anchors checked)",
                        anchors.len()
                    );
                    Ok(())
                }
                Err(broken) => {
                    eprintln!("audit log broken: {broken}");
                    std::process::exit(1);
                }
            }
        }
        Command::AuditAnchor { append } => {
            let store = connect(&cli.config).await?;
            let anchor = xiaoneng_server::audit::anchor(&store).await?;
            println!("{anchor}");
            if let Some(path) = append {
                use std::io::Write;
                let mut file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .with_context(|| format!("opening {}", path.display()))?;
                writeln!(file, "{anchor}")?;
                file.sync_all()?;
            }
            Ok(())
        }
        Command::Backup { to } => {
            let store = connect(&cli.config).await?;
            xiaoneng_server::backup::backup(&store, &cli.config.database_url, &to).await?;
            let (seq, _) = store.audit_head().await?;
            println!(
                "backup written to {} (audit chain at entry {seq} or later)",
                to.display()
            );
            Ok(())
        }
        Command::Restore { from } => {
            xiaoneng_server::backup::restore(&cli.config.database_url, &from).await?;
            let store = connect(&cli.config).await?;
            store.migrate().await?;
            match xiaoneng_server::audit::verify(&store).await? {
                Ok(n) => {
                    println!(
                        "restored from {}: audit log intact, {n} entries",
                        from.display()
                    );
                    Ok(())
                }
                Err(broken) => {
                    eprintln!(
                        "restored from {}, but its audit log does not hold with this server's secret: {broken}",
                        from.display()
                    );
                    std::process::exit(1);
                }
            }
        }
        Command::CreateAdmin {
            username,
            display_name,
        } => create_admin(cli.config, username, display_name).await,
        #[cfg(feature = "bench")]
        Command::SeedBench {
            findings,
            bulletins,
            audit,
        } => {
            let mut config = cli.config;
            config.demo = true;
            config.demo_story = false;
            let state = xiaoneng_server::prepare(config).await?;
            let started = std::time::Instant::now();
            let cursor =
                xiaoneng_server::bench::seed(&state.store, findings, bulletins, audit).await?;
            eprintln!("seeded in {:.1} s", started.elapsed().as_secs_f64());
            println!("cursor_page_1000={cursor}");
            Ok(())
        }
    }
}

/// The database, with the audit key from the server's secret.
async fn connect(config: &xiaoneng_server::Config) -> anyhow::Result<Store> {
    let secret = xiaoneng_server::secret::Secret::load_or_create(&config.secret_file)?;
    Store::connect(&config.database_url, secret.audit_key()).await
}

async fn serve(config: xiaoneng_server::Config) -> anyhow::Result<()> {
    if !config.demo && config.public_url.is_none() {
        anyhow::bail!(
            "XIAONENG_PUBLIC_URL is not set: outside the demo, the address citizens use \
             (https://xiaoneng.example.gov.cn) must be given for the feed's links"
        );
    }
    // A misconfigured channel stops the start, not the first delivery.
    xiaoneng_server::deliver::check(&config)?;
    raise_file_limit(config.max_connections);
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    let state = xiaoneng_server::prepare(config.clone()).await?;
    let url = format!("http://{}", listener.local_addr()?);
    tracing::info!(%url, database = state.store.engine(), "serving");
    println!("\n  效能 Xiaoneng is running at {url}");
    if !config.dist.join("index.html").exists() {
        println!(
            "  (no built app in {}: only the API is served)",
            config.dist.display()
        );
    }
    #[cfg(feature = "demo")]
    if config.demo {
        use xiaoneng_server::demo;
        println!("  Demo logins (password {:?}):", demo::DEMO_PASSWORD);
        for (username, name, role, _) in demo::DEMO_USERS {
            println!(
                "    {username:<10} {:<14} {name}",
                role.label(xiaoneng_domain::Lang::En)
            );
        }
    }
    println!("  Stop with Ctrl-C.\n");
    xiaoneng_server::serve(listener, state, xiaoneng_server::shutdown_signal()).await?;
    Ok(())
}

async fn create_admin(
    config: xiaoneng_server::Config,
    username: String,
    display_name: String,
) -> anyhow::Result<()> {
    let password = match std::env::var("XIAONENG_ADMIN_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprintln!("Password for {username} (at least 12 characters), then Enter:");
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let mut invalid = xiaoneng_domain::Invalid::default();
    xiaoneng_domain::account::validate_username(&mut invalid, "username", &username);
    xiaoneng_domain::validation::text(&mut invalid, "display_name", &display_name, 1, 100);
    let chosen = NewPassword {
        confirm: password.clone(),
        password: password.clone(),
    };
    if let Err(e) = chosen.validate(&username) {
        for (field, reason) in e.fields() {
            invalid.add(field.clone(), reason.clone());
        }
    }
    if !invalid.is_empty() {
        for (field, reason) in invalid.fields() {
            eprintln!("{field}: {}", reason.message(xiaoneng_domain::Lang::En));
        }
        anyhow::bail!("no administrator created");
    }
    let store = connect(&config).await?;
    store.migrate().await?;
    let now = Utc::now();
    let user = NewUser {
        username: username.clone(),
        display_name,
        role: Role::Admin,
        unit_id: None,
        password_hash: password::hash(password).await?,
        must_change_password: false,
        email: None,
        mobile: None,
        signs_bulletins: false,
    };
    let audit = AuditEntry {
        detail: serde_json::json!({ "via": "create-admin" }),
        after: Some(
            serde_json::json!({ "username": username, "display_name": user.display_name, "role": "admin" }),
        ),
        ..AuditEntry::new(now, None, "create", "user")
    };
    let id = store.create_user(&user, audit).await.map_err(|e| match e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            anyhow::anyhow!("the username {username:?} is taken")
        }
        other => other.into(),
    })?;
    println!("administrator {username} created (id {id})");
    Ok(())
}

/// Raises the soft limit on open files to the hard one, so that
/// `XIAONENG_MAX_CONNECTIONS` connections (and the database's files) fit.
fn raise_file_limit(connections: usize) {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    let raised = rustix::process::Rlimit {
        current: limit.maximum,
        maximum: limit.maximum,
    };
    if limit.current != limit.maximum
        && let Err(e) = setrlimit(Resource::Nofile, raised)
    {
        tracing::warn!(error = %e, "could not raise the open-file limit");
    }
    let current = getrlimit(Resource::Nofile).current.unwrap_or(u64::MAX);
    if (connections as u64).saturating_add(64) > current {
        tracing::warn!(
            connections,
            open_files = current,
            "XIAONENG_MAX_CONNECTIONS is above what the open-file limit allows"
        );
    }
}
