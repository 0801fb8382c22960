//! The portal's pages, painted whole by the server: the home page, the
//! bulletins (search and filters a plain `GET` form, pages by links), the
//! figures (bar charts as SVG, each with its table), a citizen's report
//! (`report`: the form, its receipt, its status) and "not found". No app runs
//! on the portal: a page is its HTML, in the reader's language, with the
//! numbers and lists the API would answer; the portal's script (written by
//! xtask) works the menu, the language buttons, the copy button and a form
//! being sent. (A bulletin is painted by `infra::shell`.)
//!
//! Written with `maud`, which escapes every value it is given: no stored
//! text reaches the page as markup.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use xiaoneng_domain::Lang;
use xiaoneng_domain::accountability::MeasureKind;
use xiaoneng_domain::bulletin::{BulletinKind, PublicBulletin};
use xiaoneng_domain::record::{Dimension, Page};
use xiaoneng_domain::stats::{Count, PublicStats, percent};
use xiaoneng_domain::unit::{PublicUnit, UnitKind};
use xiaoneng_domain::words::{Word, chrome, portal as w};
use xiaoneng_domain::{Invalid, Reason};

pub mod report;

use super::error::ApiError;
use super::infra::shell;
use super::public::{ListQuery, bulletins, public_units};
use super::stats::public_figures;
use crate::AppState;

/// The first year the office published (the year choices start there).
const FIRST_YEAR: i32 = 2020;

/// The home page: the ways in, this year's figures, the latest bulletins
/// and what happens to a problem.
pub async fn home(State(app): State<AppState>, headers: HeaderMap) -> Response {
    let lang = shell::reader_lang(&headers);
    let newest = ListQuery {
        limit: Some(3),
        ..ListQuery::default()
    };
    let (figures, latest) = tokio::join!(public_figures(&app, None), bulletins(&app, &newest));
    for error in [figures.as_ref().err(), latest.as_ref().err()]
        .into_iter()
        .flatten()
    {
        tracing::warn!(%error, "the home page could not read what it shows");
    }
    let main = home_page(lang, figures.as_ref().ok(), latest.as_ref().ok());
    page(
        &app,
        lang,
        "/",
        chrome::NAV_HOME.get(lang),
        main,
        StatusCode::OK,
    )
    .await
}

/// The bulletins, searched and filtered by the query; 20 to a page.
pub async fn bulletin_list(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = shell::reader_lang(&headers);
    let asked = Asked::read(query.as_deref().unwrap_or_default());
    let (list, invalid) = match asked.to_query() {
        Ok(query) => match bulletins(&app, &query).await {
            Ok(page) => (Ok(page), None),
            Err(ApiError::Invalid(invalid)) => (Err(false), Some(invalid)),
            Err(error) => {
                tracing::warn!(%error, "the bulletins page could not read the list");
                (Err(true), None)
            }
        },
        Err(invalid) => (Err(false), Some(invalid)),
    };
    let units = public_units(&app).await.unwrap_or_default();
    let status = match (&list, &invalid) {
        (_, Some(_)) => StatusCode::UNPROCESSABLE_ENTITY,
        (Err(true), _) => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::OK,
    };
    let this_year = chrono::Datelike::year(&app.today());
    let main = bulletins_page(
        lang,
        this_year,
        &asked,
        &units,
        list.as_ref().ok(),
        invalid.as_ref(),
    );
    page(
        &app,
        lang,
        "/bulletins",
        w::BULLETINS_TITLE.get(lang),
        main,
        status,
    )
    .await
}

/// The figures of a year (`?year=`, this year by default).
pub async fn figures(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = shell::reader_lang(&headers);
    let this_year = chrono::Datelike::year(&app.today());
    let asked = pairs(query.as_deref().unwrap_or_default())
        .into_iter()
        .find(|(k, _)| k == "year")
        .map(|(_, v)| v);
    let year = match asked.as_deref().map(str::parse::<i32>) {
        None => Ok(this_year),
        Some(Ok(y)) if (FIRST_YEAR..=this_year).contains(&y) => Ok(y),
        Some(_) => Err(()),
    };
    let (stats, status) = match year {
        Ok(y) => match public_figures(&app, Some(y)).await {
            Ok(s) => (Ok(s), StatusCode::OK),
            Err(error) => {
                tracing::warn!(%error, "the figures page could not read the figures");
                (Err(true), StatusCode::SERVICE_UNAVAILABLE)
            }
        },
        Err(()) => (Err(false), StatusCode::UNPROCESSABLE_ENTITY),
    };
    let shown = year.unwrap_or(this_year);
    let main = figures_page(lang, shown, this_year, stats.as_ref());
    page(&app, lang, "/stats", w::STATS_TITLE.get(lang), main, status).await
}

/// Any other address of the portal: not found (404), with the way home.
pub async fn not_found(app: &AppState, headers: &HeaderMap) -> Response {
    let lang = shell::reader_lang(headers);
    let main = not_found_page(lang);
    page(
        app,
        lang,
        "",
        w::NOT_FOUND_TITLE.get(lang),
        main,
        StatusCode::NOT_FOUND,
    )
    .await
}

pub(crate) fn not_found_page(lang: Lang) -> Markup {
    html! {
        div."container page" data-painted="not-found" {
            h1 { (w::NOT_FOUND_TITLE.get(lang)) }
            p { (w::NOT_FOUND_TEXT.get(lang)) }
            p { a href="/" { (w::BACK_HOME.get(lang)) } }
        }
    }
}

/// The portal's shell in `lang` with `main` in `<main>`, the page named in
/// the title and its navigation link marked current, answered with `status`.
async fn page(
    app: &AppState,
    lang: Lang,
    path: &str,
    name: &str,
    main: Markup,
    status: StatusCode,
) -> Response {
    let Some(index) = shell::portal(app).await else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    let mut response = shell::html(paint(&index, lang, path, name, &main));
    *response.status_mut() = status;
    response
}

/// `index` (the portal's shell) with `main` painted in.
pub fn paint(index: &str, lang: Lang, path: &str, name: &str, main: &Markup) -> String {
    let title = format!(
        "{name} - {} {}",
        chrome::PRODUCT.get(lang),
        chrome::PRODUCT_FULL.get(lang)
    );
    let page = shell::localize(index, lang);
    let page = shell::replace_between(&page, "<title>", "</title>", &shell::escape(&title));
    let link = format!("<li><a href=\"{path}\">");
    let current = format!("<li><a href=\"{path}\" aria-current=\"page\">");
    let page = page.replacen(&link, &current, 1);
    shell::replace_between(&page, shell::MAIN_OPEN, "</main>", &main.0)
}

fn home_page(
    lang: Lang,
    figures: Option<&PublicStats>,
    latest: Option<&Page<PublicBulletin>>,
) -> Markup {
    html! {
        section.hero data-painted="home" {
            div.container {
                h1 { (chrome::HOME_TITLE.get(lang)) }
                p.lead { (chrome::HOME_LEAD.get(lang)) }
            }
        }
        div.container {
            ul.cards {
                li.card {
                    h2 { a href="/bulletins" { (w::BULLETINS_TITLE.get(lang)) } }
                    p { (w::HOME_BULLETINS_TEXT.get(lang)) }
                }
                li.card {
                    h2 { a href="/report" { (chrome::NAV_REPORT.get(lang)) } }
                    p { (w::HOME_REPORT_TEXT.get(lang)) }
                }
                li."card card--quiet" {
                    h2 { a href="/staff" { (w::HOME_STAFF_TITLE.get(lang)) } }
                    p { (w::HOME_STAFF_TEXT.get(lang)) }
                }
            }
            section aria-labelledby="figures-title" {
                h2 #figures-title { (w::FIGURES_YEAR.get(lang)) }
                @match figures {
                    Some(s) => {
                        ul.home-figures {
                            li { strong { (s.inspections) } (w::FIG_INSPECTIONS.get(lang)) }
                            li { strong { (s.substantiated) } (w::FIG_SUBSTANTIATED.get(lang)) }
                            li { strong { (on_time(s)) } (w::FIG_ON_TIME.get(lang)) }
                            li {
                                strong { (s.by_measure.iter().map(|c| c.count).sum::<i64>()) }
                                (w::FIG_MEASURES.get(lang))
                            }
                        }
                        p.more-link { a href="/stats" { (w::STATS_TITLE.get(lang)) } }
                    }
                    None => (unavailable(lang, "/")),
                }
            }
            section.home-latest aria-labelledby="latest-title" {
                h2 #latest-title { (w::LATEST.get(lang)) }
                @match latest {
                    Some(page) => {
                        ol.bulletin-list {
                            @for b in &page.items {
                                li.bulletin-item {
                                    p.bulletin-item__meta {
                                        span { (b.doc_number) }
                                        span { (day(b)) }
                                    }
                                    h3.bulletin-item__title {
                                        a href={ "/bulletins/" (b.id) } { (b.title) }
                                    }
                                    @if b.retraction.is_some() {
                                        p { span."tag tag--muted" { (chrome::RETRACTED_TITLE.get(lang)) } }
                                    }
                                }
                            }
                        }
                    }
                    None => (unavailable(lang, "/")),
                }
                p.more-link { a href="/bulletins" { (w::ALL_BULLETINS.get(lang)) } }
            }
            section.steps aria-labelledby="how-title" {
                h2 #how-title { (w::HOME_HOW_TITLE.get(lang)) }
                ol {
                    @for step in w::HOME_HOW_STEPS { li { (step.get(lang)) } }
                }
            }
        }
    }
}

/// The share rectified on time, or a dash with nothing closed.
fn on_time(s: &PublicStats) -> String {
    s.rectified
        .rate()
        .map(percent)
        .unwrap_or_else(|| "—".into())
}

/// A bulletin's publication day (Beijing time).
fn day(b: &PublicBulletin) -> String {
    xiaoneng_domain::beijing::day(b.published_at).to_string()
}

/// What could not be read, with a way to try again (the page anew).
fn unavailable(lang: Lang, again: &str) -> Markup {
    html! {
        div.load-error role="alert" {
            p { strong { (w::UNAVAILABLE.get(lang)) } }
            a."button button--secondary" href=(again) { (w::RETRY.get(lang)) }
        }
    }
}

/// The bulletins page's query as asked: the search form's fields (empty
/// ones left out) and the cursor of a later page.
#[derive(Debug, Default, PartialEq)]
struct Asked {
    q: String,
    year: String,
    unit: String,
    kind: String,
    measure: String,
    cursor: String,
}

impl Asked {
    fn read(query: &str) -> Asked {
        let mut asked = Asked::default();
        for (key, value) in pairs(query) {
            let value = value.trim().to_owned();
            match key.as_str() {
                "q" => asked.q = value,
                "year" => asked.year = value,
                "unit" => asked.unit = value,
                "kind" => asked.kind = value,
                "measure" => asked.measure = value,
                "cursor" => asked.cursor = value,
                _ => {}
            }
        }
        asked
    }

    /// The list's query, or what is wrong with the fields that are not words.
    fn to_query(&self) -> Result<ListQuery, Invalid> {
        let mut invalid = Invalid::default();
        let some = |s: &String| (!s.is_empty()).then(|| s.clone());
        let year = some(&self.year).and_then(|y| match y.parse::<i32>() {
            Ok(y) => Some(y),
            Err(_) => {
                invalid.add("year", Reason::NotFound);
                None
            }
        });
        let unit = some(&self.unit).and_then(|u| match u.parse::<i64>() {
            Ok(u) => Some(u),
            Err(_) => {
                invalid.add("unit", Reason::NotFound);
                None
            }
        });
        invalid.into_result()?;
        Ok(ListQuery {
            q: some(&self.q),
            year,
            unit,
            kind: some(&self.kind),
            measure: some(&self.measure),
            cursor: some(&self.cursor),
            limit: None,
        })
    }

    /// The search as a query string, with `cursor` when given.
    fn href(&self, cursor: Option<&str>) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (key, value) in [
            ("q", &self.q),
            ("year", &self.year),
            ("unit", &self.unit),
            ("kind", &self.kind),
            ("measure", &self.measure),
        ] {
            if !value.is_empty() {
                query.append_pair(key, value);
            }
        }
        if let Some(cursor) = cursor {
            query.append_pair("cursor", cursor);
        }
        let query = query.finish();
        if query.is_empty() {
            "/bulletins".to_owned()
        } else {
            format!("/bulletins?{query}")
        }
    }
}

/// A query string's pairs, decoded (a malformed escape is taken as written).
fn pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The search fields in the order the form shows them, and the page's
/// place in the list, by their names in the query (and in the refusal).
const SEARCH_FIELDS: [(&str, Word); 6] = [
    ("q", w::SEARCH),
    ("year", w::YEAR),
    ("unit", chrome::MEASURE_UNIT),
    ("kind", w::KIND),
    ("measure", chrome::MEASURE),
    ("cursor", w::PAGE),
];

fn bulletins_page(
    lang: Lang,
    this_year: i32,
    asked: &Asked,
    units: &[PublicUnit],
    list: Option<&Page<PublicBulletin>>,
    invalid: Option<&Invalid>,
) -> Markup {
    html! {
        div."container page" data-painted="bulletins" {
            h1 { (w::BULLETINS_TITLE.get(lang)) }
            p.lead { (w::BULLETINS_LEAD.get(lang)) }
            @if let Some(invalid) = invalid {
                (error_summary(w::SEARCH_REFUSED.get(lang), &refused_search(invalid, lang)))
            }
            form.filters role="search" method="get" action="/bulletins" aria-label=(w::SEARCH.get(lang)) {
                div."field field--compact filters__search" {
                    label.field__label for="bulletin-q" { (w::SEARCH.get(lang)) }
                    input.field__input #bulletin-q type="search" name="q" maxlength="100"
                        placeholder=(w::SEARCH_HINT.get(lang)) value=(asked.q);
                }
                div."field field--compact" {
                    label.field__label for="bulletin-year" { (w::YEAR.get(lang)) }
                    select.field__input #bulletin-year name="year" {
                        option value="" { (w::ANY.get(lang)) }
                        @for y in (FIRST_YEAR..=this_year.max(FIRST_YEAR)).rev() {
                            option value=(y) selected[asked.year == y.to_string()] { (y) }
                        }
                    }
                }
                div."field field--compact" {
                    label.field__label for="bulletin-unit" { (chrome::MEASURE_UNIT.get(lang)) }
                    select.field__input #bulletin-unit name="unit" {
                        option value="" { (w::ANY.get(lang)) }
                        @for u in units {
                            option value=(u.id) selected[asked.unit == u.id.to_string()] { (u.name) }
                        }
                    }
                }
                div."field field--compact" {
                    label.field__label for="bulletin-kind" { (w::KIND.get(lang)) }
                    select.field__input #bulletin-kind name="kind" {
                        option value="" { (w::ANY.get(lang)) }
                        @for k in BulletinKind::ALL {
                            option value=(k.as_str()) selected[asked.kind == k.as_str()] { (k.label(lang)) }
                        }
                    }
                }
                div."field field--compact" {
                    label.field__label for="bulletin-measure" { (chrome::MEASURE.get(lang)) }
                    select.field__input #bulletin-measure name="measure" {
                        option value="" { (w::ANY.get(lang)) }
                        @for m in MeasureKind::ALL {
                            option value=(m.as_str()) selected[asked.measure == m.as_str()] { (m.label(lang)) }
                        }
                    }
                }
                div.filters__actions {
                    button.button type="submit" { (w::APPLY.get(lang)) }
                    a.filters__clear href="/bulletins" { (w::CLEAR.get(lang)) }
                }
            }
            p.feed-link { a href="/api/public/feed.atom" type="application/atom+xml" { (w::FEED.get(lang)) } }
            @match list {
                Some(page) if page.items.is_empty() => p.empty-state { (w::NO_RESULTS.get(lang)) },
                Some(page) => {
                    ol.bulletin-list {
                        @for b in &page.items { (bulletin_item(b, lang)) }
                    }
                    @if page.next.is_some() || !asked.cursor.is_empty() {
                        nav.pager aria-label=(w::BULLETINS_TITLE.get(lang)) {
                            @if let Some(next) = &page.next {
                                a."button button--secondary" href=(asked.href(Some(next))) rel="next" { (w::EARLIER.get(lang)) }
                            }
                            @if !asked.cursor.is_empty() {
                                a.pager__first href=(asked.href(None)) { (w::NEWEST.get(lang)) }
                            }
                        }
                    }
                }
                None if invalid.is_some() => {},
                None => (unavailable(lang, &asked.href(non_empty(&asked.cursor)))),
            }
        }
    }
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// What is wrong with a form that was sent, above it: focused when the page
/// opens (`autofocus`), each item linking to its field (`#id`) where it has one.
pub(crate) fn error_summary(title: &str, items: &[(Option<String>, String)]) -> Markup {
    html! {
        div.error-summary role="alert" tabindex="-1" autofocus aria-labelledby="error-summary-title" {
            h2 #error-summary-title .error-summary__title { (title) }
            ul.error-summary__list {
                @for (target, said) in items {
                    @match target {
                        Some(id) => li { a href={ "#" (id) } { (said) } },
                        None => li { (said) },
                    }
                }
            }
        }
    }
}

/// A refused search's items, each linking to its field (the page's place in
/// the list has no field to go to).
fn refused_search(invalid: &Invalid, lang: Lang) -> Vec<(Option<String>, String)> {
    invalid
        .fields()
        .iter()
        .map(|(field, reason)| {
            let said = format!(
                "{}{}{}",
                field_name(field, lang),
                lang.colon(),
                reason.message(lang)
            );
            let target = (field != "cursor").then(|| format!("bulletin-{field}"));
            (target, said)
        })
        .collect()
}

/// A search field's label, by its name in the query.
fn field_name(field: &str, lang: Lang) -> &'static str {
    SEARCH_FIELDS
        .iter()
        .find(|(name, _)| *name == field)
        .map(|(_, word)| word.get(lang))
        .unwrap_or("")
}

fn bulletin_item(b: &PublicBulletin, lang: Lang) -> Markup {
    let mut measures: Vec<MeasureKind> = b.measures.iter().map(|m| m.kind).collect();
    measures.dedup();
    let day = day(b);
    html! {
        li.bulletin-item {
            p.bulletin-item__meta {
                span { (b.doc_number) }
                span { time datetime=(day) { (day) } }
                span { (b.kind.label(lang)) }
            }
            h2.bulletin-item__title { a href={ "/bulletins/" (b.id) } { (b.title) } }
            @if b.retraction.is_some() {
                p { span."tag tag--muted" { (chrome::RETRACTED_TITLE.get(lang)) } }
            }
            @if !b.units.is_empty() {
                p.muted { (b.units.join("、")) }
            }
            @if !measures.is_empty() {
                p.bulletin-item__measures {
                    @for m in &measures { span."tag tag--info" { (m.label(lang)) } }
                }
            }
        }
    }
}

fn figures_page(
    lang: Lang,
    year: i32,
    this_year: i32,
    stats: Result<&PublicStats, &bool>,
) -> Markup {
    let label =
        |counts: &[Count], name: fn(&str, Lang) -> Option<&'static str>| -> Vec<(String, i64)> {
            counts
                .iter()
                .map(|c| {
                    (
                        name(&c.key, lang)
                            .map(str::to_owned)
                            .unwrap_or_else(|| c.key.clone()),
                        c.count,
                    )
                })
                .collect()
        };
    html! {
        div."container page page--wide" data-painted="stats" {
            h1 { (w::STATS_TITLE.get(lang)) }
            form.stats-year method="get" action="/stats" {
                div."field field--compact" {
                    label.field__label for="stats-year" { (w::YEAR.get(lang)) }
                    select.field__input #stats-year name="year" {
                        @for y in (FIRST_YEAR..=this_year.max(FIRST_YEAR)).rev() {
                            option value=(y) selected[y == year] { (y) }
                        }
                    }
                }
                button."button button--secondary" type="submit" { (w::SHOW_YEAR.get(lang)) }
            }
            @match stats {
                Ok(s) => {
                    ul.home-figures {
                        li { strong { (s.inspections) } (w::FIG_INSPECTIONS.get(lang)) }
                        li { strong { (s.substantiated) } (w::FIG_SUBSTANTIATED.get(lang)) }
                        li {
                            strong { (on_time(s)) } (w::FIG_ON_TIME.get(lang))
                            span.muted { " (" (s.rectified.on_time) " / " (s.rectified.closed) ")" }
                        }
                    }
                    div.figures {
                        (figure(lang, w::STATS_BY_MONTH, w::FIG_SUBSTANTIATED,
                            &s.by_month.iter().map(|c| (c.key.clone(), c.count)).collect::<Vec<_>>()))
                        (figure(lang, w::STATS_BY_DIMENSION, w::FIG_SUBSTANTIATED,
                            &label(&s.by_dimension, |k, l| Dimension::parse(k).map(|d| d.label(l)))))
                        (figure(lang, w::STATS_BY_UNIT_KIND, w::FIG_SUBSTANTIATED,
                            &label(&s.by_unit_kind, |k, l| UnitKind::parse(k).map(|u| u.label(l)))))
                        (figure(lang, chrome::MEASURE, w::FIG_MEASURES,
                            &label(&s.by_measure, |k, l| MeasureKind::parse(k).map(|m| m.label(l)))))
                    }
                    section.method aria-labelledby="method-title" {
                        h2 #method-title { (w::METHOD_TITLE.get(lang)) }
                        ul {
                            li { (w::METHOD_COUNTS.get(lang)) }
                            li { (w::METHOD_ON_TIME.get(lang)) }
                            li { (w::method_ranking(lang, s.min_inspections_for_ranking)) }
                            li { (w::METHOD_NO_PLANS.get(lang)) }
                        }
                    }
                }
                Err(true) => (unavailable(lang, &format!("/stats?year={year}"))),
                Err(false) => {
                    @let out_of_range = Reason::OutOfRange { min: FIRST_YEAR.into(), max: this_year.into() };
                    (error_summary(w::SEARCH_REFUSED.get(lang), &[(
                        Some("stats-year".to_owned()),
                        format!("{}{}{}", w::YEAR.get(lang), lang.colon(), out_of_range.message(lang)),
                    )]))
                }
            }
        }
    }
}

/// One chart in its section: a bar per `(label, value)` as SVG (whole units
/// of the view box), the same numbers as a table under 数据表.
fn figure(lang: Lang, title: Word, value_label: Word, data: &[(String, i64)]) -> Markup {
    const ROW: i64 = 26;
    const LABEL: i64 = 120;
    const WIDTH: i64 = 360;
    let max = data.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let height = ROW * (data.len().max(1) as i64);
    let title = title.get(lang);
    html! {
        section.figure {
            h2 { (title) }
            div.bar-chart {
                svg.chart viewBox={ "0 0 " (WIDTH) " " (height) } width=(WIDTH) height=(height)
                    role="img" aria-label=(title) {
                    @for (i, (label, value)) in data.iter().enumerate() {
                        @let y = i as i64 * ROW;
                        @let bar = ((WIDTH - LABEL - 40) * value + max / 2) / max;
                        g {
                            text x=(LABEL - 6) y=(y + 17) text-anchor="end" { (label) }
                            rect.bar x=(LABEL) y=(y + 5) width=(bar.max(1)) height=(ROW - 10) rx="2" {}
                            text x=(LABEL + bar + 6) y=(y + 17) { (value) }
                        }
                    }
                }
                details.chart-table {
                    summary { (w::AS_TABLE.get(lang)) }
                    table.data-table {
                        caption.visually-hidden { (title) }
                        thead { tr { th scope="col" {} th scope="col" { (value_label.get(lang)) } } }
                        tbody {
                            @for (label, value) in data {
                                tr { th scope="row" { (label) } td.num { (value) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use xiaoneng_domain::Lang;
    use xiaoneng_domain::words::portal as w;

    use super::{Asked, figure, home_page, paint};

    const INDEX: &str = "<html lang=\"zh-CN\"><head><title>效能 机关效能督查系统</title></head><body>\
        <nav><ul><li><a href=\"/\">首页</a></li><li><a href=\"/bulletins\">通报</a></li></ul></nav>\
        <main id=\"main\" class=\"site-main\" tabindex=\"-1\"><p>正在加载…</p></main></body></html>";

    #[test]
    fn a_page_is_named_and_marked_in_the_navigation() {
        let page = paint(
            INDEX,
            Lang::ZhCn,
            "/bulletins",
            "问责通报",
            &maud::html! { h1 { "问责通报" } },
        );
        assert!(
            page.contains("<title>问责通报 - 效能 机关效能督查系统</title>"),
            "{page}"
        );
        assert!(
            page.contains("<a href=\"/bulletins\" aria-current=\"page\">"),
            "{page}"
        );
        assert!(
            page.contains("<li><a href=\"/\">首页</a></li>"),
            "only that link: {page}"
        );
        assert!(
            page.contains("tabindex=\"-1\"><h1>问责通报</h1></main>"),
            "{page}"
        );
        let page = paint(INDEX, Lang::En, "/", "Home", &maud::html! {});
        assert!(
            page.contains("<title>Home - Xiaoneng Efficiency supervision</title>"),
            "{page}"
        );
    }

    #[test]
    fn what_could_not_be_read_says_so_with_a_way_to_try_again() {
        let page = home_page(Lang::ZhCn, None, None).0;
        assert_eq!(page.matches(w::UNAVAILABLE.zh).count(), 2, "{page}");
        assert!(
            page.contains("<a class=\"button button--secondary\" href=\"/\">重试</a>"),
            "{page}"
        );
        // The ways in and the steps are there all the same.
        assert!(page.contains("<a href=\"/report\">举报问题</a>"), "{page}");
        assert!(page.contains("依照问责办法追责，公开通报"), "{page}");
    }

    #[test]
    fn bars_are_as_long_as_their_share_of_the_largest() {
        let chart = figure(
            Lang::ZhCn,
            w::STATS_BY_MONTH,
            w::FIG_SUBSTANTIATED,
            &[
                ("2026-01".into(), 4),
                ("2026-02".into(), 1),
                ("2026-03".into(), 0),
            ],
        )
        .0;
        // 200 units for the largest, rounded to the nearest unit; at least one.
        assert!(chart.contains("width=\"200\""), "{chart}");
        assert!(chart.contains("width=\"50\""), "{chart}");
        assert!(chart.contains("width=\"1\""), "{chart}");
        assert!(chart.contains("viewBox=\"0 0 360 78\""), "{chart}");
        assert!(
            chart.contains("<th scope=\"row\">2026-02</th><td class=\"num\">1</td>"),
            "{chart}"
        );
    }

    #[test]
    fn a_search_keeps_its_fields_and_leaves_out_the_empty_ones() {
        let asked =
            Asked::read("q=%E9%80%9A%E6%8A%A5+&year=&unit=11&kind=&measure=reassignment&x=1");
        assert_eq!(asked.q, "通报");
        assert_eq!(
            asked.href(None),
            "/bulletins?q=%E9%80%9A%E6%8A%A5&unit=11&measure=reassignment"
        );
        assert_eq!(
            asked.href(Some("abc")),
            "/bulletins?q=%E9%80%9A%E6%8A%A5&unit=11&measure=reassignment&cursor=abc"
        );
        assert_eq!(Asked::read("").href(None), "/bulletins");
        let query = asked.to_query().unwrap();
        assert_eq!((query.unit, query.year, query.kind), (Some(11), None, None));
        assert!(Asked::read("year=20x6").to_query().is_err());
    }
}
