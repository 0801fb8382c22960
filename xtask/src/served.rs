//! The server as the benchmarks and the API fuzzing run it: built, started
//! on a database of their own, waited for, signed in to, and stopped
//! however they end.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Result, exec, root};

/// Builds the server binary (`release`, or the debug build the tests made)
/// with the demo and the benchmark's data set, and answers its path.
pub fn build(release: bool) -> Result<PathBuf> {
    let mut cmd = Command::new("cargo");
    cmd.args([
        "build",
        "--locked",
        "-p",
        "xiaoneng-server",
        "--features",
        "bench",
        "--bin",
        "xiaoneng",
    ]);
    if release {
        cmd.arg("--release");
    }
    exec(&mut cmd)?;
    Ok(root()
        .join("target")
        .join(if release { "release" } else { "debug" })
        .join("xiaoneng"))
}

/// A running server; killed when dropped.
pub struct Server {
    child: Child,
    /// `http://` and the address it listens on.
    pub base: String,
}

impl Server {
    /// Starts `bin serve` on `listen` over `database_url` (with the demo
    /// data when `demo`) and waits up to a minute for `/api/health`.
    pub fn start(bin: &Path, listen: &str, database_url: &str, demo: bool) -> Result<Server> {
        let mut cmd = Command::new(bin);
        cmd.arg("serve")
            .env("DATABASE_URL", database_url)
            .env("XIAONENG_LISTEN", listen)
            .env("XIAONENG_DIST", root().join("dist"))
            .env("XIAONENG_LOG", "warn")
            .stdout(Stdio::null());
        if demo {
            cmd.env("XIAONENG_DEMO", "true");
        } else {
            // A production start: its public address is required; plain
            // HTTP on the loopback here, so the cookie is not `Secure`.
            cmd.env("XIAONENG_PUBLIC_URL", format!("http://{listen}"))
                .env("XIAONENG_SECURE_COOKIES", "false");
        }
        let server = Server {
            child: cmd
                .spawn()
                .map_err(|e| format!("starting the server: {e}"))?,
            base: format!("http://{listen}"),
        };
        let started = Instant::now();
        while curl(&format!("{}/api/health", server.base)).is_err() {
            if started.elapsed() > Duration::from_secs(60) {
                return Err("the server did not answer within 60 s".into());
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        Ok(server)
    }

    /// Signs in as the demo office user: the `Cookie` header's value and
    /// the session's CSRF token.
    pub fn sign_in(&self) -> Result<(String, String)> {
        let out = Command::new("curl")
            .args([
                "-s",
                "-D",
                "/dev/stderr",
                "-H",
                "Content-Type: application/json",
                "-d",
                r#"{"username":"office","password":"xiaoneng-demo"}"#,
                &format!("{}/api/auth/login", self.base),
            ])
            .output()
            .map_err(|e| format!("curl: {e}"))?;
        let headers = String::from_utf8_lossy(&out.stderr);
        let cookie = headers
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("set-cookie").then(|| {
                    value
                        .trim()
                        .split(';')
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                })
            })
            .ok_or_else(|| format!("the demo login failed:\n{headers}"))?;
        let me: serde_json::Value =
            serde_json::from_slice(&out.stdout).map_err(|e| format!("the login answer: {e}"))?;
        let csrf = me["csrf_token"]
            .as_str()
            .ok_or("the login answer has no CSRF token")?
            .to_owned();
        Ok((cookie, csrf))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The body at `url`; an error unless it answers 2xx.
pub fn curl(url: &str) -> Result<String> {
    let out = Command::new("curl")
        .args(["-sf", url])
        .output()
        .map_err(|e| format!("curl: {e}"))?;
    if !out.status.success() {
        return Err(format!("{url} did not answer"));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
