//! One finding: the facts, the evidence, the timeline of every step, and
//! the actions the caller's role may take now, each a small form checked in
//! the browser by the same rules the server applies. A stale edit (409)
//! reloads the finding and keeps what the user typed.

use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use xiaoneng_domain::finding::{ActionKind, ActionRequest, Needs, WorkflowError, rule};
use xiaoneng_domain::record::{Finding, FindingDetail};
use xiaoneng_domain::{ErrorCode, Me};

use crate::api::{self, ApiError};
use crate::clock::today;
use crate::components::form::{ErrorSummary, SummaryItem};
use crate::components::status::{DueTag, LoadError, Skeleton, StateTag, SupervisedTag};
use crate::hooks::action::use_action;
use crate::hooks::choices::Choices;
use crate::paths;
use crate::staff::auth::require_sign_in;
use crate::texts::staff::action_label;
use crate::texts::use_i18n;

#[derive(Clone, Debug, PartialEq)]
enum Load {
    Loading,
    Failed(ApiError),
    Ready(Box<FindingDetail>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Loading,
    NotFound,
    Failed,
    Ready,
}

#[component]
pub fn FindingPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = require_sign_in();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let load = RwSignal::new(Load::Loading);
    // What the user typed survives a new version of the finding (a stale edit).
    provide_context(ActionDraft::default());
    let read = use_action(
        |id: &i64| api::findings::one(*id),
        move |answer| match answer {
            Ok(detail) => load.set(Load::Ready(Box::new(detail))),
            Err(e) => load.set(Load::Failed(e)),
        },
    );
    let fetch = move || {
        let Some(id) = id.get_untracked() else {
            load.set(Load::Failed(ApiError::Server(
                xiaoneng_domain::ErrorBody::new(ErrorCode::NotFound, i18n.lang()),
            )));
            return;
        };
        read.dispatch(id);
    };
    Effect::new(move |_| {
        id.track();
        if me.get().is_some() {
            load.set(Load::Loading);
            fetch();
        }
    });
    let phase = Memo::new(move |_| match load.get() {
        Load::Loading => Phase::Loading,
        Load::Failed(e) if e.code() == Some(ErrorCode::NotFound) => Phase::NotFound,
        Load::Failed(_) => Phase::Failed,
        Load::Ready(_) => Phase::Ready,
    });
    Effect::new(move |_| {
        let t = i18n.t();
        let title = match load.get() {
            Load::Ready(d) => format!("{} {}", d.finding.code, d.finding.title),
            Load::Failed(_) => i18n.s().finding_not_found_title.to_owned(),
            Load::Loading => i18n.s().findings_title.to_owned(),
        };
        document().set_title(&format!("{title} - {} {}", t.product, t.product_full));
    });

    view! {
        <div class="container page page--wide">
            <p class="back-link"><A href=paths::FINDINGS>{move || i18n.s().back_to_findings}</A></p>
            {move || match phase.get() {
                Phase::Loading => view! { <Skeleton rows=6 /> }.into_any(),
                Phase::NotFound => view! {
                    <h1>{move || i18n.s().finding_not_found_title}</h1>
                    <p>{move || i18n.s().finding_not_found_text}</p>
                }
                .into_any(),
                Phase::Failed => match load.get_untracked() {
                    Load::Failed(e) => view! { <LoadError error=e on_retry=Callback::new(move |_| fetch()) /> }.into_any(),
                    _ => ().into_any(),
                },
                // Keyed by version: each new version of the finding is drawn afresh.
                Phase::Ready => view! {
                    <For
                        each=move || match load.get() {
                            Load::Ready(detail) => vec![*detail],
                            _ => Vec::new(),
                        }
                        key=|d| (d.finding.id, d.finding.version, d.evidence.len())
                        let:detail
                    >
                        <FindingView detail=detail me=me load=load />
                    </For>
                }
                .into_any(),
            }}
        </div>
    }
}

#[component]
fn FindingView(
    detail: FindingDetail,
    me: Signal<Option<Me>>,
    load: RwSignal<Load>,
) -> impl IntoView {
    let i18n = use_i18n();
    let f = detail.finding.clone();
    let dimension = f.dimension;
    let severity = f.severity;
    let source = f.source;
    let people = f.people.clone();
    let checks = detail.commitments.clone();
    let for_decision = detail.finding.clone();
    let for_correction = detail.finding.clone();
    view! {
        <header class="record-head">
            <p class="record-head__code">{f.code.clone()}</p>
            <h1>{f.title.clone()}</h1>
            <p class="record-head__tags">
                <StateTag state=f.progress.state />
                {f.due.map(|due| view! { <DueTag due=due /> })}
                {f.supervised_on.map(|_| view! { <SupervisedTag /> })}
            </p>
        </header>
        <div class="record-layout">
            <div class="record-layout__main">
                <section aria-labelledby="facts">
                    <h2 id="facts">{move || i18n.s().facts}</h2>
                    <dl class="summary-list">
                        <div><dt>{move || i18n.s().unit}</dt><dd>{f.unit_name.clone()}</dd></div>
                        <div><dt>{move || i18n.s().source}</dt><dd>{move || source.label(i18n.lang())}</dd></div>
                        <div><dt>{move || i18n.s().dimension}</dt><dd>{move || dimension.label(i18n.lang())}</dd></div>
                        <div><dt>{move || i18n.s().severity}</dt><dd>{move || severity.label(i18n.lang())}</dd></div>
                        <div><dt>{move || i18n.s().observed_on}</dt><dd>{f.observed_on.to_string()}</dd></div>
                        {f.progress.verify_by.map(|d| view! {
                            <div><dt>{move || i18n.s().verify_by}</dt><dd>{d.to_string()}</dd></div>
                        })}
                        {f.progress.rectify_by.map(|d| view! {
                            <div><dt>{move || i18n.s().rectify_by}</dt><dd>{d.to_string()}</dd></div>
                        })}
                        {f.progress.extension_requested.map(|d| view! {
                            <div><dt>{move || i18n.s().extension_asked}</dt><dd>{d.to_string()}</dd></div>
                        })}
                        <div>
                            <dt>{move || i18n.s().people}</dt>
                            <dd>
                                {if people.is_empty() {
                                    view! { <span class="muted">{move || i18n.s().nobody_named}</span> }.into_any()
                                } else {
                                    view! {
                                        <ul class="plain-list">
                                            {people.iter().map(|p| {
                                                let check = checks.iter().find(|c| c.name == p.name).cloned();
                                                let post = (!p.post.is_empty()).then(|| {
                                                    let post = p.post.clone();
                                                    move || crate::texts::in_brackets(i18n.lang(), &post)
                                                });
                                                view! {
                                                    <li>
                                                        {p.name.clone()}{post}
                                                        {check.map(|c| {
                                                            let words = move || {
                                                                let s = i18n.s();
                                                                match (&c.staff, c.signed_on) {
                                                                    (None, _) => s.not_on_staff.to_owned(),
                                                                    (Some(_), Some(day)) => (s.signed_letter)(c.year, &day.to_string()),
                                                                    (Some(_), None) => (s.not_signed_letter)(c.year),
                                                                }
                                                            };
                                                            view! { <span class="muted">" · "{words}</span> }
                                                        })}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    }
                                    .into_any()
                                }}
                            </dd>
                        </div>
                    </dl>
                </section>
                <section aria-labelledby="description">
                    <h2 id="description">{move || i18n.s().description}</h2>
                    <p class="prose">{f.description.clone()}</p>
                </section>
                <section aria-labelledby="evidence">
                    <h2 id="evidence">{move || i18n.s().evidence}</h2>
                    {if detail.evidence.is_empty() {
                        view! { <p class="muted">{move || i18n.s().no_evidence}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="gallery">
                                {detail.evidence.iter().map(|e| {
                                    let href = api::findings::evidence_file(e.id);
                                    let name = e.file_name.clone();
                                    let label = {
                                        let name = name.clone();
                                        move || (i18n.s().open_full_size)(&name)
                                    };
                                    let image = e.content_type.starts_with("image/");
                                    view! {
                                        <li class="gallery__item">
                                            <a href=href.clone() target="_blank" rel="noopener" aria-label=label>
                                                {if image {
                                                    view! { <img src=href.clone() alt=name.clone() loading="lazy" /> }.into_any()
                                                } else {
                                                    view! { <span class="gallery__file">{name.clone()}</span> }.into_any()
                                                }}
                                            </a>
                                            <span class="gallery__caption">{actor(e.uploaded_by, e.uploaded_by_name.clone())}" · "{crate::clock::beijing_day(e.uploaded_at)}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }}
                </section>
                <EvidenceUpload finding=detail.finding.clone() me=me load=load />
                <Show when={
                    let state = detail.finding.progress.state;
                    move || {
                        me.get().is_some_and(|m| m.role == xiaoneng_domain::Role::Office)
                            && xiaoneng_domain::accountability::may_be_decided_on(state)
                    }
                }>
                    <crate::staff::decision_form::DecisionForm finding=for_decision.clone() />
                </Show>
                <crate::staff::appeals::FindingAccountability finding=detail.finding.clone() me=me />
                <Show when={
                    let state = detail.finding.progress.state;
                    move || {
                        me.get().is_some_and(|m| m.role == xiaoneng_domain::Role::Office)
                            && state != xiaoneng_domain::finding::FindingState::Merged
                    }
                }>
                    <CorrectionForm finding=for_correction.clone() load=load />
                </Show>
                <section aria-labelledby="timeline">
                    <h2 id="timeline">{move || i18n.s().timeline}</h2>
                    <ol class="timeline">
                        {detail.timeline.iter().map(|e| {
                            let action = e.action;
                            let to = e.to_state;
                            let at = crate::clock::beijing_time(e.at, crate::clock::Shown::DayAndTime);
                            view! {
                                <li class="timeline__item">
                                    <p class="timeline__what">
                                        <strong>{move || match action {
                                            Some(a) => action_label(a, i18n.lang()).to_owned(),
                                            None => i18n.s().recorded_event.to_owned(),
                                        }}</strong>
                                        " → "
                                        <StateTag state=to />
                                    </p>
                                    <p class="timeline__who muted">{actor(e.actor_id, e.actor_name.clone())}" · "<time>{at}</time>
                                        {e.deadline.map(|d| format!(" · {d}"))}
                                    </p>
                                    {e.comment.clone().map(|c| view! { <p class="timeline__comment">{c}</p> })}
                                    {(!e.changes.is_empty()).then(|| view! {
                                        <ul class="plain-list timeline__changes">
                                            {e.changes.iter().map(|c| {
                                                let c = c.clone();
                                                view! { <li>{move || change_line(&c, i18n.lang())}</li> }
                                            }).collect_view()}
                                        </ul>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </section>
            </div>
            <aside class="record-layout__side" aria-labelledby="actions">
                <h2 id="actions">{move || i18n.s().actions}</h2>
                <ActionPanel finding=detail.finding.clone() actions=detail.actions.clone() me=me load=load />
            </aside>
        </div>
    }
}

/// The actions the caller may take now, each a small form.
#[component]
fn ActionPanel(
    finding: Finding,
    actions: Vec<ActionKind>,
    me: Signal<Option<Me>>,
    load: RwSignal<Load>,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft = expect_context::<ActionDraft>();
    if actions.is_empty() {
        return view! { <p class="muted">{move || i18n.s().no_actions}</p> }.into_any();
    }
    let finding = StoredValue::new(finding);
    view! {
        <div class="action-list">
            {move || draft.notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {actions.into_iter().map(|action| view! {
                <ActionForm action=action finding=finding me=me load=load draft=draft />
            }).collect_view()}
        </div>
    }
    .into_any()
}

/// The fields of the open action form, kept across reloads of the finding.
#[derive(Clone, Copy, Default)]
struct ActionDraft {
    open: RwSignal<Option<ActionKind>>,
    comment: RwSignal<String>,
    deadline: RwSignal<String>,
    into: RwSignal<String>,
    notice: RwSignal<Option<String>>,
    /// The last evidence upload: the file's name, or why it was refused.
    upload: RwSignal<Option<Result<String, String>>>,
}

#[component]
fn ActionForm(
    action: ActionKind,
    finding: StoredValue<Finding>,
    me: Signal<Option<Me>>,
    load: RwSignal<Load>,
    draft: ActionDraft,
) -> impl IntoView {
    let i18n = use_i18n();
    let needs = rule(action).needs;
    let comment_needed = matches!(needs, Needs::Comment | Needs::DeadlineAndComment);
    let deadline_needed = matches!(needs, Needs::Deadline | Needs::DeadlineAndComment);
    let target_needed = needs == Needs::Target;
    // A rectification report takes its photos in the same step.
    let takes_photos = action == ActionKind::SubmitReport;
    let photos = RwSignal::new_local(Vec::<web_sys::File>::new());
    let sending = RwSignal::new(None::<(usize, usize)>);
    let open = move || draft.open.get() == Some(action);
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let summary_ref = NodeRef::<html::Div>::new();
    // Someone else moved the finding first: it as it now is.
    let reread = use_action(
        |id: &i64| api::findings::one(*id),
        move |answer| {
            if let Ok(detail) = answer {
                load.set(Load::Ready(Box::new(detail)));
            }
        },
    );
    let take = use_action(
        |(id, req): &(i64, ActionRequest)| api::findings::act(*id).call(req.clone()),
        move |answer| match answer {
            Ok(detail) => {
                draft.open.set(None);
                draft.comment.set(String::new());
                draft.deadline.set(String::new());
                draft.into.set(String::new());
                draft
                    .notice
                    .set(Some((i18n.s().done)(action_label(action, i18n.lang()))));
                load.set(Load::Ready(Box::new(detail)));
            }
            Err(e) if e.code() == Some(ErrorCode::Conflict) => {
                draft.notice.set(Some(i18n.s().stale.to_owned()));
                reread.dispatch(finding.with_value(|f| f.id));
            }
            Err(e) => {
                errors.set(e.field_errors(i18n.t(), i18n.lang()));
                crate::components::form::focus_summary(summary_ref);
            }
        },
    );
    let busy = Signal::derive(move || take.pending().get() || sending.get().is_some());
    let field_error = move |name: &str| {
        errors.with(|e| e.iter().find(|(f, _)| f == name).map(|(_, m)| m.clone()))
    };
    let summary = Signal::derive(move || {
        errors
            .get()
            .into_iter()
            .map(|(f, m)| {
                SummaryItem::field(format!("action-{}-{f}", action.as_str()), m, i18n.lang())
            })
            .collect::<Vec<_>>()
    });
    // Every finding it could be merged into, however many pages.
    let targets = Choices::new(move || {
        let unit = finding.with_value(|f| f.unit_id);
        let id = finding.with_value(|f| f.id);
        async move {
            if !target_needed {
                return Ok(Vec::new());
            }
            let all = api::findings::recorded_of(unit).await?;
            Ok(all
                .into_iter()
                .filter(|f| f.id != id && f.unit_id == unit)
                .collect())
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(me) = me.get_untracked() else { return };
        let f = finding.get_value();
        let text = draft.comment.get_untracked().trim().to_owned();
        let deadline_text = draft.deadline.get_untracked();
        let req = ActionRequest {
            action,
            comment: (!text.is_empty()).then_some(text),
            deadline: if deadline_needed {
                deadline_text.parse().ok()
            } else {
                None
            },
            into: if target_needed {
                draft.into.get_untracked().parse().ok()
            } else {
                None
            },
            version: f.version,
        };
        // The shared rules first: what they refuse is never sent.
        let lang = i18n.lang();
        if let Err(WorkflowError::Invalid(invalid)) = f.progress.apply(&req, me.role, today()) {
            errors.set(api::invalid_fields(&invalid, lang));
            crate::components::form::focus_summary(summary_ref);
            return;
        }
        errors.set(Vec::new());
        let files = photos.get_untracked();
        if files.is_empty() {
            take.dispatch((f.id, req));
            return;
        }
        // The photos first, each fitted for mobile data, so the office opens
        // the report with them; one refused stops the report, and those
        // already sent are not sent again.
        leptos::task::spawn_local(async move {
            let total = files.len();
            for (i, file) in files.into_iter().enumerate() {
                sending.set(Some((i + 1, total)));
                if let Err(e) = api::findings::send_evidence(f.id, file, |_| {}).await {
                    sending.set(None);
                    errors.set(vec![("photos".to_owned(), file_refused(&e, i18n))]);
                    crate::components::form::focus_summary(summary_ref);
                    return;
                }
                photos.update(|p| {
                    p.remove(0);
                });
            }
            sending.set(None);
            take.dispatch((f.id, req));
        });
    };
    let on_photos = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let list = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files());
        let files = list
            .map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
            .unwrap_or_default();
        photos.set(files);
    };

    let id = move |field: &str| format!("action-{}-{field}", action.as_str());
    view! {
        <div class="action">
            <button
                type="button"
                class="button action__toggle"
                class:button--secondary=move || !open()
                aria-expanded=move || open().to_string()
                on:click=move |_| {
                    draft.notice.set(None);
                    draft.open.set(if open() { None } else { Some(action) });
                }
            >
                {move || action_label(action, i18n.lang())}
            </button>
            <Show when=open>
                <form class="action__form" on:submit=submit novalidate>
                    <ErrorSummary items=summary node_ref=summary_ref />
                    <Show when=move || target_needed>
                        <div class="field" class:field--error=move || field_error("into").is_some()>
                            <label class="field__label" for=id("into")>{move || i18n.s().merge_into}</label>
                            {move || field_error("into").map(|e| view! { <p class="field__error">{e}</p> })}
                            {targets.notice()}
                            {move || {
                                let Some(list) = targets.ready() else {
                                    return ().into_any();
                                };
                                if list.is_empty() {
                                    view! { <p class="muted">{move || i18n.s().merge_none}</p> }.into_any()
                                } else {
                                    view! {
                                        <select class="field__input" id=id("into")
                                            on:change=move |ev| draft.into.set(event_target_value(&ev))>
                                            <option value="">"—"</option>
                                            {list.into_iter().map(|t| view! {
                                                <option value=t.id.to_string()>{format!("{} {}", t.code, t.title)}</option>
                                            }).collect_view()}
                                        </select>
                                    }
                                    .into_any()
                                }
                            }}
                        </div>
                    </Show>
                    <Show when=move || deadline_needed>
                        <div class="field" class:field--error=move || field_error("deadline").is_some()>
                            <label class="field__label" for=id("deadline")>{move || if action == ActionKind::RequestExtension {
                                i18n.s().extension_asked
                            } else {
                                i18n.s().deadline
                            }}</label>
                            <p class="field__hint">{move || i18n.s().deadline_hint}</p>
                            {move || field_error("deadline").map(|e| view! { <p class="field__error">{e}</p> })}
                            <crate::staff::deadline::DeadlineInput id=id("deadline") value=draft.deadline />
                        </div>
                    </Show>
                    <div class="field" class:field--error=move || field_error("comment").is_some()>
                        <label class="field__label" for=id("comment")>
                            {move || if comment_needed { i18n.s().comment } else { i18n.s().comment_optional }}
                        </label>
                        {move || field_error("comment").map(|e| view! { <p class="field__error">{e}</p> })}
                        <textarea class="field__input field__textarea" id=id("comment") rows="4"
                            prop:value=move || draft.comment.get()
                            on:input=move |ev| draft.comment.set(event_target_value(&ev))></textarea>
                    </div>
                    <Show when=move || takes_photos>
                        <div class="field" class:field--error=move || field_error("photos").is_some()>
                            <label class="field__label" for=id("photos")>{move || i18n.s().report_photos}</label>
                            <p class="field__hint" id=id("photos-hint")>{move || i18n.s().report_photos_hint}</p>
                            {move || field_error("photos").map(|e| view! { <p class="field__error">{e}</p> })}
                            <input class="field__file" type="file" id=id("photos") multiple accept="image/*,application/pdf"
                                aria-describedby=id("photos-hint") disabled=move || busy.get() on:change=on_photos />
                            {move || sending.get().map(|(n, of)| view! {
                                <p class="upload-progress" role="status">{(i18n.s().sending_file)(n, of)}</p>
                            })}
                        </div>
                    </Show>
                    <div class="action__buttons">
                        <button type="submit" class="button" disabled=move || busy.get()>
                            {move || if busy.get() { i18n.s().working } else { action_label(action, i18n.lang()) }}
                        </button>
                        <button type="button" class="link-button--plain" on:click=move |_| draft.open.set(None)>
                            {move || i18n.s().cancel}
                        </button>
                    </div>
                </form>
            </Show>
        </div>
    }
}

/// A file input for evidence, for those who take part in the workflow while
/// the finding is open; the finding reloads with the new file.
#[component]
fn EvidenceUpload(finding: Finding, me: Signal<Option<Me>>, load: RwSignal<Load>) -> impl IntoView {
    use wasm_bindgen::JsCast;
    let i18n = use_i18n();
    let may = move || {
        me.get().is_some_and(|m| {
            matches!(
                m.role,
                xiaoneng_domain::Role::Office
                    | xiaoneng_domain::Role::Inspector
                    | xiaoneng_domain::Role::Liaison
            )
        }) && !finding.progress.state.is_final()
    };
    let status = expect_context::<ActionDraft>().upload;
    let sent_pct = RwSignal::new(0u32);
    let id = finding.id;
    let reread = use_action(
        |id: &i64| api::findings::one(*id),
        move |answer| {
            if let Ok(detail) = answer {
                load.set(Load::Ready(Box::new(detail)));
            }
        },
    );
    let upload = use_action(
        move |file: &web_sys::File| {
            let file = file.clone();
            api::findings::send_evidence(id, file, move |pct| sent_pct.set(pct))
        },
        move |answer| match answer {
            Ok(e) => {
                status.set(Some(Ok((i18n.s().uploaded)(&e.file_name))));
                reread.dispatch(id);
            }
            Err(e) => status.set(Some(Err(file_refused(&e, i18n)))),
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
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        status.set(None);
        sent_pct.set(0);
        upload.dispatch(file);
    };
    view! {
        <Show when=may>
            <div class="field upload" class:field--error=move || matches!(status.get(), Some(Err(_)))>
                <label class="field__label" for="evidence-file">{move || i18n.s().add_evidence}</label>
                <p class="field__hint" id="evidence-file-hint">{move || i18n.s().add_evidence_hint}</p>
                {move || match status.get() {
                    Some(Err(m)) => view! { <p class="field__error" role="alert">{m}</p> }.into_any(),
                    Some(Ok(m)) => view! { <p class="upload__done" role="status">{m}</p> }.into_any(),
                    None => ().into_any(),
                }}
                <input
                    id="evidence-file"
                    class="field__file"
                    type="file"
                    accept="image/*,application/pdf"
                    aria-describedby="evidence-file-hint"
                    disabled=move || busy.get()
                    on:change=on_change
                />
                <Show when=move || busy.get()>
                    <div class="upload-progress" role="status">
                        <progress max="100" value=move || sent_pct.get().to_string() aria-label=move || i18n.s().uploading></progress>
                        <span>{move || (i18n.f().uploaded_pct)(sent_pct.get())}</span>
                    </div>
                </Show>
            </div>
        </Show>
    }
}

/// Why an evidence file was not taken: the server's word on the file, or
/// what went wrong with the request.
fn file_refused(e: &api::ApiError, i18n: crate::texts::I18n) -> String {
    e.field("file")
        .unwrap_or_else(|| e.describe(i18n.t(), i18n.lang()))
}

/// Who acted, as the reader may know it: a unit reads "the office" in its
/// language for whoever acted before its finding was fed back to it (the
/// server sends no id then: `access::conceal_before_feed_back`).
fn actor(id: i64, name: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        if id == 0 {
            i18n.s().concealed_actor.to_owned()
        } else if id == xiaoneng_domain::access::SYSTEM_ACTOR {
            i18n.s().system_actor.to_owned()
        } else {
            name.clone()
        }
    }
}

/// One corrected fact, in words: 严重程度：一般 → 严重.
fn change_line(c: &xiaoneng_domain::record::FieldChange, lang: xiaoneng_domain::Lang) -> String {
    use xiaoneng_domain::record::{Dimension, Severity};
    let s = crate::texts::staff::staff_texts(lang);
    let name = match c.field.as_str() {
        "title" => s.finding_title_label,
        "dimension" => s.dimension,
        "severity" => s.severity,
        "observed_on" => s.observed_on,
        "people" => s.people,
        _ => s.description,
    };
    let show = |v: &str| -> String {
        match c.field.as_str() {
            "dimension" => Dimension::parse(v).map_or(v.to_owned(), |d| d.label(lang).to_owned()),
            "severity" => Severity::parse(v).map_or(v.to_owned(), |d| d.label(lang).to_owned()),
            _ if v.is_empty() => "—".to_owned(),
            _ => v.to_owned(),
        }
    };
    let colon = lang.colon();
    format!("{name}{colon}{} → {}", show(&c.before), show(&c.after))
}

/// The office's correction of the facts, the people involved among them.
#[component]
fn CorrectionForm(finding: Finding, load: RwSignal<Load>) -> impl IntoView {
    use xiaoneng_domain::record::{Dimension, FindingCorrection, Severity};
    let i18n = use_i18n();
    let form = crate::components::form_state::FormState::new("correct");
    let title = RwSignal::new(finding.title.clone());
    let description = RwSignal::new(finding.description.clone());
    let dimension = RwSignal::new(finding.dimension);
    let severity = RwSignal::new(finding.severity);
    let observed_on = RwSignal::new(finding.observed_on.to_string());
    let reason = RwSignal::new(String::new());
    let people = RwSignal::new(
        finding
            .people
            .iter()
            .map(|p| (p.name.clone(), p.post.clone()))
            .collect::<Vec<_>>(),
    );
    let current = StoredValue::new(finding);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = current.get_value();
        let observed = observed_on.get_untracked().parse().unwrap_or(f.observed_on);
        let req = FindingCorrection {
            dimension: dimension.get_untracked(),
            severity: severity.get_untracked(),
            title: title.get_untracked().trim().to_owned(),
            description: description.get_untracked().trim().to_owned(),
            observed_on: observed,
            people: people
                .get_untracked()
                .into_iter()
                .filter(|(name, post)| !(name.trim().is_empty() && post.trim().is_empty()))
                .map(|(name, post)| xiaoneng_domain::record::PersonInvolved {
                    name: name.trim().to_owned(),
                    post: post.trim().to_owned(),
                })
                .collect(),
            reason: reason.get_untracked().trim().to_owned(),
            version: f.version,
        };
        let checked = req.validate(&f, today());
        form.send(
            checked,
            api::findings::correct(f.id),
            req,
            None,
            move |detail: FindingDetail| {
                form.succeed(i18n.s().correct_done);
                load.set(Load::Ready(Box::new(detail)));
            },
        );
    };
    let error_for = move |f: &'static str| form.error(f).get();
    let ids = (
        form.id("title"),
        form.id("dimension"),
        form.id("severity"),
        form.id("observed_on"),
        form.id("description"),
        form.id("reason"),
    );
    let (title_id, dimension_id, severity_id, observed_id, description_id, reason_id) = ids;
    view! {
        <details class="panel">
            <summary class="panel__summary">{move || i18n.s().correct_title}</summary>
            <form class="panel__body" on:submit=submit novalidate>
                <p class="muted">{move || i18n.s().correct_lead}</p>
                <ErrorSummary items=form.summary() node_ref=form.summary_ref />
                <crate::components::form::TextField id=title_id label=Signal::derive(move || i18n.s().finding_title_label)
                    error=form.error("title") value=title />
                <div class="field">
                    <label class="field__label" for=dimension_id.clone()>{move || i18n.s().dimension}</label>
                    <select class="field__input" id=dimension_id
                        on:change=move |ev| if let Some(d) = Dimension::parse(&event_target_value(&ev)) { dimension.set(d) }>
                        {Dimension::ALL.into_iter().map(|d| view! {
                            <option value=d.as_str() selected=move || dimension.get() == d>{move || d.label(i18n.lang())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="field__label" for=severity_id.clone()>{move || i18n.s().severity}</label>
                    <select class="field__input" id=severity_id
                        on:change=move |ev| if let Some(v) = Severity::parse(&event_target_value(&ev)) { severity.set(v) }>
                        {Severity::ALL.into_iter().map(|v| view! {
                            <option value=v.as_str() selected=move || severity.get() == v>{move || v.label(i18n.lang())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field" class:field--error=move || error_for("observed_on").is_some()>
                    <label class="field__label" for=observed_id.clone()>{move || i18n.s().observed_on}</label>
                    {move || error_for("observed_on").map(|e| view! { <p class="field__error">{e}</p> })}
                    <input class="field__input" type="date" id=observed_id prop:value=move || observed_on.get()
                        on:input=move |ev| observed_on.set(event_target_value(&ev)) />
                </div>
                <div class="field" class:field--error=move || error_for("description").is_some()>
                    <label class="field__label" for=description_id.clone()>{move || i18n.s().description}</label>
                    {move || error_for("description").map(|e| view! { <p class="field__error">{e}</p> })}
                    <textarea class="field__input" id=description_id rows="4" prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </div>
                <fieldset class="field" class:field--error=move || error_for("people").is_some()>
                    <legend class="field__label">{move || i18n.s().people}</legend>
                    {move || error_for("people").map(|e| view! { <p class="field__error">{e}</p> })}
                    {move || (0..people.with(Vec::len)).map(|i| {
                        let row_error = move |part: &str| {
                            let key = format!("people[{i}].{part}");
                            form.errors.with(|e| e.iter().find(|(f, _)| *f == key).map(|(_, m)| m.clone()))
                        };
                        let (name_id, post_id) = (form.id(&format!("people[{i}].name")), form.id(&format!("people[{i}].post")));
                        let cell = move |i: usize, post: bool| move || people.with(|p| p.get(i).map(|(n, t)| if post { t.clone() } else { n.clone() }).unwrap_or_default());
                        view! {
                            <div class="person-row">
                                <div class="field field--compact" class:field--error=move || row_error("name").is_some()>
                                    <label class="field__label" for=name_id.clone()>{move || i18n.s().person_name_short}</label>
                                    {move || row_error("name").map(|e| view! { <p class="field__error">{e}</p> })}
                                    <input class="field__input" id=name_id prop:value=cell(i, false)
                                        on:input=move |ev| { let v = event_target_value(&ev); people.update(|p| if let Some(r) = p.get_mut(i) { r.0 = v }) } />
                                </div>
                                <div class="field field--compact" class:field--error=move || row_error("post").is_some()>
                                    <label class="field__label" for=post_id.clone()>{move || i18n.s().person_post}</label>
                                    {move || row_error("post").map(|e| view! { <p class="field__error">{e}</p> })}
                                    <input class="field__input" id=post_id prop:value=cell(i, true)
                                        on:input=move |ev| { let v = event_target_value(&ev); people.update(|p| if let Some(r) = p.get_mut(i) { r.1 = v }) } />
                                </div>
                                <button type="button" class="link-button--plain"
                                    on:click=move |_| people.update(|p| { if i < p.len() { p.remove(i); } })>
                                    {move || i18n.s().remove_person}
                                </button>
                            </div>
                        }
                    }).collect_view()}
                    <button type="button" class="button button--secondary"
                        on:click=move |_| people.update(|p| p.push((String::new(), String::new())))>
                        {move || i18n.s().add_person}
                    </button>
                </fieldset>
                <div class="field" class:field--error=move || error_for("reason").is_some()>
                    <label class="field__label" for=reason_id.clone()>{move || i18n.s().correct_reason}</label>
                    {move || error_for("reason").map(|e| view! { <p class="field__error">{e}</p> })}
                    <textarea class="field__input" id=reason_id rows="3" prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </div>
                <div class="action__buttons">
                    <button type="submit" class="button" disabled=move || form.busy.get()>{move || i18n.s().correct_send}</button>
                    <p class="form-done" role="status">{move || form.done.get()}</p>
                </div>
            </form>
        </details>
    }
}
