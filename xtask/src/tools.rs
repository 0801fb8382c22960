//! The pinned tools, installed when missing: the wasm target, trunk,
//! wasm-bindgen-cli, wasm-opt (binaryen from npm — Debian's is too old and
//! produces broken wasm), and from Debian: brotli, and for tests Chromium,
//! ChromeDriver and CJK fonts.

use std::ffi::OsString;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::{Result, exec, root};

pub const TRUNK_VERSION: &str = "0.21.14";
/// Must equal the `wasm-bindgen = "=…"` pin in Cargo.toml and `[tools]` in Trunk.toml.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
pub const BINARYEN_VERSION: &str = "132.0.0";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CJK_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

pub struct Tools {
    path: OsString,
}

impl Tools {
    /// Installs whatever is missing; `browser` adds what the browser tests need.
    pub fn ensure(browser: bool) -> Result<Tools> {
        check_pins()?;
        let binaryen = tools_dir().join("binaryen");
        let cargo_bin = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
            .map(|p| p.join("bin"))
            .ok_or("neither CARGO_HOME nor HOME is set")?;
        let mut dirs = vec![binaryen.join("node_modules/.bin"), cargo_bin];
        dirs.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let tools = Tools {
            path: std::env::join_paths(dirs).map_err(|e| e.to_string())?,
        };

        let mut debs = server_test_debs();
        if !Path::new("/usr/bin/brotli").exists() {
            debs.push("brotli");
        }
        if browser {
            if !Path::new(CHROMIUM).exists() {
                debs.push("chromium");
            }
            if !Path::new(CHROMEDRIVER).exists() {
                debs.push("chromium-driver");
            }
            if !Path::new(CJK_FONT).exists() {
                debs.push("fonts-noto-cjk");
            }
        }
        if !debs.is_empty() {
            apt_install(&debs)?;
        }

        let targets = tools
            .output("rustup", &["target", "list", "--installed"])
            .unwrap_or_default();
        if !targets
            .lines()
            .any(|t| t.trim() == "wasm32-unknown-unknown")
        {
            exec(
                tools
                    .command("rustup")
                    .args(["target", "add", "wasm32-unknown-unknown"]),
            )?;
        }
        if !tools.reports("trunk", &format!("trunk {TRUNK_VERSION}")) {
            exec(tools.command("cargo").args([
                "install",
                "trunk",
                "--version",
                TRUNK_VERSION,
                "--locked",
            ]))?;
        }
        if !tools.reports(
            "wasm-bindgen",
            &format!("wasm-bindgen {WASM_BINDGEN_VERSION}"),
        ) {
            // No --locked: its lock file names a crate version the registry no longer has.
            exec(tools.command("cargo").args([
                "install",
                "wasm-bindgen-cli",
                "--version",
                WASM_BINDGEN_VERSION,
            ]))?;
        }
        let major = BINARYEN_VERSION.split('.').next().unwrap_or_default();
        if !tools.reports("wasm-opt", &format!("version_{major}")) {
            std::fs::create_dir_all(&binaryen).map_err(|e| e.to_string())?;
            exec(
                tools
                    .command("npm")
                    .args(["install", "--no-audit", "--no-fund", "--prefix"])
                    .arg(&binaryen)
                    .arg(format!("binaryen@{BINARYEN_VERSION}")),
            )?;
        }
        Ok(tools)
    }

    /// A command run from the workspace root with the tools on its `PATH`.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = Command::new(program);
        cmd.env("PATH", &self.path).current_dir(root());
        cmd
    }

    /// Whether `program --version` runs and mentions `expected`.
    fn reports(&self, program: &str, expected: &str) -> bool {
        self.output(program, &["--version"])
            .is_some_and(|v| v.contains(expected))
    }

    fn output(&self, program: &str, args: &[&str]) -> Option<String> {
        let out = self.command(program).args(args).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

/// Where npm-installed tools go: outside the work tree, so a fresh clone on
/// the same machine reuses them.
pub fn tools_dir() -> PathBuf {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| root().join("target"))
        .join("xiaoneng")
}

/// What the server's own tests start besides the server: nginx in front of
/// it (and openssl for its certificate, curl as the client).
fn server_test_debs() -> Vec<&'static str> {
    [
        ("/usr/sbin/nginx", "nginx"),
        ("/usr/bin/openssl", "openssl"),
        ("/usr/bin/curl", "curl"),
    ]
    .into_iter()
    .filter(|(path, _)| !Path::new(path).exists())
    .map(|(_, deb)| deb)
    .collect()
}

/// Installs what the server's tests need (for `cargo xtask test quick`).
pub fn ensure_server_test_tools() -> Result {
    let debs = server_test_debs();
    if debs.is_empty() {
        return Ok(());
    }
    apt_install(&debs)
}

pub fn apt_install(packages: &[&str]) -> Result {
    let root_user = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let apt = |args: &[&str]| {
        let mut cmd = if root_user {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        };
        // Wait for another apt (an unattended upgrade, a second install) instead of failing.
        cmd.args(["-o", "DPkg::Lock::Timeout=600"])
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    exec(&mut apt(&["update", "-qq"]))?;
    exec(apt(&["install", "-y", "-qq", "--no-install-recommends"]).args(packages))
}

/// The version pins in Cargo.toml and Trunk.toml agree with the tools installed here.
fn check_pins() -> Result {
    let cargo = std::fs::read_to_string(root().join("Cargo.toml")).map_err(|e| e.to_string())?;
    let trunk = std::fs::read_to_string(root().join("Trunk.toml")).map_err(|e| e.to_string())?;
    let pin = format!("wasm-bindgen = \"={WASM_BINDGEN_VERSION}\"");
    if !cargo.contains(&pin) {
        return Err(format!(
            "Cargo.toml must pin {pin} (the installed wasm-bindgen-cli)"
        ));
    }
    if !trunk.contains(&format!("wasm_bindgen = \"{WASM_BINDGEN_VERSION}\"")) {
        return Err(format!(
            "Trunk.toml [tools] must name wasm_bindgen = \"{WASM_BINDGEN_VERSION}\""
        ));
    }
    Ok(())
}

/// The PostgreSQL for the server tests: `TEST_POSTGRES_URL`, or the local
/// server on 127.0.0.1:5432 if one answers.
pub fn postgres_url() -> Option<String> {
    if let Some(url) = std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        return Some(url);
    }
    let addr: SocketAddr = "127.0.0.1:5432".parse().expect("a valid address");
    TcpStream::connect_timeout(&addr, Duration::from_secs(1))
        .ok()
        .map(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// The OpenAPI validator from PyPI, pinned, installed once into the tools folder.
const OPENAPI_VALIDATOR: &str = "openapi-spec-validator==0.9.0";

/// Validates an OpenAPI document against the specification (3.0 or 3.1).
pub fn validate_openapi(doc: &Path) -> Result {
    let lib = tools_dir().join("pylib");
    pip_into(&lib, OPENAPI_VALIDATOR)?;
    exec(
        Command::new("python3")
            .args(["-m", "openapi_spec_validator"])
            .arg(doc)
            .env("PYTHONPATH", &lib),
    )
}

/// axe-core, the accessibility rules the end-to-end tests run on each main page.
const AXE_CORE_VERSION: &str = "4.14.1";

/// Installs axe-core (pinned) from npm once; answers the path of `axe.min.js`.
pub fn axe_core() -> std::result::Result<PathBuf, String> {
    let dir = tools_dir().join(format!("axe-core-{AXE_CORE_VERSION}"));
    let script = dir.join("node_modules/axe-core/axe.min.js");
    if !script.exists() {
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        exec(
            Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(&dir)
                .arg(format!("axe-core@{AXE_CORE_VERSION}")),
        )?;
    }
    Ok(script)
}

/// The build's JavaScript tools — Workbox's build tool, which writes the
/// staff app's service worker (`xtask/js/generate.cjs`), and esbuild, which
/// minifies the apps' JS glue (`xtask/js/minify.cjs`): installed once with
/// `npm ci` from the pinned `xtask/js/package-lock.json` into a folder
/// named by the lock's hash. Answers the folder whose `node_modules` holds
/// them.
pub fn build_js() -> std::result::Result<PathBuf, String> {
    let sw = root().join("xtask/js");
    let lock = std::fs::read(sw.join("package-lock.json"))
        .map_err(|e| format!("xtask/js/package-lock.json: {e}"))?;
    let dir = tools_dir().join(format!("build-js-{:016x}", crate::fnv1a(&lock)));
    let marker = dir.join("installed");
    if !marker.exists() {
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        for file in ["package.json", "package-lock.json"] {
            std::fs::copy(sw.join(file), dir.join(file)).map_err(|e| format!("{file}: {e}"))?;
        }
        exec(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
                .current_dir(&dir),
        )?;
        std::fs::write(&marker, "").map_err(|e| e.to_string())?;
    }
    Ok(dir)
}

/// twiggy, which the size benchmark asks where a wasm's bytes go.
const TWIGGY_VERSION: &str = "0.8.0";

/// Installs twiggy (pinned, `cargo install --locked`) once; answers its path.
pub fn twiggy() -> std::result::Result<PathBuf, String> {
    let dir = tools_dir().join(format!("twiggy-{TWIGGY_VERSION}"));
    let bin = dir.join("bin/twiggy");
    if !bin.exists() {
        exec(
            Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                .args([
                    "install",
                    "twiggy",
                    "--locked",
                    "--version",
                    TWIGGY_VERSION,
                    "--root",
                ])
                .arg(&dir),
        )?;
    }
    Ok(bin)
}

/// Lighthouse, for the web benchmark (12.x: 13 needs node 22).
pub const LIGHTHOUSE_VERSION: &str = "12.8.2";

/// Installs Lighthouse (pinned) from npm once; answers the path of its CLI.
pub fn lighthouse() -> std::result::Result<PathBuf, String> {
    let dir = tools_dir().join(format!("lighthouse-{LIGHTHOUSE_VERSION}"));
    let bin = dir.join("node_modules/.bin/lighthouse");
    if !bin.exists() {
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        exec(
            Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(&dir)
                .arg(format!("lighthouse@{LIGHTHOUSE_VERSION}")),
        )?;
    }
    Ok(bin)
}

/// Installs the PyPI package `pinned` (`name==version`) into `lib`, once:
/// a marker file says it is there.
fn pip_into(lib: &Path, pinned: &str) -> Result {
    let marker = lib.join(format!("{pinned}.installed"));
    if marker.exists() {
        return Ok(());
    }
    exec(Command::new("python3").args([
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        "--target",
        &lib.to_string_lossy(),
        pinned,
    ]))?;
    std::fs::write(&marker, "").map_err(|e| e.to_string())
}

/// The SMTP server the demo mails to (aiosmtpd from PyPI, pinned), and
/// the tests' too (`server/tests/common/mail.rs` installs the same).
const AIOSMTPD: &str = "aiosmtpd==1.4.6";

/// Starts a local SMTP server on a free port of 127.0.0.1 that writes each
/// message it receives, decoded, as a JSON file into `dir`. Returns the
/// running process and its `smtp://` URL.
pub fn mail_sink(dir: &Path) -> Result<(std::process::Child, String)> {
    let lib = tools_dir().join("aiosmtpd-1.4.6");
    pip_into(&lib, AIOSMTPD)?;
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let mut child = Command::new("python3")
        .arg(root().join("server/tests/data/smtp_sink.py"))
        .arg(dir)
        .arg(port.to_string())
        .env("PYTHONPATH", &lib)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("starting the mail sink: {e}"))?;
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        use std::io::BufRead;
        std::io::BufReader::new(out)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
    }
    if line.trim() != "ready" {
        let _ = child.kill();
        return Err(format!("the mail sink did not start: {line:?}"));
    }
    Ok((child, format!("smtp://127.0.0.1:{port}")))
}
