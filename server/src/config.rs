//! Command line and environment: `xiaoneng [serve|migrate|create-admin|backup|restore|audit-verify|audit-anchor]`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "xiaoneng",
    version,
    about = "效能 Xiaoneng: efficiency supervision server"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Apply migrations and serve the app and the API (the default).
    Serve,
    /// Apply the database migrations and exit.
    Migrate,
    /// Check the audit log's hash chain; exits non-zero at the first entry that no longer matches.
    AuditVerify {
        /// Also check the anchors in this file (`audit-anchor --append`):
        /// a rewritten chain or a cut tail is found.
        #[arg(long)]
        anchor: Option<PathBuf>,
    },
    /// Print the audit chain's head (`seq hash time`), and append it to a
    /// file kept elsewhere with `--append` (run it from cron).
    AuditAnchor {
        #[arg(long)]
        append: Option<PathBuf>,
    },
    /// Write a consistent copy of the database (evidence included) while
    /// the server runs: SQLite's `VACUUM INTO`, or `pg_dump`.
    Backup {
        #[arg(long)]
        to: PathBuf,
    },
    /// Restore a backup into an empty database of the same engine, migrate
    /// it and check its audit chain (with this server's secret).
    Restore {
        #[arg(long)]
        from: PathBuf,
    },
    /// Run one reminder pass now (reminders before and after deadlines,
    /// the escalation ladder, the daily digests) and exit: for cron and
    /// tests. A pass run twice the same day sends nothing new.
    Remind,
    /// Create an administrator (the first one, on a production start).
    /// The password is read from XIAONENG_ADMIN_PASSWORD or, failing that, from standard input.
    CreateAdmin {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
    },
    /// Fill an empty database with the benchmark's data set (demo logins plus
    /// bulk findings, public bulletins and audit entries) and print the cursor
    /// of the findings list's page 1,000. Used by `cargo xtask bench`; only
    /// in a build with the `bench` feature.
    #[cfg(feature = "bench")]
    #[command(hide = true)]
    SeedBench {
        #[arg(long, default_value_t = 100_000)]
        findings: usize,
        #[arg(long, default_value_t = 10_000)]
        bulletins: usize,
        #[arg(long, default_value_t = 1_000_000)]
        audit: usize,
    },
}

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(
        long,
        env = "XIAONENG_LISTEN",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub listen: SocketAddr,
    /// `sqlite:<path>` (embedded, the default) or `postgres://…`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite:data/xiaoneng.db",
        global = true
    )]
    pub database_url: String,
    /// Load demo data and the demo logins on first start. Never in production.
    #[arg(long, env = "XIAONENG_DEMO", global = true, action = ArgAction::Set, default_value_t = false)]
    pub demo: bool,
    /// With `--demo`: also the story — the 2020 campaign and this month's work.
    #[arg(long, env = "XIAONENG_DEMO_STORY", global = true, action = ArgAction::Set, default_value_t = true)]
    pub demo_story: bool,
    /// The server's secret (audit chain keys, address hashes): a file kept
    /// outside the database and its backups, the same for every replica;
    /// made on first start when absent.
    #[arg(
        long,
        env = "XIAONENG_SECRET_FILE",
        default_value = "data/secret.key",
        global = true
    )]
    pub secret_file: PathBuf,
    /// `/api/health` answers 503 when the SQLite database's disk has less
    /// than this many MiB free (so that monitoring sees a disk filling up
    /// before writes are refused).
    #[arg(
        long,
        env = "XIAONENG_HEALTH_MIN_FREE_MB",
        default_value_t = 64,
        global = true
    )]
    pub health_min_free_mb: u64,
    /// Days after a citizen's report is closed (declined, or its finding
    /// closed) when the contact details they left are erased (audited).
    #[arg(
        long,
        env = "XIAONENG_REPORT_RETENTION_DAYS",
        default_value_t = 365,
        global = true
    )]
    pub report_retention_days: u32,
    /// The built app (trunk's `dist/`).
    #[arg(long, env = "XIAONENG_DIST", default_value = "dist", global = true)]
    pub dist: PathBuf,
    /// Log filter, e.g. `info` or `xiaoneng_server=debug,tower_http=debug`.
    #[arg(long, env = "XIAONENG_LOG", default_value = "info", global = true)]
    pub log: String,
    /// `text` for people, `json` (one object per line) for log collectors.
    #[arg(long, env = "XIAONENG_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
    /// Minutes of inactivity after which a session ends.
    #[arg(
        long,
        env = "XIAONENG_SESSION_IDLE_MINUTES",
        default_value_t = 480,
        global = true
    )]
    pub session_idle_minutes: u32,
    /// Hours after which a session ends however active it is (sign in again).
    #[arg(
        long,
        env = "XIAONENG_SESSION_MAX_HOURS",
        default_value_t = 12,
        global = true
    )]
    pub session_max_hours: u32,
    /// Seconds a stopping server waits for requests in flight (a stalled
    /// upload, say) before it stops anyway.
    #[arg(
        long,
        env = "XIAONENG_SHUTDOWN_SECONDS",
        default_value_t = 30,
        global = true
    )]
    pub shutdown_seconds: u64,
    /// Connections served at once; the next waits in the kernel's queue.
    #[arg(
        long,
        env = "XIAONENG_MAX_CONNECTIONS",
        default_value_t = 4096,
        global = true
    )]
    pub max_connections: usize,
    /// Seconds a connection has to send a whole request head (a client
    /// that opens connections and never finishes them is cut off).
    #[arg(
        long,
        env = "XIAONENG_HEADER_TIMEOUT_SECONDS",
        default_value_t = 10,
        global = true
    )]
    pub header_timeout_seconds: u64,
    /// Seconds a request may take, its body included (503 after that).
    #[arg(
        long,
        env = "XIAONENG_REQUEST_TIMEOUT_SECONDS",
        default_value_t = 30,
        global = true
    )]
    pub request_timeout_seconds: u64,
    /// Seconds an upload (a multipart request: photos, evidence) may take.
    #[arg(
        long,
        env = "XIAONENG_UPLOAD_TIMEOUT_SECONDS",
        default_value_t = 300,
        global = true
    )]
    pub upload_timeout_seconds: u64,
    /// API requests in progress at once; more are refused at once with 503
    /// and `Retry-After` (load shedding) instead of queueing without end.
    #[arg(
        long,
        env = "XIAONENG_MAX_REQUESTS",
        default_value_t = 512,
        global = true
    )]
    pub max_requests: usize,
    /// Uploads in progress at once (each may hold 10 MB); more get 503.
    #[arg(
        long,
        env = "XIAONENG_MAX_UPLOADS",
        default_value_t = 32,
        global = true
    )]
    pub max_uploads: usize,
    /// The address citizens use (e.g. https://xiaoneng.example.gov.cn), for links in the Atom feed;
    /// by default the request's own host.
    #[arg(long, env = "XIAONENG_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// Mark the session cookie `Secure` (sent only over HTTPS). By default
    /// it is, except in the demo (which runs on plain http://127.0.0.1); it
    /// is anyway when a trusted proxy says the client came over HTTPS.
    #[arg(long, env = "XIAONENG_SECURE_COOKIES", global = true, action = ArgAction::Set)]
    pub secure_cookies: Option<bool>,
    /// The reverse proxies in front of this server, comma-separated
    /// addresses or networks (`127.0.0.1,10.0.0.0/8`). From these peers the
    /// client's address is read from `X-Forwarded-For` and the scheme from
    /// `X-Forwarded-Proto`; from anyone else both headers are ignored.
    #[arg(long, env = "XIAONENG_TRUSTED_PROXIES", global = true, value_delimiter = ',', value_parser = crate::http::infra::client::parse_proxy)]
    pub trusted_proxies: Vec<ipnet::IpNet>,

    /// Send e-mail through this SMTP server: `smtp://host:25` (plain),
    /// `smtp://host:587?tls=required` (STARTTLS), `smtps://host:465` (TLS),
    /// with `user:password@` before the host when it wants credentials.
    /// Unset: no e-mail (the inbox and the webhook still work).
    #[arg(long, env = "XIAONENG_SMTP_URL", global = true)]
    pub smtp_url: Option<String>,
    /// The sender of the e-mails, e.g. `效能办 <xiaoneng@example.gov.cn>`.
    #[arg(
        long,
        env = "XIAONENG_MAIL_FROM",
        default_value = "效能 Xiaoneng <xiaoneng@localhost>",
        global = true
    )]
    pub mail_from: String,
    /// POST each notification here as signed JSON (to a government SMS
    /// platform or WeChat Work, say). Needs XIAONENG_WEBHOOK_SECRET.
    #[arg(long, env = "XIAONENG_WEBHOOK_URL", global = true)]
    pub webhook_url: Option<String>,
    /// The key of the webhook's `X-Xiaoneng-Signature` (HMAC-SHA256), shared
    /// with the receiver.
    #[arg(
        long,
        env = "XIAONENG_WEBHOOK_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub webhook_secret: Option<String>,
    /// Whether this server runs the delivery worker (`false`: it only
    /// queues; other replicas deliver).
    #[arg(long, env = "XIAONENG_DELIVER", global = true, action = ArgAction::Set, default_value_t = true)]
    pub deliver: bool,
    /// Attempts at a message before it is given up and shown to the office
    /// as failed.
    #[arg(
        long,
        env = "XIAONENG_DELIVERY_ATTEMPTS",
        default_value_t = 8,
        global = true
    )]
    pub delivery_attempts: u32,
    /// Seconds before the second attempt; each next waits twice as long
    /// (at most six hours).
    #[arg(
        long,
        env = "XIAONENG_DELIVERY_BACKOFF_SECONDS",
        default_value_t = 60,
        global = true
    )]
    pub delivery_backoff_seconds: u64,
    /// When the daily reminder pass runs, Beijing time (`HH:MM`).
    #[arg(
        long,
        env = "XIAONENG_REMIND_AT",
        default_value = "08:30",
        global = true
    )]
    pub remind_at: chrono::NaiveTime,
    /// Working days before a deadline when the unit is reminded
    /// (comma-separated; the day itself always is).
    #[arg(
        long,
        env = "XIAONENG_REMIND_BEFORE",
        default_value = "3,1",
        value_delimiter = ',',
        global = true
    )]
    pub remind_before: Vec<u32>,
}

impl Config {
    /// The channels configured besides the inbox.
    pub fn channels(&self) -> crate::db::Channels {
        crate::db::Channels {
            email: self.smtp_url.is_some(),
            webhook: self.webhook_url.is_some(),
        }
    }

    /// Whether the session cookie is always marked `Secure`.
    pub fn cookies_secure(&self) -> bool {
        self.secure_cookies.unwrap_or(!self.demo)
    }

    /// Whether people reach this server over HTTPS: its public address is
    /// `https://…`, or it is told in so many words to mark cookies `Secure`.
    pub fn serves_https(&self) -> bool {
        self.secure_cookies == Some(true)
            || self
                .public_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Config {
    /// Settings for tests and embedding: a database URL and a dist folder,
    /// everything else at its default.
    pub fn new(database_url: impl Into<String>, dist: impl Into<PathBuf>) -> Config {
        let mut config = Cli::parse_from(["xiaoneng"]).config;
        config.database_url = database_url.into();
        config.dist = dist.into();
        config
    }
}
