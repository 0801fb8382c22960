//! The web benchmark (issue 5): Lighthouse (mobile preset, Debian Chromium)
//! on the portal's home page and on a bulletin page, served by the release
//! server over the demo data; the bulletin page's Largest Contentful Paint
//! as a ratio to a static HTML page of the same bulletin (same text, same
//! stylesheet, no script) served by the same server in the same run; and the
//! bytes a first visit downloads, as Lighthouse counts them (compressed, on
//! the wire). Each page is measured `RUNS` times and the median reported.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::served::{Server, curl};
use crate::{Result, exec, root, tools};

const LISTEN: &str = "127.0.0.1:18182";
const RUNS: usize = 3;

/// One Lighthouse run's figures.
#[derive(Clone, Copy, Default)]
struct Figures {
    performance: f64,
    accessibility: f64,
    best_practices: f64,
    lcp_ms: f64,
    fcp_ms: f64,
    tbt_ms: f64,
    cls: f64,
    bytes: f64,
}

pub fn run() -> Result {
    let lighthouse = tools::lighthouse()?;
    let bin = crate::served::build(true)?;
    let dir = root().join("target/bench/web");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let dist = root().join("dist");

    let database = format!("sqlite:{}", dir.join("web.db").display());
    let server = Server::start(&bin, LISTEN, &database, true)?;
    let base = &server.base;

    // The newest public bulletin, and the same bulletin as a static page.
    let list: Value = json(&curl(&format!("{base}/api/public/bulletins?limit=1"))?)?;
    let id = list["items"][0]["id"]
        .as_i64()
        .ok_or("the demo data has no public bulletin")?;
    let bulletin: Value = json(&curl(&format!("{base}/api/public/bulletins/{id}"))?)?;
    let static_name = format!("bench-static-bulletin-{id}.html");
    let static_path = dist.join(&static_name);
    std::fs::write(&static_path, static_page(&bulletin, &dist)?).map_err(|e| e.to_string())?;
    let _cleanup = RemoveOnDrop(static_path);

    let pages = [
        ("home page", format!("{base}/")),
        ("bulletin page", format!("{base}/bulletins/{id}")),
        ("static bulletin", format!("{base}/{static_name}")),
    ];
    let mut medians = Vec::new();
    for (name, url) in &pages {
        let mut runs = Vec::new();
        for i in 0..RUNS {
            let report = dir.join(format!("{}-{i}.json", name.replace(' ', "-")));
            runs.push(lighthouse_run(&lighthouse, url, &report)?);
        }
        medians.push(median(&runs));
    }

    println!(
        "\nWeb benchmark: Lighthouse {} (mobile preset, simulated slow 4G), Debian Chromium, median of {RUNS} runs\n",
        tools::LIGHTHOUSE_VERSION
    );
    println!(
        "{:<16} {:>5} {:>5} {:>5} {:>8} {:>8} {:>7} {:>6} {:>18}",
        "page", "perf", "a11y", "best", "LCP ms", "FCP ms", "TBT ms", "CLS", "first-visit bytes"
    );
    for ((name, _), f) in pages.iter().zip(&medians) {
        println!(
            "{:<16} {:>5.0} {:>5.0} {:>5.0} {:>8.0} {:>8.0} {:>7.0} {:>6.3} {:>18.0}",
            name,
            f.performance * 100.0,
            f.accessibility * 100.0,
            f.best_practices * 100.0,
            f.lcp_ms,
            f.fcp_ms,
            f.tbt_ms,
            f.cls,
            f.bytes
        );
    }
    println!(
        "(perf, a11y, best: the Lighthouse category scores ×100; bytes: compressed, as transferred)"
    );
    let ratio = medians[1].lcp_ms / medians[2].lcp_ms.max(1.0);
    println!(
        "\nLCP ratio, bulletin page ÷ static page of the same bulletin: {ratio:.2} (target ≤ 1.3)"
    );
    println!("Reports: {}", dir.display());
    Ok(())
}

/// Runs Lighthouse once on `url`, keeping its JSON report. Lighthouse now
/// and then fails to record a trace (`NO_NAVSTART`) on a busy machine: up to
/// three tries.
fn lighthouse_run(bin: &Path, url: &str, report: &Path) -> Result<Figures> {
    let mut tries = 0;
    loop {
        tries += 1;
        match lighthouse_once(bin, url, report) {
            Err(e) if tries < 3 => eprintln!("Lighthouse failed ({e}); trying again"),
            outcome => return outcome,
        }
    }
}

fn lighthouse_once(bin: &Path, url: &str, report: &Path) -> Result<Figures> {
    exec(
        Command::new(bin)
            .arg(url)
            .args([
                "--quiet",
                "--only-categories=performance,accessibility,best-practices",
                "--output=json",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ])
            .arg(format!("--output-path={}", report.display()))
            .env("CHROME_PATH", "/usr/bin/chromium"),
    )?;
    let text = std::fs::read_to_string(report).map_err(|e| e.to_string())?;
    let v: Value = json(&text)?;
    let score = |c: &str| v["categories"][c]["score"].as_f64().unwrap_or(0.0);
    let audit = |a: &str| v["audits"][a]["numericValue"].as_f64().unwrap_or(f64::NAN);
    Ok(Figures {
        performance: score("performance"),
        accessibility: score("accessibility"),
        best_practices: score("best-practices"),
        lcp_ms: audit("largest-contentful-paint"),
        fcp_ms: audit("first-contentful-paint"),
        tbt_ms: audit("total-blocking-time"),
        cls: audit("cumulative-layout-shift"),
        bytes: audit("total-byte-weight"),
    })
}

/// Each figure's median over the runs (taken separately).
fn median(runs: &[Figures]) -> Figures {
    let pick = |f: fn(&Figures) -> f64| {
        let mut values: Vec<f64> = runs.iter().map(f).collect();
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    Figures {
        performance: pick(|f| f.performance),
        accessibility: pick(|f| f.accessibility),
        best_practices: pick(|f| f.best_practices),
        lcp_ms: pick(|f| f.lcp_ms),
        fcp_ms: pick(|f| f.fcp_ms),
        tbt_ms: pick(|f| f.tbt_ms),
        cls: pick(|f| f.cls),
        bytes: pick(|f| f.bytes),
    }
}

/// The bulletin as plain HTML with the app's own stylesheet: what a page
/// rendered on the server would send, the yardstick for the app's LCP.
fn static_page(b: &Value, dist: &Path) -> Result<String> {
    let css = std::fs::read_dir(dist)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".css"))
        .ok_or("no stylesheet in dist/")?;
    let text = |v: &Value| escape(v.as_str().unwrap_or_default());
    let body: String = b["body"]
        .as_str()
        .unwrap_or_default()
        .split("\n\n")
        .map(|p| format!("<p>{}</p>", escape(p)))
        .collect();
    Ok(format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><meta name=\"description\" content=\"{title}\">\
         <link rel=\"stylesheet\" href=\"/{css}\"></head><body>\
         <header class=\"site-header\"><div class=\"site-header__inner\"><a class=\"brand\" href=\"/\">\
         <span class=\"brand__mark\" aria-hidden=\"true\">效</span><span class=\"brand__name\">效能</span>\
         <span class=\"brand__full\">机关效能督查系统</span></a></div></header>\
         <main class=\"site-main\"><div class=\"container page\"><article class=\"bulletin\">\
         <header class=\"bulletin__head\"><p class=\"bulletin__number\">{number}</p><h1>{title}</h1></header>\
         <div class=\"bulletin__body\">{body}</div></article></div></main></body></html>",
        title = text(&b["title"]),
        number = text(&b["doc_number"]),
    ))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn json(text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))
}

struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
