//! Form parts in the GOV.UK pattern: an error summary that takes focus and
//! links to each wrong field, and fields with a label, a hint and an inline error.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::texts::use_i18n;

/// One line of the error summary: the field's id (if it is about a field) and the message.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryItem {
    pub target: Option<String>,
    pub message: String,
}

impl SummaryItem {
    /// A line about the field whose id is `target`, naming it as the form
    /// labels it (`标题：此项必填`); a line about no field on the page says
    /// only the message.
    pub fn field(target: String, message: String, lang: xiaoneng_domain::Lang) -> SummaryItem {
        let message = match field_name(&target) {
            Some(name) => labelled(lang, &name, &message),
            None => message,
        };
        SummaryItem {
            target: Some(target),
            message,
        }
    }
}

/// Lists what is wrong; focus it after a refused submit so a screen reader
/// reads it. Each item links to (and focuses) its field.
#[component]
pub fn ErrorSummary(
    #[prop(into)] items: Signal<Vec<SummaryItem>>,
    node_ref: NodeRef<html::Div>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div
            class="error-summary"
            class:is-hidden=move || items.with(Vec::is_empty)
            role="alert"
            tabindex="-1"
            aria-labelledby="error-summary-title"
            node_ref=node_ref
        >
            <Show when=move || !items.with(Vec::is_empty)>
                <h2 id="error-summary-title" class="error-summary__title">
                    {move || i18n.t().error_summary_title}
                </h2>
                <ul class="error-summary__list">
                    {move || {
                        items
                            .get()
                            .into_iter()
                            .map(|item| match item.target {
                                Some(target) => {
                                    let href = format!("#{target}");
                                    view! {
                                        <li>
                                            <a href=href on:click=move |ev| {
                                                ev.prevent_default();
                                                focus_by_id(&target);
                                            }>{item.message}</a>
                                        </li>
                                    }
                                    .into_any()
                                }
                                None => view! { <li>{item.message}</li> }.into_any(),
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
        </div>
    }
}

/// Moves focus to the error summary once it is drawn: on the next frame,
/// since on a first refusal it is still hidden when the errors are set.
pub fn focus_summary(node: NodeRef<html::Div>) {
    request_animation_frame(move || {
        if let Some(el) = node.get_untracked() {
            let _ = el.focus();
        }
    });
}

/// The error summary of a form whose refused fields are `errors` (field `f`
/// is the element with id `{prefix}-{f}`; `form` is about the whole form):
/// its lines, and the node that takes focus at every refusal.
pub fn use_summary(
    errors: RwSignal<Vec<(String, String)>>,
    prefix: &'static str,
) -> (Signal<Vec<SummaryItem>>, NodeRef<html::Div>) {
    let i18n = use_i18n();
    let node = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if errors.with(|e| !e.is_empty()) {
            focus_summary(node);
        }
    });
    let items = Signal::derive(move || {
        summary_items(errors.get(), |f| format!("{prefix}-{f}"), i18n.lang())
    });
    (items, node)
}

/// The summary's lines for a form's refused fields: field `f` is the
/// element with id `id(f)`; `form` is about the whole form.
pub fn summary_items(
    errors: Vec<(String, String)>,
    id: impl Fn(&str) -> String,
    lang: xiaoneng_domain::Lang,
) -> Vec<SummaryItem> {
    errors
        .into_iter()
        .map(|(f, message)| match f.as_str() {
            "form" => SummaryItem {
                target: None,
                message,
            },
            _ => SummaryItem::field(id(&f), message, lang),
        })
        .collect()
}

/// A message that names its field: `标题：此项必填`, `Title: This is required`.
pub fn labelled(lang: xiaoneng_domain::Lang, label: &str, message: &str) -> String {
    match lang {
        xiaoneng_domain::Lang::ZhCn => format!("{label}：{message}"),
        xiaoneng_domain::Lang::En => format!("{label}: {message}"),
    }
}

/// The name a person sees for the field with id `id`: its `<label>`, the
/// legend of a group, or its `aria-label`; without the marks that say a
/// field is optional.
pub fn field_name(id: &str) -> Option<String> {
    let document = document();
    let el = document.get_element_by_id(id)?;
    let text = |e: web_sys::Element| e.text_content().map(|t| t.trim().to_owned());
    let name = document
        .query_selector(&format!("label[for=\"{id}\"]"))
        .ok()
        .flatten()
        .and_then(text)
        .or_else(|| {
            (el.tag_name() == "FIELDSET")
                .then(|| el.query_selector("legend").ok().flatten())
                .flatten()
                .and_then(text)
        })
        .or_else(|| el.get_attribute("aria-label"))?;
    let name = name
        .trim_end_matches("（选填）")
        .trim_end_matches(" (optional)")
        .trim()
        .to_owned();
    (!name.is_empty()).then_some(name)
}

/// Moves focus to the element with id `id`, once what was just changed is
/// drawn (the next frame: it may be shown only now).
pub fn focus_by_id(id: &str) {
    let id = id.to_owned();
    request_animation_frame(move || {
        if let Some(el) = document()
            .get_element_by_id(&id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// A form folded under its summary (a `<details>`), drawn only once it is
/// unfolded: Chromium 156 gave no box to inputs whose value was set while
/// their `<details>` was closed (they stayed invisible and could not be
/// clicked after it opened). What was typed lives in the form's signals, so
/// folding it away and back keeps it.
#[component]
pub fn Folded(#[prop(into)] summary: Signal<&'static str>, children: ChildrenFn) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <details class="new-record" on:toggle=move |ev| {
            if let Some(details) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                open.set(details.open());
            }
        }>
            <summary>{summary}</summary>
            <Show when=move || open.get()>{children()}</Show>
        </details>
    }
}

/// A labelled text input with an optional hint and inline error.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into, optional)] hint: Option<Signal<&'static str>>,
    #[prop(into)] error: Signal<Option<String>>,
    value: RwSignal<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--error=move || error.with(Option::is_some)>
            <label class="field__label" for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            {move || error.get().map(|e| view! { <p class="field__error" id=error_id.clone()>{e}</p> })}
            <input
                class="field__input"
                id=id.clone()
                name=id
                type=input_type
                autocomplete=autocomplete
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}
