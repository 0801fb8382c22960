//! The portal's shell (`index.html`) in the reader's language (the `xn_lang`
//! cookie its language buttons set, else `Accept-Language`), and a bulletin
//! painted into it: its title and description in `<head>`, so a shared link
//! previews well even where no script runs (chat apps' link cards), and the
//! whole page in `<main>` (text, measures, or the retraction). A bulletin
//! comes from the same stored, redacted text as `/api/public/bulletins/{id}`.
//! The portal's other pages are painted by `http::pages`; no app runs on any.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use xiaoneng_domain::Lang;
use xiaoneng_domain::bulletin::PublicBulletin;
use xiaoneng_domain::words::{Word, chrome};

use crate::AppState;

/// The static shell's words (`index.html`, written in Chinese) and their
/// English (`words::chrome::SHELL`).
pub const SHELL_WORDS: [(&str, &str); 15] = pairs(chrome::SHELL);

const fn pairs(words: [Word; 15]) -> [(&'static str, &'static str); 15] {
    let mut out = [("", ""); 15];
    let mut i = 0;
    while i < words.len() {
        out[i] = (words[i].zh, words[i].en);
        i += 1;
    }
    out
}

/// The language the app will choose for this request: the `xn_lang` cookie
/// the app sets when someone picks one, else `Accept-Language`.
pub fn reader_lang(headers: &axum::http::HeaderMap) -> Lang {
    let chosen = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix("xn_lang="))
        .and_then(Lang::from_tag);
    chosen.unwrap_or_else(|| super::error::request_lang(headers))
}

/// The shell's body in `lang` (it is written in Chinese).
pub fn localize(index: &str, lang: Lang) -> String {
    if lang == Lang::ZhCn {
        return index.to_owned();
    }
    let Some(body_at) = index.find("<body>") else {
        return index.to_owned();
    };
    let (head, body) = index.split_at(body_at);
    let mut body = body.to_owned();
    for (zh, en) in SHELL_WORDS {
        body = body
            .replace(&format!(">{zh}<"), &format!(">{en}<"))
            .replace(
                &format!("aria-label=\"{zh}\""),
                &format!("aria-label=\"{en}\""),
            );
    }
    let body = body
        .replace("aria-pressed=\"true\">中文", "aria-pressed=\"false\">中文")
        .replace(
            "aria-pressed=\"false\">English",
            "aria-pressed=\"true\">English",
        );
    let head = head.replacen("<html lang=\"zh-CN\">", "<html lang=\"en\">", 1);
    format!("{head}{body}")
}

/// The portal's `<main>`, whose contents the server replaces.
pub(crate) const MAIN_OPEN: &str = "<main id=\"main\" class=\"site-main\" tabindex=\"-1\">";

pub(crate) async fn portal(app: &AppState) -> Option<String> {
    tokio::fs::read_to_string(app.config.dist.join("index.html"))
        .await
        .ok()
}

pub(crate) fn html(body: String) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

pub async fn bulletin_page(
    State(app): State<AppState>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
) -> Response {
    let Some(index) = portal(&app).await else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    let lang = reader_lang(&headers);
    let bulletin = match id.parse::<i64>() {
        Ok(id) => crate::http::public::one_bulletin(&app, id)
            .await
            .ok()
            .flatten(),
        Err(_) => None,
    };
    match bulletin {
        Some(b) => html(fill(&index, &b, lang)),
        None => crate::http::pages::not_found(&app, &headers).await,
    }
}

/// The portal's `index.html` with `b` in its head, its `<main>` and as data.
pub fn fill(index: &str, b: &PublicBulletin, lang: Lang) -> String {
    let (product, full) = (chrome::PRODUCT.zh, chrome::PRODUCT_FULL.zh);
    let title = format!("{} {} - {product} {full}", b.doc_number, b.title);
    let description = &b.excerpt;
    // Rendered by the one Markdown renderer, which lets no typed markup through.
    let paragraphs = b.body_html.as_deref().unwrap_or_default();
    let day = xiaoneng_domain::beijing::day(b.published_at).to_string();
    let content = match &b.retraction {
        Some(r) => retraction(r, lang),
        None => format!(
            "<div class=\"bulletin__body\">{paragraphs}</div>{}",
            measures(b, lang)
        ),
    };
    // The whole page (`data-painted`, as every portal page the server paints).
    let main = format!(
        "<div class=\"container page\" data-painted=\"bulletin\"><p class=\"back-link\"><a href=\"/bulletins\">{back}</a></p>\
         <article class=\"bulletin\"><header class=\"bulletin__head\"><p class=\"bulletin__number\">{number}</p>\
         <h1>{title}</h1><p class=\"muted\">{kind} · {published} <time datetime=\"{day}\">{day}</time></p></header>\
         {corrections}{content}</article></div>",
        back = chrome::BACK_TO_LIST.get(lang),
        published = chrome::PUBLISHED_ON.get(lang),
        number = escape(&b.doc_number),
        title = escape(&b.title),
        kind = b.kind.label(lang),
        corrections = corrections(b, lang),
    );
    let page = replace_between(
        &localize(index, lang),
        "<title>",
        "</title>",
        &escape(&title),
    );
    let page = replace_between(
        &page,
        "<meta name=\"description\" content=\"",
        "\"",
        &escape(description),
    );
    replace_between(&page, MAIN_OPEN, "</main>", &main)
}

/// A retracted bulletin's notice, in place of its text.
fn retraction(r: &xiaoneng_domain::bulletin::Retraction, lang: Lang) -> String {
    format!(
        "<section class=\"retraction\" role=\"note\" aria-labelledby=\"retracted\">\
         <h2 id=\"retracted\">{}</h2><dl class=\"summary-list\">\
         <div><dt>{}</dt><dd>{}</dd></div><div><dt>{}</dt><dd>{}</dd></div></dl></section>",
        chrome::RETRACTED_TITLE.get(lang),
        chrome::RETRACTED_ON.get(lang),
        xiaoneng_domain::beijing::day(r.at),
        chrome::RETRACTED_REASON.get(lang),
        escape(&r.reason)
    )
}

/// The measures taken, as the app's table (cards on a phone) shows them.
fn measures(b: &PublicBulletin, lang: Lang) -> String {
    if b.measures.is_empty() {
        return String::new();
    }
    let (person, unit, measure, place) = (
        chrome::PERSON.get(lang),
        chrome::MEASURE_UNIT.get(lang),
        chrome::MEASURE.get(lang),
        chrome::PLACE_PERIOD.get(lang),
    );
    let rows: String = b
        .measures
        .iter()
        .map(|m| {
            let post = if m.post.is_empty() {
                String::new()
            } else {
                lang.in_brackets(&m.post)
            };
            let period = match (&m.place, m.start, m.end) {
                (Some(p), Some(s), Some(e)) => format!("{p} {s} – {e}"),
                (Some(p), _, _) => p.clone(),
                _ => String::new(),
            };
            format!(
                "<tr><td data-label=\"{person}\">{}{}</td><td data-label=\"{unit}\">{}</td>\
                 <td data-label=\"{measure}\">{}</td><td data-label=\"{place}\">{}</td></tr>",
                escape(&m.person),
                escape(&post),
                escape(&m.unit_name),
                m.kind.label(lang),
                escape(&period)
            )
        })
        .collect();
    format!(
        "<section aria-labelledby=\"measures\"><h2 id=\"measures\">{}</h2>\
         <table class=\"data-table cards-table\"><thead><tr><th scope=\"col\">{person}</th>\
         <th scope=\"col\">{unit}</th><th scope=\"col\">{measure}</th><th scope=\"col\">{place}</th></tr></thead>\
         <tbody>{rows}</tbody></table></section>",
        chrome::MEASURES_TAKEN.get(lang)
    )
}

/// The bulletin's correction notices, as the app's page shows them above the text.
fn corrections(b: &PublicBulletin, lang: Lang) -> String {
    if b.corrections.is_empty() {
        return String::new();
    }
    let items: String = b
        .corrections
        .iter()
        .map(|c| {
            let day = xiaoneng_domain::beijing::day(c.at);
            format!(
                "<li><time datetime=\"{day}\">{day}</time> {}</li>",
                escape(&c.notice)
            )
        })
        .collect();
    format!(
        "<section class=\"corrections\" role=\"note\" aria-labelledby=\"corrections\">\
         <h2 id=\"corrections\">{}</h2><ul class=\"plain-list\">{items}</ul></section>",
        chrome::CORRECTIONS.get(lang)
    )
}

/// `html` with what lies between the first `open` and the next `close` replaced.
pub(crate) fn replace_between(html: &str, open: &str, close: &str, with: &str) -> String {
    let Some(start) = html.find(open).map(|i| i + open.len()) else {
        return html.to_owned();
    };
    let Some(len) = html[start..].find(close) else {
        return html.to_owned();
    };
    format!("{}{}{}", &html[..start], with, &html[start + len..])
}

pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use xiaoneng_domain::bulletin::{BulletinKind, PublicBulletin};

    use xiaoneng_domain::Lang;

    use super::{fill, localize};

    const INDEX: &str = "<html><head><title>效能 机关效能督查系统</title>\
        <meta name=\"description\" content=\"门户\"></head><body><div id=\"app\"><main id=\"main\" class=\"site-main\" tabindex=\"-1\">\
        <div class=\"container page\"><p class=\"muted\">正在加载… Loading…</p></div></main><footer>页脚</footer></div></body></html>";

    #[test]
    fn the_shell_speaks_english_to_an_english_reader() {
        let shell = "<html lang=\"zh-CN\"><head><title>效能</title></head><body><a class=\"skip-link\">跳到正文</a>\
            <nav aria-label=\"主导航\"><a href=\"/\">首页</a></nav>\
            <button lang=\"zh-CN\" aria-pressed=\"true\">中文</button><button lang=\"en\" aria-pressed=\"false\">English</button></body></html>";
        let en = localize(shell, Lang::En);
        assert!(en.starts_with("<html lang=\"en\">"), "{en}");
        assert!(
            en.contains(">Skip to main content<") && en.contains("aria-label=\"Main navigation\""),
            "{en}"
        );
        assert!(en.contains(">Home<"), "{en}");
        assert!(
            en.contains("aria-pressed=\"true\">English")
                && en.contains("aria-pressed=\"false\">中文"),
            "{en}"
        );
        assert!(
            en.contains("<title>效能</title>"),
            "the head is left alone: {en}"
        );
        assert_eq!(localize(shell, Lang::ZhCn), shell);
    }

    #[test]
    fn the_bulletin_is_in_the_head_and_the_shell_escaped() {
        let body = "第一段 \"引号\"\n\n第二段 & 结尾</script><script>alert(1)";
        let b = PublicBulletin {
            id: 3,
            doc_number: "效能通报〔2020〕3号".into(),
            title: "关于<某>单位的通报".into(),
            kind: BulletinKind::InspectionResults,
            published_at: Utc::now(),
            body: Some(body.into()),
            body_html: Some(xiaoneng_domain::markdown::to_html(body)),
            excerpt: xiaoneng_domain::markdown::to_plain(body),
            units: vec![],
            measures: vec![xiaoneng_domain::bulletin::BulletinMeasure {
                decision_id: 1,
                person: "张<某>".into(),
                unit_name: "市房产局".into(),
                post: "窗口工作人员".into(),
                kind: xiaoneng_domain::accountability::MeasureKind::Reassignment,
                place: Some("交通岗".into()),
                start: chrono::NaiveDate::from_ymd_opt(2020, 7, 10),
                end: chrono::NaiveDate::from_ymd_opt(2020, 10, 9),
            }],
            retraction: None,
            corrections: vec![xiaoneng_domain::bulletin::Correction {
                at: Utc::now(),
                notice: "撤销对<某>单位张某的问责决定".into(),
            }],
        };
        let html = fill(INDEX, &b, Lang::ZhCn);
        assert!(
            html.contains("<title>效能通报〔2020〕3号 关于&lt;某&gt;单位的通报 - 效能"),
            "{html}"
        );
        assert!(html.contains("content=\"第一段 &quot;引号&quot;"), "{html}");
        assert!(html.contains("<h1>关于&lt;某&gt;单位的通报</h1>"), "{html}");
        assert!(
            html.contains("<h2 id=\"corrections\">更正说明</h2>")
                && html.contains("撤销对&lt;某&gt;单位张某的问责决定"),
            "{html}"
        );
        assert!(
            html.contains("<p>第二段 &amp; 结尾&lt;/script&gt;"),
            "{html}"
        );
        assert!(!html.contains("正在加载"), "{html}");
        // The whole page: the measures too, so the app is not needed.
        assert!(html.contains("data-painted=\"bulletin\""), "{html}");
        assert!(
            html.contains("<td data-label=\"人员\">张&lt;某&gt;（窗口工作人员）</td>")
                && html
                    .contains("<td data-label=\"地点及期限\">交通岗 2020-07-10 – 2020-10-09</td>"),
            "{html}"
        );
        assert!(
            !html.contains("<script type=\"application/json\""),
            "{html}"
        );

        // A retracted one shows the retraction instead of its text.
        let retracted = PublicBulletin {
            body: None,
            body_html: None,
            retraction: Some(xiaoneng_domain::bulletin::Retraction {
                at: Utc::now(),
                reason: "事实<有误>".into(),
            }),
            ..b
        };
        let html = fill(INDEX, &retracted, Lang::En);
        assert!(
            html.contains("<h2 id=\"retracted\">This bulletin has been retracted</h2>")
                && html.contains("<dd>事实&lt;有误&gt;</dd>")
                && !html.contains("bulletin__body"),
            "{html}"
        );
    }
}
