//! A citizen's report once sent, painted whole: its receipt (the tracking
//! code with a copy button, what happens next and by which working day the
//! office answers) and its status, looked up by code with a plain `GET`
//! form. Both are addresses a citizen keeps and comes back to (the e-mail
//! of an outcome links to the status), so a first visit runs no app; the
//! boot script works the copy button.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{Markup, html};
use xiaoneng_domain::Lang;
use xiaoneng_domain::calendar::day_and_weekday;
use xiaoneng_domain::report::{ANSWER_WORKING_DAYS, ReportStatus, ReportStatusView};
use xiaoneng_domain::words::portal as w;

use super::{page, pairs, unavailable};
use crate::AppState;
use crate::http::infra::shell;
use crate::http::public::status_of_report;

/// What a code led to: the report, no report, or a failure to read.
type Looked = Result<Option<ReportStatusView>, ()>;

/// The code in the query (`?code=`), as typed.
fn asked_code(query: Option<&str>) -> String {
    pairs(query.unwrap_or_default())
        .into_iter()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default()
}

async fn look_up(app: &AppState, code: &str) -> Looked {
    status_of_report(app, code).await.map_err(|error| {
        tracing::warn!(%error, "a report's status could not be read");
    })
}

/// The answer's status: 404 for a code no report has, 503 when the
/// report could not be read.
fn status_for(looked: Option<&Looked>) -> StatusCode {
    match looked {
        Some(Ok(None)) => StatusCode::NOT_FOUND,
        Some(Err(())) => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::OK,
    }
}

/// `/report/received?code=`: the receipt of a report just sent.
pub async fn receipt(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = shell::reader_lang(&headers);
    let code = asked_code(query.as_deref());
    let looked = look_up(&app, &code).await;
    let again = receipt_href(&code);
    let main = receipt_page(lang, &looked, &again);
    let status = status_for(Some(&looked));
    let mut response = page(&app, lang, "/report", w::REPORT_TITLE.get(lang), main).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}

/// `/report/status?code=`: a report's status by its code (the form alone
/// without one).
pub async fn status(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = shell::reader_lang(&headers);
    let code = asked_code(query.as_deref());
    let looked = if code.is_empty() {
        None
    } else {
        Some(look_up(&app, &code).await)
    };
    let main = status_page(lang, &code, looked.as_ref());
    let status = status_for(looked.as_ref());
    let mut response = page(&app, lang, "/report", w::STATUS_TITLE.get(lang), main).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}

fn receipt_href(code: &str) -> String {
    address("/report/received", code)
}

fn status_href(code: &str) -> String {
    address("/report/status", code)
}

fn address(path: &str, code: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("code", code)
        .finish();
    format!("{path}?{query}")
}

fn not_found(lang: Lang) -> Markup {
    html! { p.notice role="alert" { (w::STATUS_NOT_FOUND.get(lang)) } }
}

fn receipt_page(lang: Lang, looked: &Looked, again: &str) -> Markup {
    html! {
        div."container page" data-painted="receipt" {
            div.receipt {
                h1 { (w::REPORT_DONE_TITLE.get(lang)) }
                @match looked {
                    Ok(Some(s)) => (receipt_of(lang, s)),
                    Ok(None) => {
                        (not_found(lang))
                        p.more-link { a href="/report/status" { (w::STATUS_TITLE.get(lang)) } }
                    }
                    Err(()) => (unavailable(lang, again)),
                }
            }
        }
    }
}

fn receipt_of(lang: Lang, s: &ReportStatusView) -> Markup {
    let (before, after) = w::receipt_answer(lang, ANSWER_WORKING_DAYS);
    html! {
        p { (w::REPORT_KEEP_CODE.get(lang)) }
        p.receipt__code #receipt-code { (s.code) }
        // The boot script puts the code on the clipboard, or selects it
        // where the browser will not, and says which.
        div.receipt__copy {
            button."button button--secondary" type="button" aria-describedby="receipt-code"
                data-copy="receipt-code" data-copied=(w::RECEIPT_COPIED.get(lang))
                data-copy-failed=(w::RECEIPT_COPY_FAILED.get(lang)) {
                (w::RECEIPT_COPY.get(lang))
            }
            p.receipt__copied role="status" {}
        }
        @if s.status != ReportStatus::Received {
            p { (w::RECEIPT_STATE.get(lang)) strong { (s.status.label(lang)) } }
        }
        h2 { (w::RECEIPT_NEXT.get(lang)) }
        ol.receipt__steps {
            li {
                (before)
                time.nowrap datetime=(s.answer_by) { (day_and_weekday(s.answer_by, lang)) }
                (after)
            }
            li { (w::RECEIPT_ACCEPTED.get(lang)) }
            li { (w::RECEIPT_FOLLOW.get(lang)) }
        }
        p.more-link { a href=(status_href(&s.code)) { (w::REPORT_CHECK.get(lang)) } }
    }
}

fn status_page(lang: Lang, code: &str, looked: Option<&Looked>) -> Markup {
    let day = |at| xiaoneng_domain::beijing::day(at).to_string();
    html! {
        div."container page" data-painted="status" {
            h1 { (w::STATUS_TITLE.get(lang)) }
            form."form form--inline" method="get" action="/report/status" {
                div.field {
                    label.field__label for="status-code" { (w::STATUS_CODE.get(lang)) }
                    p.field__hint #status-code-hint { (w::STATUS_CODE_HINT.get(lang)) }
                    input.field__input #status-code name="code" autocomplete="off" autocapitalize="characters"
                        aria-describedby="status-code-hint" maxlength="40" value=(code);
                }
                button.button type="submit" { (w::STATUS_CHECK.get(lang)) }
            }
            @match looked {
                None => {},
                Some(Ok(None)) => (not_found(lang)),
                Some(Err(())) => (unavailable(lang, &status_href(code))),
                Some(Ok(Some(s))) => {
                    dl.summary-list {
                        div { dt { (w::STATUS_CODE.get(lang)) } dd { (s.code) } }
                        div { dt { (w::STATUS_RECEIVED_ON.get(lang)) } dd { (day(s.received_at)) } }
                        div { dt { (w::STATUS_STATE.get(lang)) } dd { strong { (s.status.label(lang)) } } }
                        @if let Some(outcome) = s.outcome {
                            div { dt { (w::STATUS_OUTCOME.get(lang)) } dd { (outcome.label(lang)) } }
                        }
                        @if let Some(reason) = &s.declined_reason {
                            div { dt { (w::STATUS_REASON.get(lang)) } dd { (reason) } }
                        }
                        @if s.status == ReportStatus::Received {
                            div {
                                dt { (w::STATUS_ANSWER_BY.get(lang)) }
                                dd { (day_and_weekday(s.answer_by, lang)) }
                            }
                        }
                        div { dt { (w::STATUS_UPDATED.get(lang)) } dd { (day(s.updated_at)) } }
                    }
                }
            }
        }
    }
}
