use chrono::Days;
use proptest::prelude::*;

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 6, 24).unwrap()
}

fn later(days: u64) -> NaiveDate {
    today().checked_add_days(Days::new(days)).unwrap()
}

/// A request that satisfies what `action` needs, given where the finding stands.
fn well_formed(action: ActionKind, at: &Progress) -> ActionRequest {
    let rule = rule(action);
    let deadline = match rule.needs {
        Needs::Deadline => Some(later(10)),
        Needs::DeadlineAndComment => Some(
            at.rectify_by
                .unwrap_or(today())
                .checked_add_days(Days::new(5))
                .unwrap(),
        ),
        _ => None,
    };
    let comment = matches!(rule.needs, Needs::Comment | Needs::DeadlineAndComment)
        .then(|| "已核实，情况属实".to_owned());
    ActionRequest {
        action,
        comment,
        deadline,
        version: 1,
        into: (rule.needs == Needs::Target).then_some(2),
    }
}

fn progress(state: FindingState, extension: bool) -> Progress {
    Progress {
        state,
        verify_by: Some(later(5)),
        rectify_by: Some(later(20)),
        extension_requested: extension.then(|| later(30)),
    }
}

#[test]
fn every_role_state_and_action_follows_the_table() {
    for state in FindingState::ALL {
        for extension in [false, true] {
            let at = progress(state, extension);
            for action in ActionKind::ALL {
                for role in Role::ALL {
                    let rule = rule(action);
                    let result = at.apply(&well_formed(action, &at), role, today());
                    let expected = rule.by.contains(&role)
                        && rule.from.contains(&state)
                        && at.precondition(action, today()).is_ok();
                    assert_eq!(
                        result.is_ok(),
                        expected,
                        "{action:?} by {role:?} from {state:?} (extension {extension}): {result:?}"
                    );
                    assert_eq!(at.available(role, today()).contains(&action), expected);
                    if let Ok(next) = result {
                        assert_eq!(next.state, rule.to.unwrap_or(state));
                    }
                }
            }
        }
    }
}

#[test]
fn the_whole_life_of_a_finding() {
    let office = Role::Office;
    let unit = Role::Liaison;
    let mut p = Progress::NEW;
    let mut step =
        |action: ActionKind, role: Role, comment: Option<&str>, deadline: Option<NaiveDate>| {
            let req = ActionRequest {
                action,
                comment: comment.map(str::to_owned),
                deadline,
                version: 1,
                into: None,
            };
            p = p
                .apply(&req, role, today())
                .unwrap_or_else(|e| panic!("{action:?}: {e:?}"));
            p
        };
    assert_eq!(
        step(ActionKind::FeedBack, office, None, Some(later(8))).verify_by,
        Some(later(8))
    );
    step(
        ActionKind::ReportVerification,
        unit,
        Some("经查，窗口工作人员离岗未放置告示牌"),
        None,
    );
    step(ActionKind::Substantiate, office, Some("查实"), None);
    assert_eq!(
        step(
            ActionKind::OrderRectification,
            office,
            None,
            Some(later(14))
        )
        .rectify_by,
        Some(later(14))
    );
    assert_eq!(
        step(
            ActionKind::RequestExtension,
            unit,
            Some("需采购设备"),
            Some(later(20))
        )
        .extension_requested,
        Some(later(20))
    );
    let approved = step(ActionKind::ApproveExtension, office, None, None);
    assert_eq!(
        (approved.rectify_by, approved.extension_requested),
        (Some(later(20)), None)
    );
    step(
        ActionKind::SubmitReport,
        unit,
        Some("已整改，补充告示牌并开展警示教育"),
        None,
    );
    assert_eq!(
        step(ActionKind::Return, office, Some("缺少整改照片"), None).state,
        FindingState::Rectifying
    );
    step(ActionKind::SubmitReport, unit, Some("已补充整改照片"), None);
    assert_eq!(
        step(ActionKind::Accept, office, None, None).state,
        FindingState::Closed
    );
}

#[test]
fn input_is_checked_after_role_and_state() {
    let at = Progress::NEW;
    let bare = |action, comment: Option<&str>, deadline| ActionRequest {
        action,
        comment: comment.map(str::to_owned),
        deadline,
        version: 1,
        into: None,
    };
    let refused = |req: ActionRequest, role| match at.apply(&req, role, today()) {
        Err(WorkflowError::Invalid(inv)) => inv,
        other => panic!("expected invalid input, got {other:?}"),
    };
    let inv = refused(bare(ActionKind::FeedBack, None, None), Role::Office);
    assert_eq!(inv.reason("deadline"), Some(&Reason::Required));
    let yesterday = today().pred_opt().unwrap();
    let inv = refused(
        bare(ActionKind::FeedBack, None, Some(yesterday)),
        Role::Office,
    );
    assert_eq!(inv.reason("deadline"), Some(&Reason::InThePast));
    let long = "字".repeat(COMMENT_MAX_CHARS + 1);
    let inv = refused(
        bare(ActionKind::FeedBack, Some(&long), Some(later(3))),
        Role::Office,
    );
    assert_eq!(
        inv.reason("comment"),
        Some(&Reason::TooLong {
            max: COMMENT_MAX_CHARS
        })
    );
    assert_eq!(
        at.apply(
            &bare(ActionKind::FeedBack, None, Some(yesterday)),
            Role::Liaison,
            today()
        ),
        Err(WorkflowError::Forbidden),
        "a role that may never act learns nothing about the input"
    );

    let rectifying = progress(FindingState::Rectifying, false);
    let req = bare(
        ActionKind::RequestExtension,
        Some("原因"),
        rectifying.rectify_by,
    );
    match rectifying.apply(&req, Role::Liaison, today()) {
        Err(WorkflowError::Invalid(inv)) => assert_eq!(
            inv.reason("deadline"),
            Some(&Reason::NotAfterCurrentDeadline)
        ),
        other => panic!("{other:?}"),
    }
    let substantiated = progress(FindingState::FedBack, false);
    let req = bare(ActionKind::Substantiate, Some("查实"), Some(later(3)));
    match substantiated.apply(&req, Role::Office, today()) {
        Err(WorkflowError::Invalid(inv)) => {
            assert_eq!(inv.reason("deadline"), Some(&Reason::NotExpected))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn requests_parse_strictly() {
    let ok: ActionRequest =
        serde_json::from_str(r#"{"action":"feed_back","deadline":"2020-07-02","version":3}"#)
            .unwrap();
    assert_eq!(ok.deadline, NaiveDate::from_ymd_opt(2020, 7, 2));
    assert!(
        serde_json::from_str::<ActionRequest>(r#"{"action":"feed_back","version":3,"extra":1}"#)
            .is_err()
    );
    assert!(serde_json::from_str::<ActionRequest>(r#"{"action":"delete","version":3}"#).is_err());
    assert!(
        serde_json::from_str::<ActionRequest>(
            r#"{"action":"feed_back","deadline":"02/07/2020","version":3}"#
        )
        .is_err()
    );
}

#[test]
fn actions_are_named_as_on_the_wire() {
    for action in ActionKind::ALL {
        assert_eq!(ActionKind::parse(action.as_str()), Some(action));
        assert_eq!(serde_json::to_value(action).unwrap(), action.as_str());
    }
}

#[test]
fn states_have_names_and_labels() {
    for state in FindingState::ALL {
        assert_eq!(FindingState::parse(state.as_str()), Some(state));
        assert_eq!(serde_json::to_value(state).unwrap(), state.as_str());
        assert_ne!(state.label(Lang::ZhCn), state.label(Lang::En));
    }
}

/// One random step: any action, mostly by a role allowed to take it (so
/// walks get deep into the workflow), sometimes by anyone; input mostly
/// well formed, sometimes missing, blank or in the past.
#[derive(Debug, Clone)]
struct Step {
    action: ActionKind,
    role: Role,
    comment: Option<bool>,
    deadline: Option<i64>,
}

fn any_step() -> impl Strategy<Value = Step> {
    (
        proptest::sample::select(ActionKind::ALL.to_vec()),
        0usize..10,
        proptest::sample::select(Role::ALL.to_vec()),
        prop_oneof![8 => Just(Some(true)), 1 => Just(Some(false)), 1 => Just(None)],
        prop_oneof![8 => (1i64..40).prop_map(Some), 1 => (-3i64..1).prop_map(Some), 1 => Just(None)],
    )
        .prop_map(|(action, pick, anyone, comment, deadline)| {
            let allowed = rule(action).by;
            let role = if pick < 8 && !allowed.is_empty() { allowed[pick % allowed.len()] } else { anyone };
            // Mostly a deadline only where one belongs.
            let takes_deadline = matches!(rule(action).needs, Needs::Deadline | Needs::DeadlineAndComment);
            let deadline = if takes_deadline || pick >= 8 { deadline } else { None };
            Step { action, role, comment, deadline }
        })
}

/// Walks `steps` from a new finding, checking every rule after every step;
/// returns the states visited.
fn walk(steps: &[Step]) -> Result<Vec<FindingState>, TestCaseError> {
    let mut p = Progress::NEW;
    let mut taken: Vec<ActionKind> = Vec::new();
    let mut visited = vec![p.state];
    for step in steps {
        let deadline = |rel: i64| match rel {
            r if r < 0 => today()
                .checked_sub_days(Days::new(r.unsigned_abs()))
                .unwrap(),
            r => later(r as u64),
        };
        let req = ActionRequest {
            action: step.action,
            comment: step.comment.map(|full| {
                if full {
                    "情况说明".to_owned()
                } else {
                    "  ".to_owned()
                }
            }),
            // Extensions ask relative to the current deadline, as a unit would.
            deadline: step.deadline.map(|rel| match (step.action, p.rectify_by) {
                (ActionKind::RequestExtension, Some(current)) if rel > 0 => {
                    current.checked_add_days(Days::new(rel as u64)).unwrap()
                }
                _ => deadline(rel),
            }),
            version: 1,
            into: (step.action == ActionKind::Merge && step.comment != Some(false)).then_some(2),
        };
        let before = p;
        match p.apply(&req, step.role, today()) {
            Ok(next) => {
                let rule = rule(step.action);
                prop_assert!(
                    rule.by.contains(&step.role),
                    "{:?} took {:?}",
                    step.role,
                    step.action
                );
                prop_assert!(rule.from.contains(&before.state));
                prop_assert!(
                    !before.state.is_final()
                        || next.state == before.state
                        || step.action == ActionKind::Reopen,
                    "a final state moved"
                );
                prop_assert!(step.role != Role::Leader && step.role != Role::Admin);
                p = next;
                taken.push(step.action);
                visited.push(p.state);
            }
            Err(_) => prop_assert_eq!(p, before),
        }
        if matches!(p.state, S::FedBack | S::Verified) {
            prop_assert!(p.verify_by.is_some());
        }
        if matches!(p.state, S::Rectifying | S::ReportSubmitted | S::Closed) {
            prop_assert!(p.rectify_by.is_some());
            prop_assert!(taken.contains(&ActionKind::Substantiate));
        }
        if p.extension_requested.is_some() {
            prop_assert!(matches!(p.state, S::Rectifying | S::ReportSubmitted));
            prop_assert!(p.extension_requested > p.rectify_by);
        }
        if p.state == S::Closed {
            for needed in [
                ActionKind::FeedBack,
                ActionKind::Substantiate,
                ActionKind::OrderRectification,
                ActionKind::SubmitReport,
                ActionKind::Accept,
            ] {
                prop_assert!(taken.contains(&needed), "closed without {:?}", needed);
            }
        }
        if p.state == S::Unfounded {
            // Not substantiated since it was last (re)opened.
            let since = taken
                .iter()
                .rposition(|a| *a == ActionKind::Reopen)
                .map_or(0, |i| i + 1);
            prop_assert!(!taken[since..].contains(&ActionKind::Substantiate));
        }
        if p.state == S::Merged {
            // Merged before anyone outside the office saw it.
            prop_assert!(!taken.contains(&ActionKind::FeedBack));
            prop_assert!(taken.contains(&ActionKind::Merge));
        }
    }
    Ok(visited)
}

fn walks() -> impl Strategy<Value = Vec<Step>> {
    proptest::collection::vec(any_step(), 1..60)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// No sequence of actions, by anyone, with any input, reaches a state the rules forbid.
    #[test]
    fn no_sequence_breaks_the_rules(steps in walks()) {
        walk(&steps)?;
    }
}

/// The walks above do reach every state (a property test that never got
/// past "recorded" would prove little).
#[test]
fn random_walks_reach_every_state() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..500 {
        let steps = walks().new_tree(&mut runner).unwrap().current();
        seen.extend(walk(&steps).unwrap());
    }
    assert_eq!(
        seen.into_iter().collect::<Vec<_>>(),
        FindingState::ALL.to_vec()
    );
}

#[test]
fn only_a_finding_past_its_running_deadline_is_urged() {
    let urge = ActionRequest {
        action: ActionKind::Urge,
        comment: None,
        deadline: None,
        into: None,
        version: 1,
    };
    for (state, by, overdue) in [
        (FindingState::FedBack, Some(later(0)), false),
        (
            FindingState::FedBack,
            Some(today().pred_opt().unwrap()),
            true,
        ),
        (
            FindingState::Rectifying,
            Some(today().pred_opt().unwrap()),
            true,
        ),
        (FindingState::Rectifying, None, false),
    ] {
        let at = Progress {
            state,
            verify_by: by,
            rectify_by: by,
            extension_requested: None,
        };
        let result = at.apply(&urge, Role::Office, today());
        if overdue {
            assert_eq!(result, Ok(at), "urging changes nothing but the timeline");
            assert!(
                at.available(Role::Office, today())
                    .contains(&ActionKind::Urge)
            );
        } else {
            assert_eq!(result, Err(WorkflowError::NotOverdue), "{state:?} {by:?}");
            assert!(
                !at.available(Role::Office, today())
                    .contains(&ActionKind::Urge)
            );
        }
        assert_eq!(
            at.apply(&urge, Role::Liaison, today()),
            Err(WorkflowError::Forbidden)
        );
    }
}
