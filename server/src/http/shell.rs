//! The portal's page for one bulletin with the bulletin already in it: its
//! title and description in `<head>`, so a shared link previews well even
//! where no script runs (chat apps' link cards), and its text in the
//! static shell that shows until the app starts and replaces it with the
//! same markup — so the text paints before the wasm arrives. It reads the
//! same stored public text as `/api/public/bulletins/{id}` (redacted at
//! publication); anything else is the plain portal page.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use xiaoneng_domain::bulletin::PublicBulletin;

use crate::AppState;

/// How much of the text the description carries (as the app sets it).
const DESCRIPTION_CHARS: usize = 120;

pub async fn bulletin_page(State(app): State<AppState>, Path(id): Path<String>) -> Response {
    let index = app.config.dist.join("index.html");
    let Ok(html) = tokio::fs::read_to_string(&index).await else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    let bulletin = match id.parse::<i64>() {
        Ok(id) => super::public::one_bulletin(&app, id).await.ok().flatten(),
        Err(_) => None,
    };
    let body = match bulletin {
        Some(b) => fill(&html, &b),
        None => html,
    };
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// The portal's `index.html` with `b` in its head and its shell.
pub fn fill(html: &str, b: &PublicBulletin) -> String {
    let title = format!("{} {} - 效能 机关效能督查系统", b.doc_number, b.title);
    let text = b
        .body
        .clone()
        .or_else(|| b.retraction.as_ref().map(|r| r.reason.clone()))
        .unwrap_or_default();
    let description: String = text.chars().take(DESCRIPTION_CHARS).collect();
    let paragraphs: String = match &b.body {
        Some(body) => body
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| format!("<p>{}</p>", escape(p)))
            .collect(),
        None => String::new(),
    };
    let article = format!(
        "<article class=\"bulletin\"><header class=\"bulletin__head\"><p class=\"bulletin__number\">{}</p><h1>{}</h1></header><div class=\"bulletin__body\">{}</div></article>",
        escape(&b.doc_number),
        escape(&b.title),
        paragraphs
    );
    let html = replace_between(html, "<title>", "</title>", &escape(&title));
    let html = replace_between(
        &html,
        "<meta name=\"description\" content=\"",
        "\"",
        &escape(&description),
    );
    html.replacen("<p class=\"muted\">正在加载… Loading…</p>", &article, 1)
}

/// `html` with what lies between the first `open` and the next `close` replaced.
fn replace_between(html: &str, open: &str, close: &str, with: &str) -> String {
    let Some(start) = html.find(open).map(|i| i + open.len()) else {
        return html.to_owned();
    };
    let Some(len) = html[start..].find(close) else {
        return html.to_owned();
    };
    format!("{}{}{}", &html[..start], with, &html[start + len..])
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use xiaoneng_domain::bulletin::{BulletinKind, PublicBulletin};

    use super::fill;

    const INDEX: &str = "<html><head><title>效能 机关效能督查系统</title>\
        <meta name=\"description\" content=\"门户\"></head><body><div id=\"app\"><main>\
        <div class=\"container page\"><p class=\"muted\">正在加载… Loading…</p></div></main></div></body></html>";

    #[test]
    fn the_bulletin_is_in_the_head_and_the_shell_escaped() {
        let b = PublicBulletin {
            id: 3,
            doc_number: "效能通报〔2020〕3号".into(),
            title: "关于<某>单位的通报".into(),
            kind: BulletinKind::InspectionResults,
            published_at: Utc::now(),
            body: Some("第一段 \"引号\"\n\n第二段 & 结尾".into()),
            units: vec![],
            measures: vec![],
            retraction: None,
        };
        let html = fill(INDEX, &b);
        assert!(
            html.contains("<title>效能通报〔2020〕3号 关于&lt;某&gt;单位的通报 - 效能"),
            "{html}"
        );
        assert!(html.contains("content=\"第一段 &quot;引号&quot;"), "{html}");
        assert!(html.contains("<h1>关于&lt;某&gt;单位的通报</h1>"), "{html}");
        assert!(html.contains("<p>第二段 &amp; 结尾</p>"), "{html}");
        assert!(!html.contains("正在加载"), "{html}");
    }
}
