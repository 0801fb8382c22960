//! Project automation (std, and serde_json for the web benchmark's reports):
//!
//! - `cargo xtask run`   — build the app, start `xiaoneng` with demo data on 127.0.0.1:8080
//! - `cargo xtask test`  — every check: fmt, clippy, unit, server (SQLite and PostgreSQL),
//!   wasm-bindgen tests and end-to-end tests in headless Chromium
//! - `cargo xtask test quick` — for iteration: fmt, clippy (host), the domain's and
//!   the server's tests on SQLite only; installs only what those tests start (nginx)
//! - `cargo xtask bench [size|web|api|notify|faults]` — the size benchmark against a minimal Leptos app,
//!   the web benchmark (Lighthouse on the portal, LCP against a static page, first-visit
//!   bytes), and the API benchmark (latency and throughput over 100,000 findings) against
//!   `/api/health`
//! - `cargo xtask bench faults` — `kill -9` during concurrent writes, 200 clients for 60 s,
//!   and the cost of SQLite's `synchronous=FULL`, on both engines
//! - `cargo xtask bench notify` — the cost of a notification to a finding step (against a
//!   step that tells nobody, same run) and the e-mails a minute the worker delivers
//! - `cargo xtask dist`  — only build the app into `dist/`
//!
//! Each installs what is missing first (pinned versions) and nothing on a second run.

mod apibench;
mod fuzz;
mod served;
mod tools;
mod webbench;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use tools::Tools;

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let result = match task.as_str() {
        "run" => run(),
        "test" if std::env::args().nth(2).as_deref() == Some("quick") => test_quick(),
        "test" => test(),
        "bench" => bench(),
        "dist" => Tools::ensure(false).and_then(|tools| build_dist(&tools)),
        // The test command's API fuzzing alone (needs a built `dist/`).
        "fuzz" => fuzz::run(),
        _ => {
            eprintln!("usage: cargo xtask <run | test [quick] | bench | dist | fuzz>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask {task}: {e}");
            ExitCode::FAILURE
        }
    }
}

pub type Result<T = ()> = std::result::Result<T, String>;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Runs a command to completion, echoing it first; fails on a non-zero exit.
pub fn exec(cmd: &mut Command) -> Result {
    let shown = format!(
        "{} {}",
        cmd.get_program().to_string_lossy(),
        cmd.get_args()
            .map(|a| shown_arg(&a.to_string_lossy()))
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!("\n▶ {shown}");
    let status = cmd
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// An argument as the log shows it: a session's cookie or CSRF token passed
/// as a header is credentials, and CI logs are kept.
fn shown_arg(arg: &str) -> String {
    match arg.split_once(':') {
        Some((name, _))
            if name.eq_ignore_ascii_case("cookie") || name.eq_ignore_ascii_case("x-csrf-token") =>
        {
            format!("'{name}: …'")
        }
        _ => arg.to_owned(),
    }
}

fn cargo(tools: &Tools) -> Command {
    tools.command(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn run() -> Result {
    let tools = Tools::ensure(false)?;
    build_dist(&tools)?;
    exec(cargo(&tools).args([
        "build",
        "--locked",
        "--release",
        "-p",
        "xiaoneng-server",
        "--features",
        "demo",
    ]))?;
    let mut server = tools.command(root().join("target/release/xiaoneng"));
    server
        .arg("serve")
        .env("XIAONENG_DIST", root().join("dist"));
    if std::env::var_os("XIAONENG_DEMO").is_none() {
        server.env("XIAONENG_DEMO", "true");
    }
    // The demo's e-mail goes to a local SMTP server that keeps each message
    // as a file, unless a real one is configured.
    let mut sink = None;
    if std::env::var_os("XIAONENG_SMTP_URL").is_none() {
        let folder = root().join("data/mail");
        let (child, url) = tools::mail_sink(&folder)?;
        println!(
            "\n  E-mail the demo sends is kept in {} (one JSON file per message; SMTP at {url}).",
            folder.display()
        );
        server.env("XIAONENG_SMTP_URL", url);
        sink = Some(child);
    }
    let served = exec(&mut server);
    if let Some(mut sink) = sink {
        let _ = sink.kill();
        let _ = sink.wait();
    }
    served
}

fn test() -> Result {
    let started = Instant::now();
    let tools = Tools::ensure(true)?;
    let mut timings = Vec::new();
    let mut step = |name: &str, f: &mut dyn FnMut() -> Result| -> Result {
        let t = Instant::now();
        f()?;
        timings.push((name.to_owned(), t.elapsed()));
        Ok(())
    };

    let postgres = tools::postgres_url();
    match &postgres {
        Some(url) => println!("PostgreSQL suite: on ({})", redact(url)),
        None if std::env::var_os("XIAONENG_REQUIRE_POSTGRES").is_some() => {
            return Err("XIAONENG_REQUIRE_POSTGRES is set but no PostgreSQL is reachable".into());
        }
        None => println!(
            "PostgreSQL suite: off (set TEST_POSTGRES_URL or run PostgreSQL on 127.0.0.1:5432)"
        ),
    }

    step("format", &mut || {
        exec(cargo(&tools).args(["fmt", "--all", "--check"]))
    })?;
    step("clippy (host)", &mut || {
        exec(cargo(&tools).args([
            "clippy",
            "--locked",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    step("clippy (wasm)", &mut || {
        exec(cargo(&tools).args([
            "clippy",
            "--locked",
            "-p",
            "xiaoneng-app",
            "--all-targets",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    step("build the app (trunk)", &mut || build_dist(&tools))?;
    step("unit, server and end-to-end tests", &mut || {
        let axe = tools::axe_core()?;
        let mut cmd = cargo(&tools);
        cmd.args(["test", "--locked", "--workspace"])
            .env("XIAONENG_E2E_DIST", root().join("dist"))
            .env("XIAONENG_AXE", axe)
            .env("CHROMEDRIVER", tools::CHROMEDRIVER);
        match &postgres {
            Some(url) => cmd.env("TEST_POSTGRES_URL", url),
            None => cmd.env_remove("TEST_POSTGRES_URL"),
        };
        exec(&mut cmd)
    })?;
    step("API fuzzing (schemathesis)", &mut fuzz::run)?;
    step("OpenAPI document (openapi-spec-validator)", &mut || {
        // Written by the access-matrix test from the running server.
        tools::validate_openapi(&root().join("target/openapi.json"))
    })?;
    step("wasm-bindgen tests (headless Chromium)", &mut || {
        exec(
            cargo(&tools)
                .args([
                    "test",
                    "--locked",
                    "-p",
                    "xiaoneng-app",
                    "--target",
                    "wasm32-unknown-unknown",
                ])
                .env("CHROMEDRIVER", tools::CHROMEDRIVER),
        )
    })?;

    println!("\nAll checks passed in {:.0?}:", started.elapsed());
    for (name, took) in timings {
        println!("  {name:<40} {:>6.1} s", took.as_secs_f64());
    }
    Ok(())
}

/// The checks worth running after every edit: format, clippy on the host,
/// and the domain's and the server's tests on SQLite (no browser, no
/// PostgreSQL). `cargo xtask test` stays the full suite.
fn test_quick() -> Result {
    let started = Instant::now();
    tools::ensure_server_test_tools()?;
    let cargo = || Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    exec(cargo().args(["fmt", "--all", "--check"]))?;
    exec(cargo().args([
        "clippy",
        "--locked",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    exec(
        cargo()
            .args([
                "test",
                "--locked",
                "-p",
                "xiaoneng-domain",
                "-p",
                "xiaoneng-server",
            ])
            .env_remove("TEST_POSTGRES_URL")
            .env_remove("XIAONENG_REQUIRE_POSTGRES"),
    )?;
    println!("\nQuick checks passed in {:.0?}", started.elapsed());
    Ok(())
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://…@{}", &url[..scheme], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// Where the staff app goes inside `dist/` (the server's `assets::STAFF_DIR`).
const STAFF_DIR: &str = "staff-app";

/// The apps with `trunk build --release`: the public portal into `dist/`
/// (first: trunk empties its dist folder), the staff app into
/// `dist/staff-app/`, the field app, the office's app and the administration
/// pages into theirs (their shells are the staff shell with another
/// `data-bin`: written here, not kept); then each inline boot script moved
/// into a file (the server's CSP allows no inline script), then brotli and
/// gzip copies.
fn build_dist(tools: &Tools) -> Result {
    let dist = root().join("dist");
    let staff = dist.join(STAFF_DIR);
    build_trunk(tools, &root(), "portal/index.html", &dist, "/")?;
    build_trunk(
        tools,
        &root(),
        "staff.html",
        &staff,
        &format!("/{STAFF_DIR}/"),
    )?;
    let mut entries = Vec::new();
    for (dir, bin) in SHELL_APPS {
        entries.push(build_staff_shell_app(tools, &dist.join(dir), bin)?);
    }
    portal_script(&dist)?;
    let mut apps = vec![staff.clone()];
    apps.extend(SHELL_APPS.iter().map(|(dir, _)| dist.join(dir)));
    minify_glue(&apps)?;
    let [field, office, admin]: [(String, String); 3] = entries
        .try_into()
        .map_err(|_| "three apps share the staff app's shell")?;
    externalize_boot_script(
        &staff,
        &format!("/{STAFF_DIR}/"),
        Boot::Choose {
            field,
            office,
            admin,
        },
    )?;
    // After the boot scripts: the worker precaches the staff app's files as served.
    service_worker(&dist)?;
    precompress(&dist)?;
    precompress(&staff)?;
    for (dir, _) in SHELL_APPS {
        precompress(&dist.join(dir))?;
    }
    Ok(())
}

/// Builds `bin`, an app the staff shell's boot script starts, into `out`
/// (its `--public-url` too): its shell is `staff.html` with `bin`, and it
/// keeps no page of its own. Answers its JS glue and wasm.
fn build_staff_shell_app(tools: &Tools, out: &Path, bin: &str) -> Result<(String, String)> {
    let staff_html = std::fs::read_to_string(root().join("staff.html"))
        .map_err(|e| format!("reading staff.html: {e}"))?;
    let from = "data-bin=\"xiaoneng-app\"";
    if !staff_html.contains(from) {
        return Err(format!("staff.html no longer has {from}"));
    }
    let name = format!(".{bin}.html");
    let shell = root().join(&name);
    std::fs::write(
        &shell,
        staff_html.replace(from, &format!("data-bin=\"{bin}\"")),
    )
    .map_err(|e| format!("{}: {e}", shell.display()))?;
    let dir = out
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or("an app's folder has a name")?;
    let built = build_trunk(tools, &root(), &name, out, &format!("/{dir}/"));
    let _ = std::fs::remove_file(&shell);
    built?;
    let index = out.join("index.html");
    let html =
        std::fs::read_to_string(&index).map_err(|e| format!("reading {}: {e}", index.display()))?;
    std::fs::remove_file(&index).map_err(|e| e.to_string())?;
    trunk_entry(&html)
}

/// Where trunk puts the administration pages' app inside `dist/`.
const ADMIN_DIR: &str = "admin-app";

/// Where trunk puts the field app inside `dist/` (its `--public-url` too).
const FIELD_DIR: &str = "field-app";

/// Where trunk puts the office's app inside `dist/`.
const OFFICE_DIR: &str = "office-app";

/// The apps the staff app's shell starts besides the staff app: their
/// folders in `dist/` and their binaries, in the order `Boot::Choose` takes.
const SHELL_APPS: [(&str, &str); 3] = [
    (FIELD_DIR, "xiaoneng-field"),
    (OFFICE_DIR, "xiaoneng-office"),
    (ADMIN_DIR, "xiaoneng-admin"),
];

/// How an app's boot script starts it.
enum Boot {
    /// The staff shell: the administration app (JS glue and wasm) for its
    /// pages (`paths::in_admin_app`), the office's app for its
    /// (`paths::in_office_app`); the field app for signing in, a visit,
    /// and the dashboard of a device an inspector last signed in on
    /// (`src/field.rs`); the staff app for every other page.
    Choose {
        field: (String, String),
        office: (String, String),
        admin: (String, String),
    },
}

/// The JS glue and the wasm trunk's inline boot script loads.
fn trunk_entry(html: &str) -> Result<(String, String)> {
    let between = |after: &str| -> Result<String> {
        let start = html
            .find(after)
            .ok_or_else(|| format!("trunk's boot script has no {after:?}"))?
            + after.len();
        let end = start
            + html[start..]
                .find('\'')
                .ok_or("trunk's boot script: an unclosed string")?;
        Ok(html[start..end].to_owned())
    };
    Ok((
        between("import init, * as bindings from '")?,
        between("module_or_path: '")?,
    ))
}

/// Writes `dist/staff-sw.js`, the staff app's service worker (Workbox;
/// see `xtask/js/generate.cjs`), so the app opens with no connection.
fn service_worker(dist: &Path) -> Result {
    exec(node_script("generate.cjs")?.arg(dist))
}

/// `node xtask/js/<script>`, finding the pinned build tools it requires.
fn node_script(script: &str) -> Result<Command> {
    let js = tools::build_js()?;
    let mut cmd = Command::new("node");
    cmd.arg(root().join("xtask/js").join(script))
        .env("NODE_PATH", js.join("node_modules"));
    Ok(cmd)
}

/// Minifies the JS glue of each app in `dirs` in place (esbuild; see
/// `xtask/js/minify.cjs`): 2.2 KB gzip less of what an inspector loads.
/// Their names stay trunk's, hashed from the glue as written: still one
/// name per content, so the browser's year-long cache stays right.
fn minify_glue(dirs: &[PathBuf]) -> Result {
    let glue = dirs
        .iter()
        .map(|dir| find_asset(dir, ".js", "js"))
        .collect::<Result<Vec<_>>>()?;
    minify(&glue)
}

/// Minifies JavaScript files in place (esbuild; see `xtask/js/minify.cjs`).
fn minify(files: &[PathBuf]) -> Result {
    exec(node_script("minify.cjs")?.args(files))
}

fn build_trunk(tools: &Tools, dir: &Path, target: &str, dist: &Path, public_url: &str) -> Result {
    // Trunk builds offline: fetch crates first.
    exec(cargo(tools).args(["fetch", "--locked"]).current_dir(dir))?;
    std::fs::create_dir_all(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    exec(
        tools
            .command("trunk")
            .args([
                "build",
                target,
                "--release=true",
                "--public-url",
                public_url,
                "--dist",
            ])
            .arg(dist)
            .current_dir(dir)
            .env("TRUNK_SKIP_VERSION_CHECK", "true"),
    )
}

/// Writes the portal's script (`dist/boot-<hash>.js`) into its
/// `index.html`. Every portal page is painted whole by the server and runs
/// no app: this script works the menu and the language buttons (a language
/// by a reload), a receipt's copy button, and says a form is being sent.
fn portal_script(dist: &Path) -> Result {
    let script: &str = "// Every portal page is painted whole by the server: no app runs there.\n\
             const menu = document.querySelector('.menu-button');\n\
             const nav = document.getElementById('site-nav');\n\
             menu?.addEventListener('click', () => {\n\
               const open = menu.getAttribute('aria-expanded') !== 'true';\n\
               menu.setAttribute('aria-expanded', String(open));\n\
               nav?.classList.toggle('is-open', open);\n\
             });\n\
             for (const button of document.querySelectorAll('.lang-switch button[lang]')) {\n\
               button.addEventListener('click', () => {\n\
                 const tag = button.getAttribute('lang');\n\
                 try { localStorage.setItem('xiaoneng.lang', tag); } catch {}\n\
                 document.cookie = `xn_lang=${tag}; path=/; max-age=31536000; samesite=lax`;\n\
                 location.reload();\n\
               });\n\
             }\n\
             // A receipt's copy button: the code on the clipboard, or selected where\n\
             // the browser will not put it there, and a word on which.\n\
             for (const button of document.querySelectorAll('button[data-copy]')) {\n\
               button.addEventListener('click', async () => {\n\
                 const source = document.getElementById(button.dataset.copy);\n\
                 let done = false;\n\
                 try { await navigator.clipboard.writeText(source.textContent.trim()); done = true; } catch {}\n\
                 if (!done) { const range = document.createRange(); range.selectNodeContents(source);\n\
                   const selection = getSelection(); selection.removeAllRanges(); selection.addRange(range); }\n\
                 const said = button.parentElement.querySelector('[role=status]');\n\
                 if (said) said.textContent = done ? button.dataset.copied : button.dataset.copyFailed;\n\
               });\n\
             }\n\
             // A form shown again after it was sent (its address carries the key it was\n\
             // sent with): the address becomes the plain form's, so a reload or coming\n\
             // back asks for a fresh form, never to send that one again.\n\
             if (document.querySelector('form[data-sending]') && location.search) history.replaceState(null, '', location.pathname);\n\
             // A form being sent says so, and is not sent twice by a second press.\n\
             for (const form of document.querySelectorAll('form[data-sending]')) {\n\
               form.addEventListener('submit', (event) => {\n\
                 if (form.dataset.sent) { event.preventDefault(); return; }\n\
                 form.dataset.sent = 'true';\n\
                 const button = form.querySelector('button[type=submit]');\n\
                 if (button) { button.textContent = form.dataset.sending; button.setAttribute('aria-disabled', 'true'); }\n\
               });\n\
             }\n\
             ";
    let name = format!("boot-{:016x}.js", fnv1a(script.as_bytes()));
    std::fs::write(dist.join(&name), script).map_err(|e| e.to_string())?;
    let index_path = dist.join("index.html");
    let html = std::fs::read_to_string(&index_path)
        .map_err(|e| format!("reading {}: {e}", index_path.display()))?;
    if html.contains("<script") {
        return Err("the portal's index.html has a script of its own: it runs no app".into());
    }
    let tag = format!("<script type=\"module\" src=\"/{name}\"></script>");
    let html = html.replacen("</head>", &format!("{tag}</head>"), 1);
    std::fs::write(&index_path, html).map_err(|e| e.to_string())?;
    println!("wrote the portal's script {name}");
    Ok(())
}

/// Moves trunk's inline boot script into a file: the staff shell's, which
/// picks the app by the path.
fn externalize_boot_script(dist: &Path, public_url: &str, boot: Boot) -> Result {
    let index_path = dist.join("index.html");
    let html = std::fs::read_to_string(&index_path)
        .map_err(|e| format!("reading {}: {e}", index_path.display()))?;
    let open = "<script type=\"module\">";
    let Some(start) = html.find(open) else {
        return Ok(()); // already external
    };
    let body_start = start + open.len();
    let end = body_start
        + html[body_start..]
            .find("</script>")
            .ok_or("index.html: an inline script without </script>")?;
    let Boot::Choose {
        field: (field_js, field_wasm),
        office: (office_js, office_wasm),
        admin: (admin_js, admin_wasm),
    } = &boot;
    let script = {
        let (staff_js, staff_wasm) = trunk_entry(&html)?;
        format!(
            "// The administration app (its pages: `paths::in_admin_app` in src/lib.rs), the office's\n\
             // app (`paths::in_office_app`), the field app (sign-in, a visit's checklist, an\n\
             // inspector's dashboard) or the staff app.\n\
             const path = location.pathname;\n\
             const stored = (storage, key) => {{ try {{ return storage.getItem(key); }} catch {{ return null; }} }};\n\
             const handedOver = stored(sessionStorage, 'xiaoneng.elsewhere') === path;\n\
             try {{ sessionStorage.removeItem('xiaoneng.elsewhere'); }} catch {{}}\n\
             const admin = /^\\/staff\\/(admin|checklists)(\\/|$)/.test(path);\n\
             const office = /^\\/staff\\/(planning|ledger|appeals|reassignments|reports|bulletins)(\\/|$)/.test(path);\n\
             const field = /^\\/staff\\/visits\\/[^/]+$/.test(path) || (!handedOver && (path === '/login'\n\
               || (path === '/staff' && stored(localStorage, 'xiaoneng.app') === 'field')));\n\
             const [js, module] = admin ? ['{admin_js}', '{admin_wasm}']\n\
               : office ? ['{office_js}', '{office_wasm}']\n\
               : field ? ['{field_js}', '{field_wasm}'] : ['{staff_js}', '{staff_wasm}'];\n\
             try {{\n\
             \x20 const bindings = await import(js);\n\
             \x20 const wasm = await bindings.default({{ module_or_path: module }});\n\
             \x20 window.wasmBindings = bindings;\n\
             \x20 dispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {{detail: {{wasm}}}}));\n\
             }} catch (error) {{\n\
             \x20 // The app could not be fetched (no connection, and not kept on this device;\n\
             \x20 // a fetch fails with a TypeError): say so in the reader's language, with a\n\
             \x20 // way to try again. Anything else is the app's own failure.\n\
             \x20 if (!(error instanceof TypeError)) throw error;\n\
             \x20 const en = stored(localStorage, 'xiaoneng.lang') === 'en';\n\
             \x20 const page = document.querySelector('main .page') || document.body;\n\
             \x20 const said = document.createElement('p');\n\
             \x20 said.setAttribute('role', 'alert');\n\
             \x20 said.textContent = en ? 'This page cannot open: it needs a connection. Check it and try again.'\n\
             \x20   : '无法打开此页面：需要网络连接，请检查网络后重试。';\n\
             \x20 const again = document.createElement('button');\n\
             \x20 again.type = 'button';\n\
             \x20 again.className = 'button';\n\
             \x20 again.textContent = en ? 'Try again' : '重试';\n\
             \x20 again.addEventListener('click', () => location.reload());\n\
             \x20 page.replaceChildren(said, again);\n\
             \x20 throw error;\n\
             }}\n"
        )
    };
    // Minified (the comments above stay here), then named by its content.
    let written = dist.join("boot.js");
    std::fs::write(&written, script).map_err(|e| e.to_string())?;
    minify(std::slice::from_ref(&written))?;
    let script = std::fs::read(&written).map_err(|e| e.to_string())?;
    let name = format!("boot-{:016x}.js", fnv1a(&script));
    std::fs::rename(&written, dist.join(&name)).map_err(|e| e.to_string())?;
    let tag = format!("<script type=\"module\" src=\"{public_url}{name}\"></script>");
    let html = format!(
        "{}{}{}",
        &html[..start],
        tag,
        &html[end + "</script>".len()..]
    );
    // Trunk's preloads would fetch the staff app on a page that runs the
    // field app.
    let html: String = html
        .split_inclusive('>')
        .filter(|tag| {
            let tag = tag.trim_start();
            !(tag.starts_with("<link rel=\"modulepreload\"")
                || (tag.starts_with("<link rel=\"preload\"") && tag.contains("_bg.wasm")))
        })
        .collect();
    std::fs::write(&index_path, html).map_err(|e| e.to_string())?;
    println!("moved the inline boot script to {name}");
    Ok(())
}

/// FNV-1a, 64 bits: enough to name a file by its content for caching.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

const COMPRESSIBLE: [&str; 8] = [
    "html",
    "js",
    "wasm",
    "css",
    "svg",
    "webmanifest",
    "json",
    "txt",
];

fn precompress(dist: &Path) -> Result {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dist).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if path.is_file() && COMPRESSIBLE.contains(&ext) {
            files.push(path);
        }
    }
    // zopfli here while brotli runs in its own process: both cores busy.
    std::thread::scope(|scope| {
        let gzip = scope.spawn(|| {
            files
                .iter()
                .try_for_each(|path| write_beside(path, "gz", &zopfli_gzip(path)?))
        });
        let brotli = files.iter().try_for_each(|path| {
            write_beside(
                path,
                "br",
                &compressed(path, "brotli", &["-q", "11", "-c"])?,
            )
        });
        gzip.join().map_err(|_| "zopfli panicked".to_owned())??;
        brotli
    })?;
    println!(
        "precompressed {} (brotli -q 11, gzip by zopfli)",
        dist.display()
    );
    Ok(())
}

fn write_beside(path: &Path, ext: &str, bytes: &[u8]) -> Result {
    let mut out = path.as_os_str().to_owned();
    out.push(".");
    out.push(ext);
    std::fs::write(out, bytes).map_err(|e| e.to_string())
}

/// The file as gzip, compressed by zopfli (15 iterations): what the server
/// sends a browser that takes gzip and not brotli. Deterministic (no name,
/// no time in the header), like `gzip -n`.
fn zopfli_gzip(path: &Path) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        bytes.as_slice(),
        &mut out,
    )
    .map_err(|e| format!("zopfli on {}: {e}", path.display()))?;
    Ok(out)
}

fn compressed(path: &Path, program: &str, args: &[&str]) -> Result<Vec<u8>> {
    let mut child = Command::new(program)
        .args(args)
        .arg(path)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("running {program}: {e}"))?;
    let mut bytes = Vec::new();
    child
        .stdout
        .take()
        .expect("piped")
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("{program} failed on {}", path.display()));
    }
    Ok(bytes)
}

/// Sizes of the app's wasm, JS and CSS (raw, gzip -9, gzip as served, brotli -11) next to a
/// minimal Leptos app built in the same run with the same tools and profile.
fn bench() -> Result {
    let which = std::env::args().nth(2).unwrap_or_default();
    if matches!(which.as_str(), "" | "size") {
        bench_size()?;
    }
    if matches!(which.as_str(), "" | "web") {
        if !which.is_empty() {
            build_dist(&Tools::ensure(false)?)?; // (the size benchmark has just built it)
        }
        webbench::run()?;
    }
    if matches!(which.as_str(), "" | "notify") {
        bench_notify()?;
    }
    if matches!(which.as_str(), "" | "faults") {
        bench_faults()?;
    }
    if matches!(which.as_str(), "" | "api") {
        let args: Vec<String> = std::env::args().skip(3).collect();
        let against = match args.as_slice() {
            [] => None,
            [flag, bin] if flag == "--against" => Some(std::path::PathBuf::from(bin)),
            _ => return Err("usage: cargo xtask bench api [--against OTHER_BUILD]".into()),
        };
        apibench::run(tools::postgres_url(), against.as_deref())?;
    }
    Ok(())
}

/// `cargo xtask bench faults`: `kill -9` during concurrent writes, 200
/// clients for 60 s, and what SQLite's `synchronous=FULL` costs
/// (`server/examples/faults.rs`), on SQLite and PostgreSQL.
fn bench_faults() -> Result {
    bench_example("faults", &[])
}

/// `cargo xtask bench notify`: what a notification costs a finding step,
/// and how fast the worker mails (server/examples/notify.rs).
fn bench_notify() -> Result {
    let sink_dir = root().join("target/bench/notify-mail");
    let _ = std::fs::remove_dir_all(&sink_dir);
    let (mut sink, smtp) = tools::mail_sink(&sink_dir)?;
    let sink_arg = sink_dir.to_string_lossy().into_owned();
    let ran = bench_example("notify", &["--smtp-url", &smtp, "--sink", &sink_arg]);
    let _ = sink.kill();
    let _ = sink.wait();
    ran
}

/// Runs the benchmark `server/examples/{name}.rs` against the release
/// server binary, in a fresh `target/bench/{name}`, on SQLite and on a
/// fresh PostgreSQL database when one is reachable; `args` go along.
fn bench_example(name: &str, args: &[&str]) -> Result {
    let bin = served::build(true)?;
    let dir = root().join("target/bench").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args([
        "run",
        "--locked",
        "--release",
        "-p",
        "xiaoneng-server",
        "--features",
        "demo",
        "--example",
        name,
        "--",
    ])
    .arg("--bin")
    .arg(&bin)
    .arg("--dir")
    .arg(&dir)
    .args(args);
    match tools::postgres_url() {
        Some(url) => {
            cmd.arg("--postgres")
                .arg(apibench::fresh_postgres(&url, &format!("xiaoneng_{name}"))?);
        }
        None => println!("(no PostgreSQL on 127.0.0.1:5432 or TEST_POSTGRES_URL: SQLite only)"),
    }
    exec(&mut cmd)
}

fn bench_size() -> Result {
    let tools = Tools::ensure(false)?;
    build_dist(&tools)?;
    let baseline_dist = root().join("target/bench/baseline-dist");
    build_trunk(
        &tools,
        &root().join("bench/baseline"),
        "index.html",
        &baseline_dist,
        "/",
    )?;
    minify_glue(std::slice::from_ref(&baseline_dist))?;

    let dist = root().join("dist");
    let mut first_load = Vec::new();
    for (app, dir) in [
        ("the staff app (dist/staff-app/)", dist.join(STAFF_DIR)),
        ("the field app (dist/field-app/)", dist.join(FIELD_DIR)),
        ("the office's app (dist/office-app/)", dist.join(OFFICE_DIR)),
        (
            "the administration pages (dist/admin-app/)",
            dist.join(ADMIN_DIR),
        ),
    ] {
        first_load.push(size_table(app, &dir, &baseline_dist)?);
    }
    // The field app starts from the staff shell's boot script.
    let staff_boot = match find_boot(&dist.join(STAFF_DIR)) {
        Some(path) => sizes(&path)?[SERVED_GZIP],
        None => 0,
    };
    let (staff, field, office, admin) = (
        first_load[0],
        first_load[1] + staff_boot,
        first_load[2] + staff_boot,
        first_load[3] + staff_boot,
    );
    // Every portal page is painted whole by the server and runs no app:
    // a first visit runs its script only.
    let portal = match find_boot(&dist) {
        Some(path) => sizes(&path)?[SERVED_GZIP],
        None => return Err("the portal has no script (dist/boot-*.js)".into()),
    };
    println!(
        "\nTargets: wasm + JS (glue and boot script) a first visit downloads, gzip as served (zopfli), in KB of 1,000 bytes\n"
    );
    println!("{:<52} {:>9} {:>8}  verdict", "what", "measured", "target");
    for (what, bytes, target_kb) in [
        ("the portal's first visit (any of its pages)", portal, 150),
        ("what an inspector loads to run a visit", field, 300),
        ("the office app: dashboard, findings, inbox", staff, 600),
        (
            "the office app: planning, accountability, bulletins",
            office,
            600,
        ),
        ("the office app's administration pages", admin, 600),
    ] {
        let kb = bytes as f64 / 1000.0;
        let verdict = if kb <= f64::from(target_kb) {
            "met".to_owned()
        } else {
            format!("over, {:.2}× the target", kb / f64::from(target_kb))
        };
        println!("{what:<52} {kb:>9.1} {target_kb:>8}  {verdict}");
    }
    // The office's daily work spans two apps: each is fetched once, then
    // kept by the browser (hashed names, cached a year); the boot script is
    // one file for both.
    println!(
        "{:<52} {:>9.1}        -  (both office apps, once each)",
        "the office app, all its daily pages",
        (staff + office - staff_boot) as f64 / 1000.0
    );
    for bin in [
        "xiaoneng-field",
        "xiaoneng-app",
        "xiaoneng-office",
        "xiaoneng-admin",
    ] {
        bytes_by_crate(&tools, bin)?;
    }
    Ok(())
}

/// Where a binary's bytes go, by crate: twiggy (pinned) over the wasm as
/// wasm-bindgen leaves it, names kept (before wasm-opt, which shrinks it
/// further but strips the names). A generic function counts for the crate
/// its path starts with, so Leptos's view code monomorphised for the app's
/// views counts as `tachys`.
fn bytes_by_crate(tools: &Tools, bin: &str) -> Result {
    let twiggy = tools::twiggy()?;
    let wasm = root().join(format!(
        "target/wasm32-unknown-unknown/wasm-release/{bin}.wasm"
    ));
    let out = root().join("target/bench/named").join(bin);
    let _ = std::fs::remove_dir_all(&out);
    exec(
        tools
            .command("wasm-bindgen")
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(&out)
            .arg(&wasm),
    )?;
    let named = out.join(format!("{bin}_bg.wasm"));
    let csv = Command::new(&twiggy)
        .args(["top", "-n", "1000000", "--format", "csv"])
        .arg(&named)
        .output()
        .map_err(|e| format!("twiggy: {e}"))?;
    if !csv.status.success() {
        return Err(format!("twiggy: {}", String::from_utf8_lossy(&csv.stderr)));
    }
    let mut by: std::collections::BTreeMap<String, u64> = Default::default();
    for line in String::from_utf8_lossy(&csv.stdout).lines().skip(1) {
        // Name,ShallowSize,ShallowSizePercent,… — the name may be quoted, with commas.
        let (name, rest) = match line.strip_prefix('"') {
            Some(quoted) => match quoted.split_once("\",") {
                Some((name, rest)) => (name.to_owned(), rest),
                None => continue,
            },
            None => match line.split_once(',') {
                Some((name, rest)) => (name.to_owned(), rest),
                None => continue,
            },
        };
        let Some(size) = rest.split(',').next().and_then(|n| n.parse::<u64>().ok()) else {
            continue;
        };
        if name.starts_with("custom section") || name.contains("function names") {
            continue; // names and wasm-bindgen's notes: gone after wasm-opt
        }
        *by.entry(crate_of(&name)).or_default() += size;
    }
    let total: u64 = by.values().sum();
    let mut rows: Vec<_> = by.into_iter().collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.1));
    println!("\nBytes by crate in {bin} (code and data before wasm-opt, {total} bytes in all)\n");
    for (name, bytes) in rows.iter().take(16) {
        println!(
            "{bytes:>10} {:>5.1}%  {name}",
            100.0 * *bytes as f64 / total.max(1) as f64
        );
    }
    Ok(())
}

/// The crate a function's name starts from (`<F as tachys::view::Render>…`
/// is `tachys`), `(data)` for data segments.
fn crate_of(name: &str) -> String {
    if name.starts_with("data segment") {
        return "(data)".into();
    }
    let bytes = name.as_bytes();
    let mut start = None;
    for (i, b) in bytes.iter().enumerate() {
        let ident = b.is_ascii_alphanumeric() || *b == b'_';
        match (start, ident) {
            (None, true) if !b.is_ascii_digit() => start = Some(i),
            (Some(s), false) => {
                let word = &name[s..i];
                let rest = &name[i..];
                let rest = rest
                    .strip_prefix('[')
                    .and_then(|r| r.split_once(']'))
                    .map_or(rest, |(_, after)| after);
                if rest.starts_with("::") && word != "impl" && word != "_" {
                    return word.to_owned();
                }
                start = None;
            }
            _ => {}
        }
    }
    "(other)".into()
}

/// Prints an app's sizes beside the baseline's; answers the gzip bytes (as
/// served) of what its first visit downloads to run (wasm, JS glue, boot
/// script).
fn size_table(app_name: &str, dir: &Path, baseline_dist: &Path) -> Result<u64> {
    let kinds = [("wasm", "_bg.wasm"), ("js", ".js"), ("css", ".css")];
    println!(
        "\nSize of {app_name} (bytes; ratio = app ÷ baseline, the same tools and profile in this run)\n"
    );
    println!(
        "{:<6} {:<8} {:>10} {:>10} {:>10} {:>10}",
        "asset", "", "raw", "gzip -9", "gzip", "brotli 11"
    );
    let mut total = [[0u64; SIZES]; 2];
    let mut to_run = 0;
    for (kind, suffix) in kinds {
        let app = sizes(&find_asset(dir, suffix, kind)?)?;
        let base = match find_asset(baseline_dist, suffix, kind) {
            Ok(path) => Some(sizes(&path)?),
            Err(_) => None,
        };
        for i in 0..SIZES {
            total[0][i] += app[i];
            total[1][i] += base.map_or(0, |b| b[i]);
        }
        if kind != "css" {
            to_run += app[SERVED_GZIP];
        }
        print_row(kind, app, base);
    }
    println!("{}", "-".repeat(59));
    print_row("total", total[0], Some(total[1]));
    let boot = match find_boot(dir) {
        Some(path) => sizes(&path)?[SERVED_GZIP],
        None => 0,
    };
    Ok(to_run + boot)
}

fn find_boot(dir: &Path) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("boot-") && n.ends_with(".js"))
        })
}

fn print_row(kind: &str, app: [u64; SIZES], base: Option<[u64; SIZES]>) {
    let row = |label: &str, cells: [String; SIZES]| {
        let [raw, gzip9, gzip, brotli] = cells;
        format!("{label:>10} {raw:>10} {gzip9:>10} {gzip:>10} {brotli:>10}")
    };
    println!("{kind:<6} {}", row("app", app.map(|n| n.to_string())));
    match base {
        Some(base) => {
            println!("{:<6} {}", "", row("baseline", base.map(|n| n.to_string())));
            let ratios =
                std::array::from_fn(|i| format!("{:.2}×", app[i] as f64 / base[i].max(1) as f64));
            println!("{:<6} {}", "", row("ratio", ratios));
        }
        None => println!("{:<6} {:>10} {:>10}", "", "baseline", "(none)"),
    }
}

fn find_asset(dir: &Path, suffix: &str, kind: &str) -> Result<PathBuf> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.ends_with(suffix)
                && !name.starts_with("boot-")
                && name != "staff-sw.js"
                && (kind != "js" || !name.ends_with("_bg.js"))
        })
        .ok_or_else(|| format!("no {kind} file in {}", dir.display()))
}

/// How many sizes `sizes` gives: raw, `gzip -9`, gzip as served (zopfli,
/// as `precompress` writes it), brotli 11.
const SIZES: usize = 4;
/// The gzip a browser downloads: the one the targets count.
const SERVED_GZIP: usize = 2;

fn sizes(path: &Path) -> Result<[u64; SIZES]> {
    let raw = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    let gzip9 = compressed(path, "gzip", &["-9", "-n", "-c"])?.len() as u64;
    let served = zopfli_gzip(path)?.len() as u64;
    let brotli = compressed(path, "brotli", &["-q", "11", "-c"])?.len() as u64;
    Ok([raw, gzip9, served, brotli])
}
