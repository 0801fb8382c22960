//! A citizen's report, painted whole: the form (a plain multipart `POST`,
//! checked by the domain's rule on the server and shown again with what is
//! wrong), its receipt (the tracking code with a copy button, what happens
//! next and by which working day the office answers) and its status, looked
//! up by code with a plain `GET` form. No app runs on any of them; the boot
//! script works the copy button and says the form is being sent.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use maud::{Markup, html};
use xiaoneng_domain::calendar::day_and_weekday;
use xiaoneng_domain::report::{
    ANSWER_WORKING_DAYS, CONTACT_MAX_CHARS, NewReport, PLACE_MAX_CHARS, ReportStatus,
    ReportStatusView, WHAT_MAX_CHARS,
};
use xiaoneng_domain::unit::PublicUnit;
use xiaoneng_domain::words::{Word, portal as w};
use xiaoneng_domain::{ErrorCode, Invalid, Lang, Reason};

use super::{error_summary, page, pairs, unavailable};
use crate::AppState;
use crate::http::error::ApiError;
use crate::http::extract::Origin;
use crate::http::files::Form;
use crate::http::infra::shell;
use crate::http::public::{count_report, public_units, status_of_report, store_report};

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
    page(
        &app,
        lang,
        "/report",
        w::REPORT_TITLE.get(lang),
        main,
        status,
    )
    .await
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
    page(
        &app,
        lang,
        "/report",
        w::STATUS_TITLE.get(lang),
        main,
        status,
    )
    .await
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

/// What a citizen typed into the report form, shown again when it is refused.
#[derive(Debug, Default)]
struct Typed {
    unit: String,
    what: String,
    place: String,
    happened_on: String,
    contact: String,
    notify: bool,
}

/// Why a sent form is shown again: what is wrong by field, or (with no
/// field to name) what went wrong, and whether a photo was chosen (it must
/// be chosen again: a browser cannot fill a file input).
#[derive(Debug, Default)]
struct Refusal {
    fields: Vec<(String, String)>,
    photo_chosen: bool,
}

/// `GET /report`: the report form, with a fresh key for sending it once.
pub async fn form(State(app): State<AppState>, headers: HeaderMap) -> Response {
    let lang = shell::reader_lang(&headers);
    let units = public_units(&app).await.unwrap_or_default();
    let main = form_page(
        lang,
        &units,
        &Typed::default(),
        &Refusal::default(),
        app.today(),
    );
    never_kept(
        page(
            &app,
            lang,
            "/report",
            w::REPORT_TITLE.get(lang),
            main,
            StatusCode::OK,
        )
        .await,
    )
}

/// The form carries its key: a copy kept and shown again (the back button,
/// a browser's cache) would send a new report as the one already sent, and
/// show that one's receipt. So the browser never keeps it: back fetches a
/// fresh form.
fn never_kept(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `POST /report?key=` (multipart, as the form sends it): the report kept
/// and `303 See Other` to its receipt, or the form again with what is wrong.
/// Counted per address with the API's reports, before a byte is read; sent
/// twice with the same key (`idempotency::form_key`), it is kept once.
pub async fn send(
    State(app): State<AppState>,
    origin: Origin,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let lang = shell::reader_lang(&headers);
    let units = public_units(&app).await.unwrap_or_default();
    let shown = async |typed: &Typed, refusal: Refusal, status: StatusCode| {
        let main = form_page(lang, &units, typed, &refusal, app.today());
        never_kept(
            page(
                &app,
                lang,
                "/report",
                w::REPORT_TITLE.get(lang),
                main,
                status,
            )
            .await,
        )
    };
    let failed = |error: &ApiError| Refusal {
        fields: vec![(String::new(), error.code().message(lang).to_owned())],
        photo_chosen: false,
    };
    if let Err(error) = count_report(&app, &origin).await {
        return shown(&Typed::default(), failed(&error), status_of(&error)).await;
    }
    let multipart = match multipart {
        Ok(m) => m,
        Err(rejection) => {
            let error = ApiError::Malformed {
                code: ErrorCode::BadRequest,
                detail: rejection.body_text(),
                field: None,
            };
            return shown(&Typed::default(), failed(&error), status_of(&error)).await;
        }
    };
    let (form, unread) = Form::read_what_it_can(multipart, &FORM_FIELDS).await;
    let text = |name: &str| form.text(name).unwrap_or_default().trim().to_owned();
    let typed = Typed {
        unit: text("unit"),
        what: text("what"),
        place: text("place"),
        happened_on: text("happened_on"),
        contact: text("contact"),
        notify: !text("notify").is_empty(),
    };
    let mut invalid = Invalid::default();
    let photo = match (&unread, form.chosen_file("photo")) {
        (Some(_), _) => None,
        (None, Ok(photo)) => photo,
        (None, Err(error)) => {
            take_fields(&error, &mut invalid);
            None
        }
    };
    if let Some(error) = &unread
        && !take_fields(error, &mut invalid)
    {
        return shown(&typed, failed(error), status_of(error)).await;
    }
    let unit_id = if typed.unit.is_empty() {
        None
    } else {
        let unit = units.iter().find(|u| u.name == typed.unit).map(|u| u.id);
        if unit.is_none() {
            invalid.add("unit_id", Reason::NotFound);
        }
        unit
    };
    let happened_on = if typed.happened_on.is_empty() {
        None
    } else {
        let day = typed.happened_on.parse::<NaiveDate>().ok();
        if day.is_none() {
            invalid.add("happened_on", Reason::WrongType);
        }
        day
    };
    let photo_chosen = photo.is_some() || form.has_file("photo");
    let report = NewReport {
        unit_id,
        what: typed.what.clone(),
        place: typed.place.clone(),
        happened_on,
        contact: Some(typed.contact.clone()).filter(|c| !c.is_empty()),
        notify: typed.notify,
    };
    match store_report(&app, &origin, report, photo, invalid).await {
        Ok(receipt) => {
            let to = receipt_href(&receipt.code);
            let mut response = (StatusCode::SEE_OTHER, to.clone()).into_response();
            let headers = response.headers_mut();
            if let Ok(location) = HeaderValue::from_str(&to) {
                headers.insert(header::LOCATION, location);
            }
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/uri-list"),
            );
            response
        }
        Err(ApiError::Invalid(invalid)) => {
            let refusal = Refusal {
                fields: invalid
                    .fields()
                    .iter()
                    .map(|(f, r)| (field_id(f).to_owned(), r.message(lang)))
                    .collect(),
                photo_chosen,
            };
            shown(&typed, refusal, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error) => {
            tracing::warn!(%error, "a report from the form could not be kept");
            shown(&typed, failed(&error), status_of(&error)).await
        }
    }
}

/// The form's parts, by name.
const FORM_FIELDS: [&str; 7] = [
    "unit",
    "what",
    "place",
    "happened_on",
    "contact",
    "notify",
    "photo",
];

fn status_of(error: &ApiError) -> StatusCode {
    StatusCode::from_u16(error.code().status()).unwrap_or(StatusCode::BAD_REQUEST)
}

/// A refusal's field reasons added to `invalid`; `false` when it names none.
fn take_fields(error: &ApiError, invalid: &mut Invalid) -> bool {
    match error {
        ApiError::Invalid(found) => {
            for (field, reason) in found.fields() {
                invalid.add(field.clone(), reason.clone());
            }
            true
        }
        ApiError::Malformed {
            field: Some((field, reason)),
            ..
        } => {
            let field = if field == "file" { "photo" } else { field };
            invalid.add(field.to_owned(), reason.clone());
            true
        }
        _ => false,
    }
}

/// The id (after `report-`) of the input a refused field names.
fn field_id(field: &str) -> &str {
    match field {
        "unit" => "unit_id",
        other => other,
    }
}

/// The form's field names and their labels, in the order it shows them.
const FIELDS: [(&str, Word); 7] = [
    ("unit_id", w::REPORT_UNIT),
    ("what", w::REPORT_WHAT),
    ("place", w::REPORT_PLACE),
    ("happened_on", w::REPORT_WHEN),
    ("photo", w::REPORT_PHOTO),
    ("contact", w::REPORT_CONTACT),
    ("notify", w::REPORT_NOTIFY),
];

/// A refusal's items: each field's label and reason, linking to it; what
/// names no field, as it is.
fn summary(refusal: &Refusal, lang: Lang) -> Vec<(Option<String>, String)> {
    refusal
        .fields
        .iter()
        .map(|(id, message)| match FIELDS.iter().find(|(f, _)| f == id) {
            Some((_, label)) => (
                Some(format!("report-{id}")),
                format!("{}{}{message}", label.get(lang), lang.colon()),
            ),
            None => (None, message.clone()),
        })
        .collect()
}

fn form_page(
    lang: Lang,
    units: &[PublicUnit],
    typed: &Typed,
    refusal: &Refusal,
    today: NaiveDate,
) -> Markup {
    let error = |id: &str| {
        refusal
            .fields
            .iter()
            .find(|(f, _)| f == id)
            .map(|(_, m)| m.clone())
    };
    let key = format!("{:032x}", rand::random::<u128>());
    let field = |id: &'static str, label: Word, hint: Option<Word>, control: Markup| {
        let error = error(id);
        html! {
            div.field.field--error[error.is_some()] {
                label.field__label for={ "report-" (id) } { (label.get(lang)) }
                @if let Some(hint) = hint {
                    p.field__hint #{ "report-" (id) "-hint" } { (hint.get(lang)) }
                }
                @if let Some(error) = &error {
                    p.field__error #{ "report-" (id) "-error" } { (error) }
                }
                (control)
            }
        }
    };
    let described = |id: &str, hint: bool| {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("report-{id}-hint"));
        }
        if error(id).is_some() {
            ids.push(format!("report-{id}-error"));
        }
        ids.join(" ")
    };
    let photo_note = refusal.photo_chosen && error("photo").is_none();
    html! {
        div."container page" data-painted="report" {
            h1 { (w::REPORT_TITLE.get(lang)) }
            p.lead { (w::REPORT_LEAD.get(lang)) }
            form.form method="post" enctype="multipart/form-data" action={ "/report?key=" (key) }
                novalidate data-sending=(w::REPORT_SENDING.get(lang)) {
                @if !refusal.fields.is_empty() {
                    (error_summary(w::ERROR_SUMMARY_TITLE.get(lang), &summary(refusal, lang)))
                }
                (field("unit_id", w::REPORT_UNIT, Some(w::REPORT_UNIT_HINT), html! {
                    input.field__input #report-unit_id name="unit" list="report-units" autocomplete="off"
                        aria-describedby=(described("unit_id", true)) value=(typed.unit);
                    datalist #report-units {
                        @for u in units { option value=(u.name) {} }
                    }
                }))
                (field("what", w::REPORT_WHAT, Some(w::REPORT_WHAT_HINT), html! {
                    textarea.field__input.field__textarea #report-what name="what" rows="6"
                        maxlength=(WHAT_MAX_CHARS) aria-describedby=(described("what", true)) { (typed.what) }
                }))
                (field("place", w::REPORT_PLACE, None, html! {
                    input.field__input #report-place name="place" maxlength=(PLACE_MAX_CHARS)
                        value=(typed.place);
                }))
                (field("happened_on", w::REPORT_WHEN, None, html! {
                    input.field__input.field__input--date type="date" #report-happened_on name="happened_on"
                        max=(today) value=(typed.happened_on);
                }))
                (field("photo", w::REPORT_PHOTO, Some(w::REPORT_PHOTO_HINT), html! {
                    @if photo_note {
                        p.field__error #report-photo-error { (w::REPORT_PHOTO_AGAIN.get(lang)) }
                    }
                    input.field__file type="file" #report-photo name="photo" accept="image/*,application/pdf"
                        aria-describedby=(if photo_note { "report-photo-hint report-photo-error".to_owned() } else { described("photo", true) });
                }))
                (field("contact", w::REPORT_CONTACT, Some(w::REPORT_CONTACT_HINT), html! {
                    input.field__input #report-contact name="contact" autocomplete="tel" maxlength=(CONTACT_MAX_CHARS)
                        aria-describedby=(described("contact", true)) value=(typed.contact);
                }))
                div.check {
                    input type="checkbox" #report-notify name="notify" value="1" checked[typed.notify];
                    label for="report-notify" { (w::REPORT_NOTIFY.get(lang)) }
                }
                @if let Some(error) = error("notify") {
                    p.field__error { (error) }
                }
                button.button type="submit" { (w::REPORT_SEND.get(lang)) }
            }
            p."muted status-link" { a href="/report/status" { (w::STATUS_TITLE.get(lang)) } }
        }
    }
}
