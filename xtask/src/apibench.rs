//! The API benchmark: the release server over the benchmark's data set
//! (100,000 findings, 10,000 bulletins, 1,000,000 audit entries), in SQLite
//! and then in PostgreSQL when one answers, loaded by wrk on 127.0.0.1.
//! Every figure is printed next to `GET /api/health` measured in the same
//! run, first and again last, because these machines are shared and noisy:
//! the ratios (to the mean of the two) are what to compare.
//!
//! `--against OTHER_BUILD` then runs another build of the server (say, the
//! last commit's, copied aside) beside this one on the same data, and loads
//! the two in turn, case by case, printing this build's req/s over the
//! other's. Each build seeds its own copy of the data (the generator is
//! deterministic), over its own migrations, so a build with other indexes
//! is compared on the same rows.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::served::Server;
use crate::{Result, exec, root};

const LISTEN: &str = "127.0.0.1:18181";
/// Where the other build listens (`--against`).
const LISTEN_OTHER: &str = "127.0.0.1:18182";
const SECONDS: &str = "8";
const CONNECTIONS: &str = "8";

struct Figures {
    p50_ms: f64,
    p99_ms: f64,
    rps: f64,
}

pub fn run(postgres: Option<String>, against: Option<&Path>) -> Result {
    if !Path::new("/usr/bin/wrk").exists() {
        crate::tools::apt_install(&["wrk"])?;
    }
    let bin = crate::served::build(true)?;
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;

    // `None`: SQLite; else the PostgreSQL server's URL.
    let mut engines = vec![("SQLite", None)];
    match &postgres {
        Some(url) => engines.push(("PostgreSQL", Some(url.as_str()))),
        None => println!("\n(no PostgreSQL on 127.0.0.1:5432 or TEST_POSTGRES_URL: SQLite only)"),
    }
    for (engine, server) in engines {
        // A fresh database per build: this one's `xiaoneng_bench`, the other's
        // `xiaoneng_bench_other`.
        let fresh = |name: &str| match server {
            Some(url) => fresh_postgres(url, name),
            None => Ok(fresh_sqlite(&dir, name)),
        };
        let url = fresh("xiaoneng_bench")?;
        let other = match against {
            Some(other) => Some((other, fresh("xiaoneng_bench_other")?)),
            None => None,
        };
        bench_engine(&bin, other, engine, &url)?;
    }
    Ok(())
}

/// The URL of a new, empty SQLite database `name` in `dir`.
fn fresh_sqlite(dir: &Path, name: &str) -> String {
    let file = dir.join(format!("{name}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
    format!("sqlite:{}", file.display())
}

/// A new, empty database `name` on the server of `url`.
pub fn fresh_postgres(url: &str, name: &str) -> Result<String> {
    let base = url.rsplit_once('/').map_or(url, |(b, _)| b);
    for sql in [
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        format!("CREATE DATABASE {name}"),
    ] {
        exec(Command::new("psql").args([url, "-q", "-c", &sql]))?;
    }
    Ok(format!("{base}/{name}"))
}

/// Measures `bin` alone; then, given another build and a database of its
/// own, the two in turn.
fn bench_engine(bin: &Path, other: Option<(&Path, String)>, engine: &str, url: &str) -> Result {
    println!("\n── {engine}: seeding 100,000 findings, 10,000 bulletins, 1,000,000 audit entries");
    let ours = cases(&seed(bin, url)?);
    measure(bin, engine, url, &ours)?;
    if let Some((other, other_url)) = other {
        println!(
            "\n── {engine}: {} seeds the same data into its own database",
            other.display()
        );
        let theirs = cases(&seed(other, &other_url)?);
        head_to_head(engine, (bin, url, &ours), (other, &other_url, &theirs))?;
    }
    Ok(())
}

/// Seeds the data set into `url` with `bin` (over its own migrations);
/// answers the cursor that opens page 1,000 of the findings list.
fn seed(bin: &Path, url: &str) -> Result<String> {
    let seeded = Command::new(bin)
        .arg("seed-bench")
        .env("DATABASE_URL", url)
        .env("XIAONENG_LOG", "warn")
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("seed-bench: {e}"))?;
    if !seeded.status.success() {
        return Err(format!("{} seed-bench failed on {url}", bin.display()));
    }
    let out = String::from_utf8_lossy(&seeded.stdout);
    Ok(out
        .lines()
        .find_map(|l| l.strip_prefix("cursor_page_1000="))
        .ok_or("seed-bench printed no cursor")?
        .trim()
        .to_owned())
}

/// What a run loads: (name, path, signed in as the office); the first is
/// the baseline.
type Cases = [(&'static str, String, bool); 6];

fn cases(cursor: &str) -> Cases {
    [
        (
            "GET /api/health (baseline)",
            "/api/health".to_owned(),
            false,
        ),
        (
            "findings, filtered page",
            "/api/findings?state=rectifying&dimension=work_discipline".to_owned(),
            true,
        ),
        ("findings, page 1", "/api/findings".to_owned(), true),
        (
            "findings, by deadline",
            "/api/findings?sort=deadline".to_owned(),
            true,
        ),
        (
            "findings, page 1,000",
            format!("/api/findings?cursor={cursor}"),
            true,
        ),
        (
            "public bulletins, page 1",
            "/api/public/bulletins".to_owned(),
            false,
        ),
    ]
}

/// Both builds serve the same data at once; each case runs on this one,
/// the other, this one, the other (`ROUNDS` times over), so a machine that
/// slows down or speeds up meanwhile weighs on both alike.
fn head_to_head(
    engine: &str,
    (bin, url, cases): (&Path, &str, &Cases),
    (other, other_url, other_cases): (&Path, &str, &Cases),
) -> Result {
    const ROUNDS: usize = 2;
    const ROUND_SECONDS: &str = "4";
    let ours = Server::start(bin, LISTEN, url, false)?;
    let theirs = Server::start(other, LISTEN_OTHER, other_url, false)?;
    let signed = [
        (&ours, ours.sign_in()?.0, cases),
        (&theirs, theirs.sign_in()?.0, other_cases),
    ];
    println!(
        "\n{engine}: this build against {} on the same data, alternating, \
         {ROUNDS}× {ROUND_SECONDS} s each\n",
        other.display()
    );
    println!(
        "{:<30} {:>12} {:>12} {:>10}",
        "request", "this req/s", "other req/s", "this ÷ other"
    );
    for (case, (name, _, signed_in)) in cases.iter().enumerate() {
        let mut rps = [0.0; 2];
        for _ in 0..ROUNDS {
            for (i, (server, cookie, cases)) in signed.iter().enumerate() {
                let figures = wrk(
                    &format!("{}{}", server.base, cases[case].1),
                    signed_in.then_some(cookie.as_str()),
                    ROUND_SECONDS,
                )?;
                rps[i] += figures.rps / ROUNDS as f64;
            }
        }
        println!(
            "{name:<30} {:>12.0} {:>12.0} {:>11.2}×",
            rps[0],
            rps[1],
            rps[0] / rps[1]
        );
    }
    Ok(())
}

/// Runs each case against `bin` serving `url`; prints and answers the figures.
fn measure(
    bin: &Path,
    engine: &str,
    url: &str,
    cases: &[(&str, String, bool)],
) -> Result<Vec<Figures>> {
    let server = Server::start(bin, LISTEN, url, false)?;
    let base = &server.base;
    let (cookie, _) = server.sign_in()?;
    let run = |path: &str, signed_in: bool| {
        wrk(
            &format!("{base}{path}"),
            signed_in.then_some(cookie.as_str()),
            SECONDS,
        )
    };
    let mut all = Vec::new();
    for (_, path, signed_in) in cases {
        all.push(run(path, *signed_in)?);
    }
    // The baseline again at the end: the machine may have slowed or sped
    // up meanwhile, so the ratios are to the mean of the two.
    let (_, health_path, health_signed_in) = &cases[0];
    let health_after = run(health_path, *health_signed_in)?;
    let health = (all[0].rps + health_after.rps) / 2.0;

    println!("\n{engine}: wrk -c{CONNECTIONS} -t2 -d{SECONDS}s on 127.0.0.1 (20 rows a page)\n");
    println!(
        "{:<30} {:>9} {:>9} {:>10} {:>12}",
        "request", "p50 ms", "p99 ms", "req/s", "÷ health rps"
    );
    let line = |name: &str, f: &Figures| {
        println!(
            "{name:<30} {:>9.2} {:>9.2} {:>10.0} {:>11.2}×",
            f.p50_ms,
            f.p99_ms,
            f.rps,
            f.rps / health
        );
    };
    let mut page_one = None;
    for ((name, _, _), figures) in cases.iter().zip(&all) {
        line(name, figures);
        if *name == "findings, page 1" {
            page_one = Some(figures.p50_ms);
        }
        if *name == "findings, page 1,000"
            && let Some(first) = page_one
        {
            println!(
                "{:<30} deep page p50 ÷ first page p50 = {:.2}×",
                "",
                figures.p50_ms / first
            );
        }
    }
    line("GET /api/health (again)", &health_after);
    println!("{:<30} health req/s, mean of the two: {health:.0}", "");
    Ok(all)
}

fn wrk(url: &str, cookie: Option<&str>, seconds: &str) -> Result<Figures> {
    let mut cmd = Command::new("wrk");
    cmd.args([
        "-t2",
        "-c",
        CONNECTIONS,
        "-d",
        &format!("{seconds}s"),
        "--latency",
    ]);
    if let Some(cookie) = cookie {
        cmd.args(["-H", &format!("Cookie: {cookie}")]);
    }
    let out = cmd.arg(url).output().map_err(|e| format!("wrk: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    if text.contains("Non-2xx") {
        return Err(format!("{url} answered errors under load:\n{text}"));
    }
    let percentile = |p: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(p).map(|v| v.trim().to_owned()))
            .and_then(|v| millis(&v))
    };
    let rps = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok());
    match (percentile("50%"), percentile("99%"), rps) {
        (Some(p50_ms), Some(p99_ms), Some(rps)) => Ok(Figures {
            p50_ms,
            p99_ms,
            rps,
        }),
        _ => Err(format!("could not read wrk's report:\n{text}")),
    }
}

/// wrk's "1.23ms" / "456.00us" / "1.02s" in milliseconds.
fn millis(v: &str) -> Option<f64> {
    let (num, factor) = if let Some(n) = v.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = v.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = v.strip_suffix('s') {
        (n, 1000.0)
    } else {
        return None;
    };
    num.parse::<f64>().ok().map(|n| n * factor)
}
