//! Published accountability bulletins: search and filters in the URL, and
//! each entry's number, date, units and measures.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use xiaoneng_domain::accountability::MeasureKind;
use xiaoneng_domain::bulletin::{BulletinKind, PublicBulletin};

use crate::api;
use crate::components::status::{LoadError, Skeleton};
use crate::hooks::choices::Choices;
use crate::hooks::paged::{Load, Paged};
use crate::hooks::url_filter::{use_filtered_list, use_url_filter};
use crate::paths;
use crate::texts::{use_i18n, use_page_title};

const FILTERS: [&str; 5] = ["q", "year", "unit", "kind", "measure"];

#[component]
pub fn BulletinsPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(|t| t.bulletins_title);
    let filter = use_url_filter(&FILTERS);
    let list = use_filtered_list::<PublicBulletin>(api::public::BULLETINS, filter, || true);
    let Paged { items, load, .. } = list;
    let reload = move || list.reload();

    view! {
        <div class="container page">
            <h1>{move || i18n.t().bulletins_title}</h1>
            <p class="lead">{move || i18n.t().bulletins_lead}</p>
            <SearchForm filter=filter />
            <p class="feed-link"><a href=api::public::FEED type="application/atom+xml">{move || i18n.p().feed}</a></p>
            {move || match load.get() {
                Load::Loading => view! { <Skeleton rows=4 /> }.into_any(),
                Load::Failed(e) => view! { <LoadError error=e on_retry=Callback::new(move |_| reload()) /> }.into_any(),
                Load::Ready if items.with(Vec::is_empty) => view! {
                    <p class="empty-state">{move || i18n.p().no_results}</p>
                }
                .into_any(),
                Load::Ready => view! {
                    <ol class="bulletin-list">
                        <For each=move || items.get() key=|b| b.id let:b>
                            <BulletinItem b=b />
                        </For>
                    </ol>
                    {list.more_button()}
                }
                .into_any(),
            }}
        </div>
    }
}

#[component]
fn BulletinItem(b: PublicBulletin) -> impl IntoView {
    let i18n = use_i18n();
    let kind = b.kind;
    let measures: Vec<MeasureKind> = {
        let mut m: Vec<MeasureKind> = b.measures.iter().map(|m| m.kind).collect();
        m.dedup();
        m
    };
    let day = crate::clock::beijing_day(b.published_at);
    view! {
        <li class="bulletin-item">
            <p class="bulletin-item__meta">
                <span>{b.doc_number.clone()}</span>
                <span><time datetime=day.clone()>{day.clone()}</time></span>
                <span>{move || kind.label(i18n.lang())}</span>
            </p>
            <h2 class="bulletin-item__title">
                <A href=format!("{}/{}", paths::BULLETINS, b.id)>{b.title.clone()}</A>
            </h2>
            {b.retraction.is_some().then(|| view! {
                <p><span class="tag tag--muted">{move || i18n.p().retracted_title}</span></p>
            })}
            {(!b.units.is_empty()).then(|| view! { <p class="muted">{b.units.join("、")}</p> })}
            {(!measures.is_empty()).then(|| view! {
                <p class="bulletin-item__measures">
                    {measures.iter().map(|m| {
                        let m = *m;
                        view! { <span class="tag tag--info">{move || m.label(i18n.lang())}</span> }
                    }).collect_view()}
                </p>
            })}
        </li>
    }
}

#[component]
fn SearchForm(filter: Memo<Vec<(&'static str, Option<String>)>>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let value = move |key: &str| {
        filter.with(|f| {
            f.iter()
                .find(|(k, _)| *k == key)
                .and_then(|(_, v)| v.clone())
                .unwrap_or_default()
        })
    };
    let q = RwSignal::new(String::new());
    let year = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let measure = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let units = Choices::new(|| async { api::units::public().await });
    Effect::new(move |_| {
        unit.set(value("unit"));
        q.set(value("q"));
        year.set(value("year"));
        kind.set(value("kind"));
        measure.set(value("measure"));
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pairs = [
            ("q", Some(q.get_untracked().trim().to_owned())),
            ("year", Some(year.get_untracked())),
            ("unit", Some(unit.get_untracked())),
            ("kind", Some(kind.get_untracked())),
            ("measure", Some(measure.get_untracked())),
        ];
        navigate(
            &format!("{}{}", paths::BULLETINS, api::query(&pairs)),
            Default::default(),
        );
    };
    let this_year = chrono::Datelike::year(&crate::clock::today());
    view! {
        <form class="filters" role="search" on:submit=submit aria-label=move || i18n.p().search>
            <div class="field field--compact filters__search">
                <label class="field__label" for="bulletin-q">{move || i18n.p().search}</label>
                <input class="field__input" id="bulletin-q" type="search" name="q"
                    placeholder=move || i18n.p().search_hint
                    prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev)) />
            </div>
            <div class="field field--compact">
                <label class="field__label" for="bulletin-year">{move || i18n.p().year}</label>
                <select class="field__input" id="bulletin-year" prop:value=move || year.get()
                    on:change=move |ev| year.set(event_target_value(&ev))>
                    <option value="">{move || i18n.p().any}</option>
                    {(2020..=this_year).rev().map(|y| {
                        let v = y.to_string();
                        view! { <option value=v.clone() selected=move || year.get() == v>{y}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field field--compact">
                <label class="field__label" for="bulletin-unit">{move || i18n.p().unit}</label>
                <select class="field__input" id="bulletin-unit" prop:value=move || unit.get()
                    on:change=move |ev| unit.set(event_target_value(&ev))>
                    <option value="">{move || i18n.p().any}</option>
                    {move || units.get().into_iter().map(|u| {
                        let v = u.id.to_string();
                        let selected = unit.get_untracked() == v;
                        view! { <option value=v selected=selected>{u.name}</option> }
                    }).collect_view()}
                </select>
                {units.notice()}
            </div>
            <div class="field field--compact">
                <label class="field__label" for="bulletin-kind">{move || i18n.p().kind}</label>
                <select class="field__input" id="bulletin-kind" prop:value=move || kind.get()
                    on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="">{move || i18n.p().any}</option>
                    {BulletinKind::ALL.iter().map(|k| {
                        let k = *k;
                        view! { <option value=k.as_str() selected=move || kind.get() == k.as_str()>{move || k.label(i18n.lang())}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field field--compact">
                <label class="field__label" for="bulletin-measure">{move || i18n.p().measure}</label>
                <select class="field__input" id="bulletin-measure" prop:value=move || measure.get()
                    on:change=move |ev| measure.set(event_target_value(&ev))>
                    <option value="">{move || i18n.p().any}</option>
                    {MeasureKind::ALL.iter().map(|m| {
                        let m = *m;
                        view! { <option value=m.as_str() selected=move || measure.get() == m.as_str()>{move || m.label(i18n.lang())}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="filters__actions">
                <button type="submit" class="button">{move || i18n.p().apply}</button>
                <A href=paths::BULLETINS attr:class="filters__clear">{move || i18n.p().clear}</A>
            </div>
        </form>
    }
}
