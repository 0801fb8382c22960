//! API fuzzing: schemathesis generates requests from the OpenAPI document
//! — valid ones, and ones just outside it — against a debug server on the
//! demo data, signed in as the office. It fails on any 5xx, on a status the
//! document does not list, and on an answer that does not match its schema.
//! The seed is fixed, so a run repeats.

use std::path::PathBuf;
use std::process::Command;

use crate::served::{self, Server};
use crate::{Result, exec, root};

const LISTEN: &str = "127.0.0.1:18383";
const SCHEMATHESIS: &str = "schemathesis==4.32.5";

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
    let bin = served::build(false)?;
    let dir = root().join("target/fuzz");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let database = format!("sqlite:{}", dir.join("fuzz.db").display());
    let server = Server::start(&bin, LISTEN, &database, true)?;
    let (cookie, csrf) = server.sign_in()?;
    let base = &server.base;
    exec(
        Command::new(tool)
            .args(["run", &format!("{base}/api/openapi.json"), "--url", base])
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
                // One worker: Python 3.11's `ast` is not safe across threads,
                // and hypothesis parses lambdas' source while it describes
                // them; two workers once failed with "AST constructor
                // recursion depth mismatch" (CPython gh-106905).
                "--workers",
                "1",
            ])
            .arg("--report-dir")
            .arg(dir.join("report"))
            // Its cache of crashes goes with the run, not into the project.
            .current_dir(&dir),
    )
}
