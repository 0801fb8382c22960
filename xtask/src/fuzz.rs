//! API fuzzing: schemathesis generates requests from the OpenAPI document
//! — valid ones, and ones just outside it — against a debug server on the
//! demo data, signed in as the office. It fails on any 5xx, on a status the
//! document does not list, and on an answer that does not match its schema.
//! The seed is fixed, so a run repeats.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Result, exec, root};

const LISTEN: &str = "127.0.0.1:18383";
const SCHEMATHESIS: &str = "schemathesis==4.32.5";

/// Kills the server when the run ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Installs schemathesis (pinned) into its own virtual environment once;
/// answers its command.
fn schemathesis() -> std::result::Result<PathBuf, String> {
    let venv = crate::tools::tools_dir().join("schemathesis-4.32.5");
    let bin = venv.join("bin/schemathesis");
    if !bin.exists() {
        exec(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
        exec(Command::new(venv.join("bin/pip")).args([
            "install",
            "-q",
            "--disable-pip-version-check",
            SCHEMATHESIS,
        ]))?;
    }
    Ok(bin)
}

pub fn run() -> Result {
    let tool = schemathesis()?;
    exec(Command::new("cargo").args([
        "build",
        "--locked",
        "-p",
        "xiaoneng-server",
        "--bin",
        "xiaoneng",
    ]))?;
    let dir = root().join("target/fuzz");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let _server = Server(
        Command::new(root().join("target/debug/xiaoneng"))
            .arg("serve")
            .env(
                "DATABASE_URL",
                format!("sqlite:{}", dir.join("fuzz.db").display()),
            )
            .env("XIAONENG_DEMO", "true")
            .env("XIAONENG_LISTEN", LISTEN)
            .env("XIAONENG_DIST", root().join("dist"))
            .env("XIAONENG_LOG", "error")
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("starting the server: {e}"))?,
    );
    let base = format!("http://{LISTEN}");
    let started = Instant::now();
    while !curl_ok(&format!("{base}/api/health")) {
        if started.elapsed() > Duration::from_secs(60) {
            return Err("the server did not answer within 60 s".into());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    let (cookie, csrf) = sign_in(&base, &dir)?;
    exec(
        Command::new(tool)
            .args(["run", &format!("{base}/api/openapi.json"), "--url", &base])
            .args(["-H", &format!("Cookie: {cookie}")])
            .args(["-H", &format!("X-CSRF-Token: {csrf}")])
            // Signing out or changing the password would end the run's session.
            .args(["--exclude-path", "/api/auth/logout"])
            .args(["--exclude-path", "/api/auth/password"])
            .args(["--exclude-path", "/api/auth/login"])
            .args([
                "--checks",
                "not_a_server_error,status_code_conformance,response_schema_conformance",
            ])
            .args([
                "--max-examples",
                "15",
                "--seed",
                "20261128",
                "--workers",
                "2",
            ])
            .arg("--report-dir")
            .arg(dir.join("report")),
    )
}

fn curl_ok(url: &str) -> bool {
    Command::new("curl")
        .args(["-sf", "-o", "/dev/null", url])
        .status()
        .is_ok_and(|s| s.success())
}

/// Signs in as the demo office user: the session cookie and its CSRF token.
fn sign_in(base: &str, dir: &Path) -> Result<(String, String)> {
    let headers = dir.join("login.headers");
    let out = Command::new("curl")
        .args(["-sf", "-D"])
        .arg(&headers)
        .args([
            "-H",
            "Content-Type: application/json",
            "-d",
            r#"{"username":"office","password":"xiaoneng-demo"}"#,
            &format!("{base}/api/auth/login"),
        ])
        .output()
        .map_err(|e| format!("curl: {e}"))?;
    let me: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("the login answer: {e}"))?;
    let csrf = me["csrf_token"]
        .as_str()
        .ok_or("the login answer has no CSRF token")?
        .to_owned();
    let headers = std::fs::read_to_string(&headers).map_err(|e| e.to_string())?;
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
        .ok_or("the login set no cookie")?;
    Ok((cookie, csrf))
}
