//! One published bulletin at its permanent URL: number, date, title, text
//! (paragraphs as plain text: no markup from the bulletin reaches the page),
//! the measures, with names redacted as published. A retracted bulletin
//! keeps its number, title and date and shows the retraction instead.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use xiaoneng_domain::ErrorCode;
use xiaoneng_domain::bulletin::PublicBulletin;

use crate::api;
use crate::clock::beijing_day;
use crate::components::status::{LoadError, Skeleton};
use crate::hooks::loaded::Loaded;
use crate::paths;
use crate::texts::use_i18n;

#[component]
pub fn BulletinPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    // A bulletin opened by its address is painted whole by the server and
    // runs no app (`http::infra::shell`); this page draws one reached from
    // within the app (the list, the home page).
    let bulletin = Loaded::new(move || {
        let id = params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
        async move {
            match id {
                Some(id) => api::public::bulletin(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    // The title and description name the bulletin, so a shared link previews well.
    Effect::new(move |_| {
        let t = i18n.t();
        let (title, description) = match bulletin.get() {
            Some(Ok(Some(b))) => (format!("{} {}", b.doc_number, b.title), b.excerpt.clone()),
            Some(_) => (i18n.p().not_found_title.to_owned(), String::new()),
            None => (t.bulletins_title.to_owned(), String::new()),
        };
        document().set_title(&format!("{title} - {} {}", t.product, t.product_full));
        set_description(&description);
    });
    view! {
        <div class="container page">
            <p class="back-link"><A href=paths::BULLETINS>{move || i18n.p().back_to_list}</A></p>
            {move || match bulletin.get() {
                None => view! { <Skeleton rows=4 /> }.into_any(),
                Some(Ok(None)) => not_found().into_any(),
                Some(Err(e)) if e.code() == Some(ErrorCode::NotFound) => not_found().into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| bulletin.refetch()) /> }.into_any(),
                Some(Ok(Some(b))) => view! { <BulletinView b=b /> }.into_any(),
            }}
        </div>
    }
}

fn not_found() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{move || i18n.p().not_found_title}</h1>
        <p>{move || i18n.p().not_found_text}</p>
    }
}

fn set_description(text: &str) {
    let doc = document();
    let meta = match doc
        .query_selector("meta[name='description']")
        .ok()
        .flatten()
    {
        Some(m) => m,
        None => match doc.create_element("meta") {
            Ok(m) => {
                let _ = m.set_attribute("name", "description");
                if let Some(head) = doc.head() {
                    let _ = head.append_child(&m);
                }
                m
            }
            Err(_) => return,
        },
    };
    let _ = meta.set_attribute("content", text);
}

#[component]
fn BulletinView(b: PublicBulletin) -> impl IntoView {
    let i18n = use_i18n();
    let kind = b.kind;
    let day = beijing_day(b.published_at);
    view! {
        <article class="bulletin">
            <header class="bulletin__head">
                <p class="bulletin__number">{b.doc_number.clone()}</p>
                <h1>{b.title.clone()}</h1>
                <p class="muted">
                    {move || kind.label(i18n.lang())}" · "{move || i18n.p().published_on}" "
                    <time datetime=day.clone()>{day.clone()}</time>
                </p>
            </header>
            {(!b.corrections.is_empty()).then(|| {
                let corrections = b.corrections.clone();
                view! {
                    <section class="corrections" role="note" aria-labelledby="corrections">
                        <h2 id="corrections">{move || xiaoneng_domain::words::chrome::CORRECTIONS.get(i18n.lang())}</h2>
                        <ul class="plain-list">
                            {corrections.into_iter().map(|c| {
                                let day = beijing_day(c.at);
                                view! { <li><time datetime=day.clone()>{day.clone()}</time>" "{c.notice}</li> }
                            }).collect_view()}
                        </ul>
                    </section>
                }
            })}
            {match (b.retraction.clone(), b.body_html.clone()) {
                (Some(r), _) => {
                    let when = beijing_day(r.at);
                    view! {
                        <section class="retraction" role="note" aria-labelledby="retracted">
                            <h2 id="retracted">{move || i18n.p().retracted_title}</h2>
                            <dl class="summary-list">
                                <div><dt>{move || i18n.p().retracted_on}</dt><dd>{when}</dd></div>
                                <div><dt>{move || i18n.p().retracted_reason}</dt><dd>{r.reason}</dd></div>
                            </dl>
                        </section>
                    }
                    .into_any()
                }
                (None, html) => {
                    let measures = b.measures.clone();
                    // The server's Markdown renderer lets no typed markup through
                    // (`xiaoneng_domain::markdown`).
                    view! {
                        <div class="bulletin__body" inner_html=html.unwrap_or_default()></div>
                        {(!measures.is_empty()).then(|| view! {
                            <section aria-labelledby="measures">
                                <h2 id="measures">{move || i18n.p().measures_taken}</h2>
                                // Cards on a phone: each cell says what it is (`data-label`).
                                <table class="data-table cards-table">
                                    <thead><tr>
                                        <th scope="col">{move || i18n.p().person}</th>
                                        <th scope="col">{move || i18n.p().unit}</th>
                                        <th scope="col">{move || i18n.p().measure}</th>
                                        <th scope="col">{move || i18n.p().place_period}</th>
                                    </tr></thead>
                                    <tbody>
                                        {measures.into_iter().map(|m| {
                                            let kind = m.kind;
                                            let period = match (m.place.clone(), m.start, m.end) {
                                                (Some(place), Some(s), Some(e)) => format!("{place} {s} – {e}"),
                                                (Some(place), _, _) => place,
                                                _ => String::new(),
                                            };
                                            view! {
                                                <tr>
                                                    <td data-label=move || i18n.p().person>{m.person.clone()}{(!m.post.is_empty()).then(|| { let post = m.post.clone(); move || crate::texts::in_brackets(i18n.lang(), &post) })}</td>
                                                    <td data-label=move || i18n.p().unit>{m.unit_name.clone()}</td>
                                                    <td data-label=move || i18n.p().measure>{move || kind.label(i18n.lang())}</td>
                                                    <td data-label=move || i18n.p().place_period>{period}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </section>
                        })}
                    }
                    .into_any()
                }
            }}
        </article>
    }
}
