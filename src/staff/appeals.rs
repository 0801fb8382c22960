//! Appeals (申诉 / 复核): the list (by state in the URL), one appeal with
//! its review form for the reviewer, and on a finding's page the decisions
//! resting on it and the appeals concerning it, with the unit's forms to
//! appeal the substantiation or a decision. What may be done, the server
//! says (`actions`); the forms check with the shared rules first.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use xiaoneng_domain::accountability::Decision;
use xiaoneng_domain::appeal::{
    Appeal, AppealAction, AppealActionRequest, AppealState, AppealSubject, NewAppeal, RESTORABLE,
    may_be_appealed,
};
use xiaoneng_domain::finding::FindingState;
use xiaoneng_domain::record::Finding;
use xiaoneng_domain::{ErrorCode, Me, Role};

use crate::api;
use crate::clock::{beijing_day, beijing_time};
use crate::components::form::ErrorSummary;
use crate::components::form_state::FormState;
use crate::components::status::{LoadError, Skeleton, StateTag};
use crate::hooks::loaded::Loaded;
use crate::hooks::paged::{Load, Paged};
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::{use_i18n, use_staff_title};

fn state_tag(state: AppealState) -> impl IntoView {
    let i18n = use_i18n();
    let tone = match state {
        AppealState::Lodged => "info",
        AppealState::Upheld => "success",
        AppealState::Dismissed => "muted",
    };
    view! { <span class=format!("tag tag--{tone}")>{move || state.label(i18n.lang())}</span> }
}

#[component]
pub fn AppealsPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    use_staff_title(|s| s.appeals_title);
    let query = use_query_map();
    let state = Memo::new(move |_| {
        query.with(|q| q.get("state").filter(|s| AppealState::parse(s).is_some()))
    });
    let list = Paged::<Appeal>::new(move |cursor| {
        api::appeals::page(&[("state", state.get_untracked()), ("cursor", cursor)])
    });
    let Paged { items, load, .. } = list;
    Effect::new(move |_| {
        state.track();
        if me.get().is_some() {
            list.reload();
        }
    });
    let navigate = use_navigate();
    let choose = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        navigate(
            &format!(
                "{}{}",
                paths::APPEALS,
                api::query(&[("state", Some(value))])
            ),
            Default::default(),
        );
    };
    view! {
        <div class="container page page--wide">
            <h1>{move || i18n.s().appeals_title}</h1>
            <p class="lead">{move || i18n.s().appeals_lead}</p>
            <div class="filters">
                <div class="field field--compact">
                    <label class="field__label" for="appeals-state">{move || i18n.s().appeal_state}</label>
                    <select class="field__input" id="appeals-state" on:change=choose>
                        <option value="" selected=move || state.get().is_none()>{move || i18n.s().any}</option>
                        {AppealState::ALL.iter().copied().map(|s| view! {
                            <option value=s.as_str() selected=move || state.get().as_deref() == Some(s.as_str())>
                                {move || s.label(i18n.lang())}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            {move || match load.get() {
                Load::Loading => view! { <Skeleton rows=4 /> }.into_any(),
                Load::Failed(error) => view! { <LoadError error=error on_retry=Callback::new(move |_| list.reload()) /> }.into_any(),
                Load::Ready if items.with(Vec::is_empty) => view! {
                    <p class="empty-state">{move || i18n.s().no_appeals}</p>
                }.into_any(),
                Load::Ready => view! {
                    <ul class="finding-list">
                        <For each=move || items.get() key=|a| (a.id, a.version) let:appeal>
                            <AppealItem appeal=appeal />
                        </For>
                    </ul>
                    {list.more_button()}
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn AppealItem(appeal: Appeal) -> impl IntoView {
    let i18n = use_i18n();
    let subject = appeal.subject;
    let href = format!("{}/{}", paths::APPEALS, appeal.id);
    view! {
        <li class="finding-item">
            <div class="finding-item__head">
                <span class="finding-item__code">{appeal.finding_code.clone()}</span>
                {state_tag(appeal.state)}
            </div>
            <h2 class="finding-item__title">
                <A href=href>{move || subject.label(i18n.lang())}{move || i18n.lang().colon()}{appeal.finding_title.clone()}</A>
            </h2>
            <p class="finding-item__meta muted">
                {appeal.unit_name.clone()}
                {appeal.person_name.clone().map(|p| format!(" · {p}"))}
                " · "{move || i18n.s().appeal_review_by}" "{appeal.review_by.to_string()}
            </p>
        </li>
    }
}

#[component]
pub fn AppealPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    use_staff_title(|s| s.appeals_title);
    let params = use_params_map();
    let appeal = Loaded::new(move || {
        let id = params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
        let signed_in = me.get().is_some();
        async move {
            match (id, signed_in) {
                (Some(id), true) => Some(api::appeals::one(id).await),
                _ => None,
            }
        }
    });
    let reviewed = Callback::new(move |_| appeal.refetch());
    view! {
        <div class="container page">
            <p class="back-link"><A href=paths::APPEALS>{move || i18n.s().back_to_appeals}</A></p>
            {move || match appeal.get().flatten() {
                None => view! { <Skeleton rows=5 /> }.into_any(),
                Some(Err(e)) if e.code() == Some(ErrorCode::NotFound) => view! {
                    <h1>{move || i18n.s().appeal_not_found}</h1>
                }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=Callback::new(move |_| appeal.refetch()) /> }.into_any(),
                Some(Ok(a)) => view! { <AppealView appeal=a reviewed=reviewed /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn AppealView(appeal: Appeal, reviewed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let subject = appeal.subject;
    let finding_href = format!("{}/{}", paths::FINDINGS, appeal.finding_id);
    let state = appeal.state;
    let done = state != AppealState::Lodged;
    let restored = appeal.restored_to;
    let (reason, decided_by, decided_at) = (
        appeal.reason.clone(),
        appeal.decided_by_name.clone(),
        appeal.decided_at,
    );
    let review = (!appeal.actions.is_empty()).then(|| appeal.clone());
    let files = appeal.clone();
    view! {
        <header class="record-head">
            <p class="record-head__code">{appeal.finding_code.clone()}</p>
            <h1>{move || subject.label(i18n.lang())}</h1>
            <p class="record-head__tags">{state_tag(state)}</p>
        </header>
        // A decided appeal opens with its outcome: what the unit came to read.
        {done.then(|| view! {
            <section class="notice" aria-labelledby="appeal-outcome">
                <h2 id="appeal-outcome">{move || i18n.s().appeal_outcome}{move || i18n.lang().colon()}{move || state.label(i18n.lang())}</h2>
                <p>{reason}</p>
                {restored.map(|s| view! {
                    <p>{move || i18n.s().appeal_restored}" "<StateTag state=s /></p>
                })}
                <p class="muted">
                    {move || i18n.s().appeal_decided_by}" "{decided_by}
                    {decided_at.map(|t| format!(" · {}", beijing_day(t)))}
                </p>
            </section>
        })}
        <dl class="summary-list">
            <div><dt>{move || i18n.s().appeal_about_finding}</dt>
                <dd><A href=finding_href>{appeal.finding_code.clone()}" "{appeal.finding_title.clone()}</A></dd></div>
            {appeal.person_name.clone().map(|p| view! {
                <div><dt>{move || i18n.s().appeal_about_person}</dt><dd>{p}</dd></div>
            })}
            <div><dt>{move || i18n.s().unit}</dt><dd>{appeal.unit_name.clone()}</dd></div>
            <div><dt>{move || i18n.s().appeal_lodged_by}</dt><dd>{appeal.lodged_by_name.clone()}</dd></div>
            <div><dt>{move || i18n.s().appeal_lodged_at}</dt><dd>{beijing_time(appeal.lodged_at, crate::clock::Shown::DayAndTime)}</dd></div>
            <div><dt>{move || i18n.s().appeal_review_by}</dt><dd>{appeal.review_by.to_string()}</dd></div>
            <div><dt>{move || i18n.s().appeal_grounds}</dt><dd class="prose">{appeal.grounds.clone()}</dd></div>
        </dl>
        <AppealFiles appeal=files attached=reviewed />
        {review.map(|appeal| view! { <ReviewForm appeal=appeal reviewed=reviewed /> })}
    }
}

/// The files given in support of the appeal, and while it waits, the
/// unit's liaison adds more (the server keeps at most ten).
#[component]
fn AppealFiles(appeal: Appeal, attached: Callback<()>) -> impl IntoView {
    use wasm_bindgen::JsCast;
    let i18n = use_i18n();
    let me = use_context::<crate::staff::auth::Auth>().and_then(|a| a.me());
    let may_attach = appeal.state == AppealState::Lodged
        && me.is_some_and(|m| m.role == Role::Liaison)
        && appeal.evidence.len() < xiaoneng_domain::appeal::MAX_APPEAL_FILES;
    let id = appeal.id;
    let status = RwSignal::new(None::<Result<String, String>>);
    let sent_pct = RwSignal::new(0u32);
    let upload = crate::hooks::action::use_action(
        move |file: &web_sys::File| {
            let file = file.clone();
            async move {
                let path = api::appeals::evidence_upload(id);
                api::upload_with_progress::<xiaoneng_domain::appeal::AppealEvidence>(
                    &path,
                    &[],
                    "file",
                    &file,
                    move |pct| sent_pct.set(pct),
                )
                .await
            }
        },
        move |answer| match answer {
            Ok(e) => {
                status.set(Some(Ok((i18n.s().uploaded)(&e.file_name))));
                attached.run(());
            }
            Err(e) => status.set(Some(Err(e
                .field("file")
                .unwrap_or_else(|| e.describe(i18n.t(), i18n.lang()))))),
        },
    );
    let busy = upload.pending();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            status.set(None);
            upload.dispatch(file);
        }
        input.set_value("");
    };
    let files = appeal.evidence.clone();
    (may_attach || !files.is_empty()).then(|| view! {
        <section aria-labelledby="appeal-files">
            <h2 id="appeal-files">{move || i18n.s().appeal_files}</h2>
            {if files.is_empty() {
                view! { <p class="muted">{move || i18n.s().appeal_no_files}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {files.into_iter().map(|f| view! {
                            <li>
                                <a href=api::appeals::evidence_file(f.id) rel="external">{f.file_name.clone()}</a>
                                " · "{f.uploaded_by_name.clone()}" · "{beijing_day(f.uploaded_at)}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {may_attach.then(|| view! {
                <div class="field">
                    <label class="field__label button button--secondary" for="appeal-file">{move || i18n.s().appeal_attach}</label>
                    <p class="field__hint" id="appeal-file-hint">{move || i18n.s().appeal_attach_hint}</p>
                    <input class="visually-hidden" type="file" id="appeal-file" aria-describedby="appeal-file-hint"
                        accept="image/*,application/pdf" disabled=move || busy.get() on:change=on_change />
                    {move || busy.get().then(|| view! { <p class="muted" role="status">{move || sent_pct.get()}"%"</p> })}
                    {move || status.get().map(|s| match s {
                        Ok(m) => view! { <p class="notice" role="status">{m}</p> }.into_any(),
                        Err(m) => view! { <p class="field__error" role="alert">{m}</p> }.into_any(),
                    })}
                </div>
            })}
        </section>
    })
}

#[component]
fn ReviewForm(appeal: Appeal, reviewed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new("review");
    let action = RwSignal::new(AppealAction::Dismiss);
    let restore = RwSignal::new(FindingState::Verified);
    let reason = RwSignal::new(String::new());
    let (id, version, subject) = (appeal.id, appeal.version, appeal.subject);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let uphold_finding =
            action.get_untracked() == AppealAction::Uphold && subject == AppealSubject::Finding;
        let req = AppealActionRequest {
            action: action.get_untracked(),
            reason: reason.get_untracked().trim().to_owned(),
            restore: uphold_finding.then(|| restore.get_untracked()),
            version,
        };
        // Who may review is the server's rule; the fields are checked by the shared one.
        let checked = req.validate(subject);
        form.send(
            checked,
            api::appeals::review(id),
            req,
            Some(reviewed),
            move |_: Appeal| reviewed.run(()),
        );
    };
    let error_for = move |f: &'static str| form.error(f).get();
    let (action_id, restore_id, reason_id) =
        (form.id("action"), form.id("restore"), form.id("reason"));
    view! {
        <form class="action__form panel" on:submit=submit novalidate aria-labelledby="review-title">
            <h2 id="review-title">{move || i18n.s().appeal_review}</h2>
            <ErrorSummary items=form.summary() node_ref=form.summary_ref />
            <div class="field">
                <label class="field__label" for=action_id.clone()>{move || i18n.s().appeal_action}</label>
                <select class="field__input" id=action_id
                    on:change=move |ev| if let Some(a) = AppealAction::parse(&event_target_value(&ev)) { action.set(a) }>
                    {[AppealAction::Dismiss, AppealAction::Uphold].into_iter().map(|a| view! {
                        <option value=a.as_str() selected=move || action.get() == a>{move || a.label(i18n.lang())}</option>
                    }).collect_view()}
                </select>
            </div>
            <Show when=move || subject == AppealSubject::Finding && action.get() == AppealAction::Uphold>
                <div class="field" class:field--error=move || error_for("restore").is_some()>
                    <label class="field__label" for=restore_id.clone()>{move || i18n.s().appeal_restore}</label>
                    {move || error_for("restore").map(|e| view! { <p class="field__error">{e}</p> })}
                    <select class="field__input" id=restore_id.clone()
                        on:change=move |ev| if let Some(s) = FindingState::parse(&event_target_value(&ev)) { restore.set(s) }>
                        {RESTORABLE.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=move || restore.get() == s>{move || s.label(i18n.lang())}</option>
                        }).collect_view()}
                    </select>
                </div>
            </Show>
            <div class="field" class:field--error=move || error_for("reason").is_some()>
                <label class="field__label" for=reason_id.clone()>{move || i18n.s().appeal_reason}</label>
                {move || error_for("reason").map(|e| view! { <p class="field__error">{e}</p> })}
                <textarea class="field__input" id=reason_id rows="4" prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
            </div>
            <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.s().appeal_send}</button>
        </form>
    }
}

/// On a finding's page: the decisions resting on it (revoked ones marked)
/// and the appeals concerning it; a liaison may appeal the substantiation
/// and each decision once.
#[component]
pub fn FindingAccountability(finding: Finding, me: Signal<Option<Me>>) -> impl IntoView {
    let i18n = use_i18n();
    let id = finding.id;
    let state = finding.progress.state;
    let role = move || me.get().map(|m| m.role);
    let reads =
        move || role().is_some_and(|r| xiaoneng_domain::access::APPEAL_READERS.contains(&r));
    let loaded = Loaded::new(move || {
        let reads = reads();
        async move {
            if !reads {
                return None;
            }
            let decisions = api::accountability::decisions_of_finding(id).await;
            let appeals = api::appeals::of_finding(id).await;
            Some(decisions.and_then(|d| appeals.map(|a| (d, a))))
        }
    });
    let reload = Callback::new(move |_| loaded.refetch());
    let liaison = move || role() == Some(Role::Liaison);
    view! {
        <Show when=reads>
            {move || match loaded.get().flatten() {
                None => view! { <Skeleton rows=2 /> }.into_any(),
                Some(Err(e)) => view! { <LoadError error=e on_retry=reload /> }.into_any(),
                Some(Ok((decisions, appeals))) => {
                    let finding_appealed = appeals.iter().any(|a| a.subject == AppealSubject::Finding);
                    let appealed: Vec<i64> = appeals.iter().filter_map(|a| a.decision_id).collect();
                    // Before substantiation there is nothing to decide, so nothing to say.
                    let show = !decisions.is_empty()
                        || xiaoneng_domain::accountability::may_be_decided_on(state);
                    view! {
                        <section aria-labelledby="finding-decisions" hidden=!show>
                            <h2 id="finding-decisions">{move || i18n.s().decisions_of_finding}</h2>
                            {if decisions.is_empty() {
                                view! { <p class="muted">{move || i18n.s().no_decisions_of_finding}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="plain-list">
                                        {decisions.into_iter().map(|d| {
                                            let open = liaison() && d.revoked_at.is_none() && !appealed.contains(&d.id);
                                            let change = role() == Some(Role::Office) && d.revoked_at.is_none();
                                            view! { <DecisionItem decision=d may_appeal=open may_change=change reload=reload /> }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                        {(!appeals.is_empty()).then(|| view! {
                            <section aria-labelledby="finding-appeals">
                                <h2 id="finding-appeals">{move || i18n.s().appeals_of_finding}</h2>
                                <ul class="plain-list">
                                    {appeals.into_iter().map(|a| {
                                        let subject = a.subject;
                                        view! {
                                            <li>
                                                {move || subject.label(i18n.lang())}" "{state_tag(a.state)}" "
                                                <A href=format!("{}/{}", paths::APPEALS, a.id)>{move || i18n.s().appeal_open}</A>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                        {(liaison() && may_be_appealed(state) && !finding_appealed).then(|| view! {
                            <AppealForm finding_id=Some(id) decision_id=None
                                title=|s| s.appeal_lodge_finding prefix="appeal-finding".to_owned() lodged=reload />
                        })}
                    }.into_any()
                }
            }}
        </Show>
    }
}

#[component]
fn DecisionItem(
    decision: Decision,
    may_appeal: bool,
    may_change: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let measures = decision.measures.clone();
    let history = decision.history.clone();
    let editable = decision.clone();
    let revoked = decision.revoked_at.is_some();
    let id = decision.id;
    view! {
        <li class="decision-item">
            <p>
                <strong>{decision.person_name.clone()}</strong>
                " · "{decision.decided_on.to_string()}" · "
                {move || measures.iter().map(|m| m.kind.label(i18n.lang())).collect::<Vec<_>>().join("、")}
                {revoked.then(|| view! { " "<span class="tag tag--muted">{move || i18n.s().decision_revoked}</span> })}
            </p>
            {decision.revoked_reason.clone().map(|r| view! {
                <p class="muted">{move || i18n.s().decision_revoked_why}{move || i18n.lang().colon()}{r.clone()}</p>
            })}
            <crate::staff::decision_change::DecisionHistory history=history />
            {may_change.then(|| view! {
                <details class="panel">
                    <summary class="panel__summary">{move || i18n.s().decision_change}</summary>
                    <crate::staff::decision_change::DecisionChangeForm decision=editable changed=reload />
                </details>
            })}
            {may_appeal.then(|| view! {
                <details class="panel">
                    <summary class="panel__summary">{move || i18n.s().appeal_lodge_decision}</summary>
                    <AppealForm finding_id=None decision_id=Some(id)
                        title=|s| s.appeal_lodge_decision prefix=format!("appeal-decision-{id}") lodged=reload />
                </details>
            })}
        </li>
    }
}

/// The unit's appeal: the grounds, sent once.
#[component]
fn AppealForm(
    finding_id: Option<i64>,
    decision_id: Option<i64>,
    title: fn(&crate::texts::staff::StaffTexts) -> &'static str,
    prefix: String,
    lodged: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(prefix.clone());
    let grounds = RwSignal::new(String::new());
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new = NewAppeal {
            finding_id,
            decision_id,
            grounds: grounds.get_untracked().trim().to_owned(),
        };
        let checked = new.validate();
        let navigate = navigate.clone();
        form.send(
            checked,
            api::appeals::lodge(),
            new,
            Some(lodged),
            move |a: Appeal| {
                navigate(&format!("{}/{}", paths::APPEALS, a.id), Default::default());
            },
        );
    };
    let error_for = move |f: &'static str| form.error(f).get();
    let grounds_id = form.id("grounds");
    let hint_id = format!("{grounds_id}-hint");
    let (title_id, labelled_by) = (format!("{prefix}-title"), format!("{prefix}-title"));
    // A refusal about what is appealed (too late, not substantiated) shows
    // in the summary; the field is the grounds.
    view! {
        <form class="action__form" on:submit=submit novalidate aria-labelledby=labelled_by>
            <h3 id=title_id>{move || title(i18n.s())}</h3>
            <ErrorSummary items=form.summary() node_ref=form.summary_ref />
            <div class="field" class:field--error=move || error_for("grounds").is_some()>
                <label class="field__label" for=grounds_id.clone()>{move || i18n.s().appeal_grounds}</label>
                <p class="field__hint" id=hint_id.clone()>{move || i18n.s().appeal_grounds_hint}</p>
                {move || error_for("grounds").map(|e| view! { <p class="field__error">{e}</p> })}
                <textarea class="field__input" id=grounds_id rows="4" aria-describedby=hint_id
                    prop:value=move || grounds.get() on:input=move |ev| grounds.set(event_target_value(&ev))></textarea>
            </div>
            <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.s().appeal_submit}</button>
        </form>
    }
}
