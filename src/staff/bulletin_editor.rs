//! Bulletins for the office and leaders: the list (every state), and the
//! editor with a live preview of exactly what the public will read (names
//! masked by the shared rule unless shown), then submit → sign off (a
//! leader or a named approver, never the submitter: the server gives the
//! document number), return or retract with a reason.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use xiaoneng_domain::ErrorCode;
use xiaoneng_domain::bulletin::{
    Audience, Bulletin, BulletinAction, BulletinActionRequest, BulletinInput, BulletinKind, redact,
};

use crate::api::{self, ApiError};
use crate::clock::beijing_day;
use crate::components::form::{ErrorSummary, use_summary};
use crate::components::status::LoadError;
use crate::hooks::action::use_action;
use crate::hooks::choices::Choices;
use crate::hooks::loaded::Loaded;
use crate::hooks::paged::Paged;
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::{use_i18n, use_staff_title};

#[component]
pub fn BulletinAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    use_staff_title(|s| s.bulletins_admin_title);
    let list = Paged::<Bulletin>::new(api::accountability::bulletins_page);
    Effect::new(move |_| {
        if me.get().is_some() {
            list.reload();
        }
    });
    view! {
        <div class="container page page--wide">
            <h1>{move || i18n.s().bulletins_admin_title}</h1>
            <p><A href=format!("{}/new", paths::STAFF_BULLETINS) attr:class="button">{move || i18n.s().new_bulletin}</A></p>
            {list.view("finding-list", move || i18n.s().no_bulletins, move |b: Bulletin| {
                            let state = b.state;
                            view! {
                                <li class="finding-item">
                                    <div class="finding-item__head">
                                        <span class="finding-item__code">{
                                            let number = b.doc_number.clone();
                                            move || number.clone().unwrap_or_else(|| i18n.s().doc_number_pending.to_owned())
                                        }</span>
                                        <span class="tag tag--info">{move || state.label(i18n.lang())}</span>
                                    </div>
                                    <h2 class="finding-item__title">
                                        <A href=format!("{}/{}", paths::STAFF_BULLETINS, b.id)>{b.title.clone()}</A>
                                    </h2>
                                    <p class="finding-item__meta">{beijing_day(b.updated_at)}</p>
                                </li>
                            }
            })}
        </div>
    }
}

#[component]
pub fn BulletinEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    use_staff_title(|s| s.bulletin_edit_title);
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let saved = RwSignal::new(None::<Bulletin>);
    let failed = RwSignal::new(None::<ApiError>);
    let title = RwSignal::new(String::new());
    let kind = RwSignal::new(BulletinKind::Accountability);
    let body = RwSignal::new(String::new());
    let audience = RwSignal::new(Audience::Public);
    let decision_ids = RwSignal::new(Vec::<i64>::new());
    let show_names = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let notice = RwSignal::new(None::<String>);
    let reason = RwSignal::new(String::new());
    // The sign-off step last asked for, named in its notice.
    let acted = RwSignal::new(None::<BulletinAction>);

    let fill = move |b: &Bulletin| {
        title.set(b.title.clone());
        kind.set(b.kind);
        body.set(b.body.clone());
        audience.set(b.audience);
        decision_ids.set(b.decision_ids.clone());
        show_names.set(b.show_names);
    };
    // The bulletin as stored: read when the page opens it, filling the form.
    let open = use_action(
        |id: &i64| api::accountability::bulletin(*id),
        move |answer| match answer {
            Ok(b) => {
                fill(&b);
                saved.set(Some(b));
            }
            Err(e) => failed.set(Some(e)),
        },
    );
    Effect::new(move |_| {
        if let Some(id) = id.get()
            && me.get().is_some()
        {
            open.dispatch(id);
        }
    });
    // Someone else saved first: their version, to save over (the form keeps what was typed).
    let reread = use_action(
        |id: &i64| api::accountability::bulletin(*id),
        move |answer| {
            if let Ok(b) = answer {
                saved.set(Some(b));
            }
        },
    );
    let navigate = use_navigate();
    let save_bulletin = use_action(
        |(existing, input): &(Option<i64>, BulletinInput)| {
            let write = match existing {
                Some(id) => api::accountability::update_bulletin(*id),
                None => api::accountability::create_bulletin(),
            };
            write.call(input.clone())
        },
        move |answer| {
            let existing = saved.with_untracked(|b| b.as_ref().map(|b| b.id));
            match answer {
                Ok(b) => {
                    notice.set(Some(i18n.s().saved.to_owned()));
                    if existing.is_none() {
                        navigate(
                            &format!("{}/{}", paths::STAFF_BULLETINS, b.id),
                            Default::default(),
                        );
                    }
                    saved.set(Some(b));
                }
                Err(e) if e.code() == Some(ErrorCode::Conflict) => {
                    notice.set(Some(i18n.s().stale.to_owned()));
                    if let Some(id) = existing {
                        reread.dispatch(id);
                    }
                }
                Err(e) => errors.set(e.field_errors(i18n.t(), i18n.lang())),
            }
        },
    );
    let act_on = use_action(
        |(id, req): &(i64, BulletinActionRequest)| {
            api::accountability::bulletin_action(*id).call(req.clone())
        },
        move |answer| match answer {
            Ok(b) => {
                reason.set(String::new());
                if let Some(action) = acted.get_untracked() {
                    notice.set(Some((i18n.s().done)(action_label(action, &i18n))));
                }
                fill(&b);
                saved.set(Some(b));
            }
            Err(e) => errors.set(e.field_errors(i18n.t(), i18n.lang())),
        },
    );
    let busy = Signal::derive(move || save_bulletin.pending().get() || act_on.pending().get());
    // Every decision, however many pages: a bulletin may cite any.
    let decisions = Choices::new(move || {
        let signed_in = me.get().is_some();
        async move {
            if !signed_in {
                return Ok(Vec::new());
            }
            api::accountability::decisions().await
        }
    });
    // The office writes drafts; a leader reads them.
    let writes = move || {
        me.get()
            .is_some_and(|m| m.role == xiaoneng_domain::Role::Office)
    };
    let editable = move || {
        writes()
            && saved.with(|b| {
                b.as_ref()
                    .is_none_or(|b| b.state == xiaoneng_domain::bulletin::BulletinState::Draft)
            })
    };
    let doc_number = move || {
        saved
            .with(|b| b.as_ref().and_then(|b| b.doc_number.clone()))
            .unwrap_or_else(|| i18n.s().doc_number_pending.to_owned())
    };
    let names = move || {
        let chosen = decision_ids.get();
        decisions
            .get()
            .into_iter()
            .filter(|d| chosen.contains(&d.id))
            .map(|d| d.person_name)
            .collect::<Vec<_>>()
    };
    let preview = move || {
        let names = names();
        let masked = audience.get() == Audience::Public && !show_names.get();
        let shown = |t: String| if masked { redact(&t, &names) } else { t };
        (shown(title.get()), shown(body.get()))
    };
    // The text as the public will read it, rendered by the server once
    // typing pauses; the last rendering stays until the next one arrives.
    // An internal bulletin has no public text to show.
    let first = StoredValue::new(true);
    let rendered = Loaded::new(move || {
        let (_, text) = preview();
        let shown = audience.get() == Audience::Public;
        let opening = first.get_value();
        first.set_value(false);
        async move {
            if !shown {
                return None;
            }
            if !opening {
                pause(PREVIEW_PAUSE_MS).await;
                // Typed on meanwhile: a newer read renders that text.
                if untrack(preview).1 != text {
                    return None;
                }
            }
            Some(api::accountability::preview(text).await)
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = BulletinInput {
            title: title.get_untracked().trim().to_owned(),
            kind: kind.get_untracked(),
            body: body.get_untracked(),
            audience: audience.get_untracked(),
            finding_ids: Vec::new(),
            decision_ids: decision_ids.get_untracked(),
            show_names: show_names.get_untracked(),
            version: saved.with_untracked(|b| b.as_ref().map(|b| b.version)),
        };
        let lang = i18n.lang();
        if let Err(invalid) = input.validate() {
            errors.set(api::invalid_fields(&invalid, lang));
            return;
        }
        errors.set(Vec::new());
        let existing = saved.with_untracked(|b| b.as_ref().map(|b| b.id));
        save_bulletin.dispatch((existing, input));
    };
    let act = move |action: BulletinAction| {
        let Some(b) = saved.get_untracked() else {
            return;
        };
        let req = BulletinActionRequest {
            action,
            reason: Some(reason.get_untracked().trim().to_owned()).filter(|r| !r.is_empty()),
            version: b.version,
        };
        let lang = i18n.lang();
        if let Err(invalid) = req.validate() {
            errors.set(api::invalid_fields(&invalid, lang));
            return;
        }
        errors.set(Vec::new());
        acted.set(Some(action));
        act_on.dispatch((b.id, req));
    };
    let error_for =
        move |f: &str| errors.with(|e| e.iter().find(|(k, _)| k == f).map(|(_, m)| m.clone()));
    let (summary, summary_ref) = use_summary(errors, "bulletin");
    let text_field = move |id: &'static str,
                           label: fn(&crate::texts::staff::StaffTexts) -> &'static str,
                           value: RwSignal<String>| {
        view! {
            <div class="field" class:field--error=move || error_for(id).is_some()>
                <label class="field__label" for=format!("bulletin-{id}")>{move || label(i18n.s())}</label>
                {move || error_for(id).map(|e| view! { <p class="field__error">{e}</p> })}
                <input class="field__input" id=format!("bulletin-{id}") prop:disabled=move || !editable()
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            </div>
        }
    };

    view! {
        <div class="container page page--wide">
            <p class="back-link"><A href=paths::STAFF_BULLETINS>{move || i18n.s().bulletins_admin_title}</A></p>
            <h1>{move || if id.get().is_some() { i18n.s().bulletin_edit_title } else { i18n.s().new_bulletin }}</h1>
            {move || failed.get().map(|e| view! { <LoadError error=e on_retry=Callback::new(move |_| { let _ = window().location().reload(); }) /> })}
            {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <ErrorSummary items=summary node_ref=summary_ref />
            <div class="record-layout">
                <form class="record-layout__main" on:submit=save novalidate>
                    {move || saved.get().map(|b| {
                        let state = b.state;
                        let people: [(Option<String>, Label); 2] =
                            [(b.submitted_by.clone(), |s| s.submitted_by), (b.signed_by.clone(), |s| s.signed_by)];
                        view! {
                            <dl class="summary-list">
                                <div><dt>{move || i18n.s().bulletin_state}</dt>
                                    <dd><span class="tag tag--info">{move || state.label(i18n.lang())}</span></dd></div>
                                <div><dt>{move || i18n.s().doc_number}</dt><dd>{doc_number}</dd></div>
                                {people.into_iter().filter_map(|(who, label)| who.map(|who| view! { <div><dt>{move || label(i18n.s())}</dt><dd>{who}</dd></div> })).collect_view()}
                            </dl>
                        }
                    })}
                    {text_field("title", |s| s.bulletin_title, title)}
                    <div class="field">
                        <label class="field__label" for="bulletin-kind">{move || i18n.s().bulletin_kind}</label>
                        <select class="field__input" id="bulletin-kind" prop:disabled=move || !editable()
                            on:change=move |ev| if let Some(k) = BulletinKind::parse(&event_target_value(&ev)) { kind.set(k) }>
                            {BulletinKind::ALL.iter().map(|k| {
                                let k = *k;
                                view! { <option value=k.as_str() selected=move || kind.get() == k>{move || k.label(i18n.lang())}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field" class:field--error=move || error_for("body").is_some()>
                        <label class="field__label" for="bulletin-body">{move || i18n.s().bulletin_body}</label>
                        <p class="field__hint">{move || i18n.s().bulletin_body_hint}</p>
                        {move || error_for("body").map(|e| view! { <p class="field__error">{e}</p> })}
                        <textarea class="field__input field__textarea" id="bulletin-body" rows="10" prop:disabled=move || !editable()
                            prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    </div>
                    <fieldset class="field">
                        <legend class="field__label">{move || i18n.s().audience}</legend>
                        <div class="checks">
                            {[(Audience::Public, "public"), (Audience::Internal, "internal")].into_iter().map(|(a, id)| {
                                let input_id = format!("bulletin-audience-{id}");
                                let for_id = input_id.clone();
                                view! {
                                    <div class="check">
                                        <input type="radio" name="audience" id=input_id prop:disabled=move || !editable()
                                            prop:checked=move || audience.get() == a on:change=move |_| audience.set(a) />
                                        <label for=for_id>{move || if a == Audience::Public { i18n.s().audience_public } else { i18n.s().audience_internal }}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <fieldset class="field">
                        <legend class="field__label">{move || i18n.s().linked_decisions}</legend>
                        {decisions.notice()}
                        <div class="checks">
                            {move || {
                                let Some(list) = decisions.ready() else {
                                    return ().into_any();
                                };
                                if list.is_empty() {
                                    return view! { <p class="muted">{move || i18n.s().no_decisions}</p> }.into_any();
                                }
                                list.into_iter().map(|d| {
                                    let input_id = format!("bulletin-decision-{}", d.id);
                                    let for_id = input_id.clone();
                                    let measures = d.measures.iter().map(|m| m.kind.label(i18n.lang())).collect::<Vec<_>>().join("、");
                                    let did = d.id;
                                    view! {
                                        <div class="check">
                                            <input type="checkbox" id=input_id prop:disabled=move || !editable()
                                                prop:checked=move || decision_ids.with(|c| c.contains(&did))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    decision_ids.update(|c| { c.retain(|x| *x != did); if on { c.push(did); } });
                                                } />
                                            <label for=for_id>{format!("{} · {} · {} · {}", d.person_name, d.person_unit_name, measures, d.decided_on)}</label>
                                        </div>
                                    }
                                }).collect_view().into_any()
                            }}
                        </div>
                    </fieldset>
                    <div class="check">
                        <input type="checkbox" id="bulletin-show-names" prop:disabled=move || !editable()
                            prop:checked=move || show_names.get() on:change=move |ev| show_names.set(event_target_checked(&ev)) />
                        <label for="bulletin-show-names">{move || i18n.s().show_names}</label>
                    </div>
                    <Show when=editable>
                        <p><button type="submit" class="button" disabled=move || busy.get()>{move || i18n.s().save_draft}</button></p>
                    </Show>
                </form>
                <aside class="record-layout__side">
                    <h2>{move || i18n.s().preview}</h2>
                    {move || if audience.get() == Audience::Internal {
                        view! { <p class="muted">{move || i18n.s().preview_internal}</p> }.into_any()
                    } else {
                        let t = preview().0;
                        view! {
                            <div class="preview" aria-live="polite">
                                <p class="bulletin__number">{doc_number()}</p>
                                <h3>{t}</h3>
                                {move || match rendered.get().flatten() {
                                    Some(Ok(p)) => view! { <div class="bulletin__body" inner_html=p.html></div> }.into_any(),
                                    Some(Err(e)) => view! {
                                        <LoadError error=e on_retry=Callback::new(move |_| rendered.refetch()) />
                                    }.into_any(),
                                    None => view! { <p class="muted">{move || i18n.t().loading}</p> }.into_any(),
                                }}
                            </div>
                        }
                        .into_any()
                    }}
                    {move || saved.get().map(|b| {
                        let actions = b.actions.clone();
                        let public = b.state == xiaoneng_domain::bulletin::BulletinState::Published && b.audience == Audience::Public;
                        // In review and not theirs to sign: say who signs.
                        let waits = b.state == xiaoneng_domain::bulletin::BulletinState::InReview
                            && !actions.contains(&BulletinAction::Publish);
                        view! {
                            <div class="action-list">
                                {waits.then(|| view! { <p class="muted">{move || i18n.s().sign_off_note}</p> })}
                                {actions.iter().any(|a| a.needs_reason()).then(|| view! {
                                    <div class="field" class:field--error=move || error_for("reason").is_some()>
                                        <label class="field__label" for="bulletin-reason">{move || i18n.s().reason}</label>
                                        {move || error_for("reason").map(|e| view! { <p class="field__error">{e}</p> })}
                                        <textarea class="field__input field__textarea" id="bulletin-reason" rows="2"
                                            prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                                    </div>
                                })}
                                {actions.into_iter().map(|a| view! {
                                    <button type="button" class="button" class:button--secondary=a.needs_reason()
                                        disabled=move || busy.get() on:click=move |_| act(a)>
                                        {move || action_label(a, &i18n)}
                                    </button>
                                }).collect_view()}
                                {public.then(|| view! {
                                    <a href=format!("{}/{}", paths::BULLETINS, b.id) rel="external">{move || i18n.s().view_public}</a>
                                })}
                            </div>
                        }
                    })}
                </aside>
            </div>
        </div>
    }
}

/// A label in the staff texts.
type Label = fn(&crate::texts::staff::StaffTexts) -> &'static str;

fn action_label(action: BulletinAction, i18n: &crate::texts::I18n) -> &'static str {
    let s = i18n.s();
    match action {
        BulletinAction::Submit => s.action_submit,
        BulletinAction::Return => s.action_return,
        BulletinAction::Publish => s.action_publish,
        BulletinAction::Retract => s.action_retract,
    }
}

/// How long typing pauses before the preview is rendered again.
const PREVIEW_PAUSE_MS: i32 = 400;

async fn pause(ms: i32) {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
}
