//! Who may do what, written once as data: the role sets each endpoint
//! admits (the server refuses other roles with 403 before reading a body;
//! the browser's navigation offers a page to the same roles), and the
//! reach of a caller over findings, decisions, rounds and visits, staff
//! records and bulletins — granted, refused (403), or hidden (404: the
//! caller must not learn the record exists). The server loads the caller's
//! unit tree once and asks here; nothing else decides.

use serde::{Deserialize, Serialize};

use crate::Role;
use crate::bulletin::BulletinState;
use crate::error::ErrorCode;
use crate::finding::FindingState;

/// Keeps user accounts and the unit tree.
pub const ADMIN_ONLY: &[Role] = &[Role::Admin];
/// Imports staff lists.
pub const STAFF_IMPORTERS: &[Role] = &[Role::Admin, Role::Office];
/// Decides accountability, reads citizen reports, plans the office's rounds.
pub const OFFICE_ONLY: &[Role] = &[Role::Office];
/// Records findings.
pub const RECORDERS: &[Role] = &[Role::Office, Role::Inspector];
/// Take part in a finding's workflow (which step, the workflow decides).
pub const ACTORS: &[Role] = &[Role::Office, Role::Inspector, Role::Liaison];
/// Read findings (each within their reach: [`finding`]).
pub const FINDING_READERS: &[Role] = &[Role::Office, Role::Leader, Role::Inspector, Role::Liaison];
/// Read accountability decisions (a liaison: about people of their tree).
pub const DECISION_READERS: &[Role] = &[Role::Office, Role::Leader, Role::Liaison];
/// Read appeals (a liaison: those of their units' tree).
pub const APPEAL_READERS: &[Role] = &[Role::Office, Role::Leader, Role::Liaison];
/// Review appeals (which ones, the office's setting says: `appeal::AppealSettings::reviewers`).
pub const APPEAL_REVIEWERS: &[Role] = &[Role::Office, Role::Leader];
/// Keep the holiday calendar.
pub const CALENDAR_KEEPERS: &[Role] = &[Role::Office, Role::Admin];
/// Read checklist templates (liaisons run them in their units' own rounds).
pub const CHECKLIST_READERS: &[Role] =
    &[Role::Office, Role::Inspector, Role::Liaison, Role::Leader];
/// Plan rounds: the office its own, a liaison their units' self- and mutual inspections.
pub const PLANNERS: &[Role] = &[Role::Office, Role::Liaison];
/// See visits (an inspector only theirs, a liaison their units' own
/// rounds' and those they inspect) and run inspections.
pub const FIELD: &[Role] = &[Role::Office, Role::Inspector, Role::Liaison];
/// Read bulletins (the office and leaders every one, others the published).
pub const BULLETIN_READERS: &[Role] = &[Role::Office, Role::Inspector, Role::Liaison, Role::Leader];
/// Read every bulletin in every state (the staff bulletin list), and take
/// a bulletin's workflow steps (which ones: `bulletin::BulletinAction::allowed`).
pub const EVERY_BULLETIN: &[Role] = &[Role::Office, Role::Leader];
/// The administration pages: accounts and units for administrators; the
/// calendar, staff lists, supervisors and commitments for the office.
pub const ADMIN_AREA: &[Role] = &[Role::Admin, Role::Office];
/// A unit's own work: its self- and mutual inspections, its staff and posts.
pub const UNIT_LIAISONS: &[Role] = &[Role::Liaison];
/// Keep a unit's staff, posts and away notices (a liaison: their own units).
pub const KEEPERS: &[Role] = &[Role::Admin, Role::Office, Role::Liaison];
/// Read statistics and exports.
pub const ANALYSTS: &[Role] = &[Role::Office, Role::Leader];
/// Keep the supervisors' roster and the commitment letters.
pub const OVERSIGHT_KEEPERS: &[Role] = &[Role::Office, Role::Admin];
/// Read the supervisors' roster and their assessments.
pub const OVERSIGHT_READERS: &[Role] = &[Role::Office, Role::Admin, Role::Leader];

/// What a caller may learn of one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Access {
    Granted,
    /// The caller's role never may (403).
    Refused,
    /// Outside the caller's reach: answered as if it did not exist (404).
    Hidden,
}

impl Access {
    /// `Ok` when granted, else the error the API answers.
    pub fn check(self) -> Result<(), ErrorCode> {
        match self {
            Access::Granted => Ok(()),
            Access::Refused => Err(ErrorCode::Forbidden),
            Access::Hidden => Err(ErrorCode::NotFound),
        }
    }

    pub fn granted(self) -> bool {
        self == Access::Granted
    }
}

/// How far a caller sees findings: everything, what they recorded, or the
/// findings fed back to the units of their tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    All,
    RecordedBy(i64),
    /// The root of the liaison's tree and every unit in it, and the
    /// liaison (who sees what they recorded themselves in a unit's own
    /// inspection before it is fed back).
    Units {
        root: i64,
        ids: Vec<i64>,
        user: i64,
    },
}

/// A caller's reach over findings; `tree` is a liaison's unit and every
/// unit under it, loaded once per request. Administrators see no findings
/// (403), nor does a liaison without a unit.
pub fn finding_reach(
    role: Role,
    user: i64,
    tree: Option<(i64, Vec<i64>)>,
) -> Result<Reach, ErrorCode> {
    match (role, tree) {
        (Role::Office | Role::Leader, _) => Ok(Reach::All),
        (Role::Inspector, _) => Ok(Reach::RecordedBy(user)),
        (Role::Liaison, Some((root, ids))) => Ok(Reach::Units { root, ids, user }),
        (Role::Liaison, None) | (Role::Admin, _) => Err(ErrorCode::Forbidden),
    }
}

/// What a finding tells of itself for the access rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FindingFacts {
    pub unit_id: i64,
    pub recorded_by: i64,
    pub state: FindingState,
}

/// Whether a caller of `reach` may see the finding. Outside the reach it is
/// hidden (404): a unit never learns of a finding not yet fed back to it —
/// unless its liaison recorded it (a self-inspection's) — nor of another unit's.
pub fn finding(reach: &Reach, f: FindingFacts) -> Access {
    let sees = match reach {
        Reach::All => true,
        Reach::RecordedBy(id) => f.recorded_by == *id,
        Reach::Units { ids, user, .. } => {
            ids.contains(&f.unit_id)
                && (f.state.visible_to_unit()
                    || (f.recorded_by == *user && f.state != FindingState::Merged))
        }
    };
    if sees {
        Access::Granted
    } else {
        Access::Hidden
    }
}

/// The states a role finds findings in, in the order of the workflow: what
/// its list filters offer. A unit never sees a finding merged into another;
/// one not yet fed back it sees only if its own liaison recorded it (a
/// self-inspection's), so `Recorded` stays.
pub fn finding_states(role: Role) -> impl Iterator<Item = FindingState> {
    FindingState::ALL
        .into_iter()
        .filter(move |s| role != Role::Liaison || *s != FindingState::Merged)
}

/// The units a caller's findings can be in, out of `units` (id, parent):
/// a liaison's own unit and those under it; every unit for anyone else.
pub fn finding_units(role: Role, own_unit: Option<i64>, units: &[(i64, Option<i64>)]) -> Vec<i64> {
    units
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| match (role, own_unit) {
            (Role::Liaison, Some(root)) => crate::unit::is_within(units, *id, root),
            (Role::Liaison, None) => false,
            _ => true,
        })
        .collect()
}

/// Which decisions a role reads: `Ok(None)` all of them, `Ok(Some(root))`
/// those about people of the tree under `root` (a liaison), or refused.
pub fn decision_scope(role: Role, own_unit: Option<i64>) -> Result<Option<i64>, ErrorCode> {
    match role {
        Role::Office | Role::Leader => Ok(None),
        Role::Liaison => own_unit.map(Some).ok_or(ErrorCode::Forbidden),
        Role::Inspector | Role::Admin => Err(ErrorCode::Forbidden),
    }
}

/// What a caller does with a round, its batches, visits and inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanUse {
    Read,
    /// Answer a visit's checklist.
    Inspect,
    /// Change the plan: the round, its batches and visits.
    Plan,
}

/// What a round, or one of its visits, tells of itself for the access rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanFacts {
    /// The unit running it (its self- or mutual inspection); `None`: the office's.
    pub owner: Option<i64>,
    /// The caller inspects this visit (never, for a round itself).
    pub assigned: bool,
}

/// Whether a caller may use a round or visit so; `tree` is a liaison's
/// unit and every unit under it. The office plans its own rounds and reads
/// the units' (it does not change them: 403). An office round is hidden
/// (404) from every unit, so that an unannounced visit looks like no visit at
/// all; an inspector sees only the office's visits assigned to them. A
/// liaison plans their tree's rounds and runs the visits they inspect in
/// another unit's mutual inspection, which they may not change (403).
pub fn plan(role: Role, tree: &[i64], f: PlanFacts, usage: PlanUse) -> Access {
    let runs = usage != PlanUse::Plan;
    match (role, f.owner) {
        (Role::Office, None) => Access::Granted,
        (Role::Office, Some(_)) if usage == PlanUse::Read => Access::Granted,
        (Role::Inspector, None) if f.assigned && runs => Access::Granted,
        (Role::Inspector, None) if !f.assigned => Access::Hidden,
        (Role::Liaison, Some(owner)) => {
            if tree.contains(&owner) || (f.assigned && runs) {
                Access::Granted
            } else if f.assigned {
                Access::Refused
            } else {
                Access::Hidden
            }
        }
        (Role::Liaison, None) | (Role::Inspector, Some(_)) => Access::Hidden,
        _ => Access::Refused,
    }
}

/// Whether a caller may read (`write` false) or keep the staff, posts and
/// away notices of `unit`. The office and administrators keep every unit's,
/// inspectors and leaders read them; a liaison keeps their own tree's and
/// reads those of a unit they inspect in a mutual inspection (`inspects`:
/// what they check on site). Another unit's are hidden (404).
pub fn staff(role: Role, tree: &[i64], unit: i64, inspects: bool, write: bool) -> Access {
    match role {
        Role::Office | Role::Admin => Access::Granted,
        Role::Inspector | Role::Leader if !write => Access::Granted,
        Role::Inspector | Role::Leader => Access::Refused,
        Role::Liaison if tree.contains(&unit) || (inspects && !write) => Access::Granted,
        Role::Liaison => Access::Hidden,
    }
}

/// Whether a caller may read a bulletin in `state`: the office and leaders
/// every one; inspectors and liaisons only what citizens read too (published
/// or retracted), a draft or one waiting for sign-off being hidden (404).
pub fn bulletin(role: Role, state: BulletinState) -> Access {
    match role {
        Role::Office | Role::Leader => Access::Granted,
        Role::Inspector | Role::Liaison
            if matches!(state, BulletinState::Published | BulletinState::Retracted) =>
        {
            Access::Granted
        }
        Role::Inspector | Role::Liaison => Access::Hidden,
        Role::Admin => Access::Refused,
    }
}

/// The name the API gives in place of whoever acted on a unit's finding
/// before it was fed back to the unit (with id 0, by which the app shows
/// the same in the reader's language).
pub const CONCEALED_ACTOR: &str = "效能办";

/// The actor of a step no person took (the escalation ladder's), on a
/// finding's timeline.
pub const SYSTEM_ACTOR: i64 = -1;

/// What a unit may not learn of a finding's life before it was fed back
/// to it: who inspected (a covert inspector's name), who recorded it and
/// took its photos, and what the office noted among itself then. Everything
/// from the feed-back on — and anything the viewer did themselves — stays.
pub fn conceal_before_feed_back(
    viewer: i64,
    finding: &mut crate::record::Finding,
    timeline: &mut [crate::record::FindingEvent],
    evidence: &mut [crate::record::Evidence],
) {
    let fed_back = timeline
        .iter()
        .find(|e| e.to_state == FindingState::FedBack)
        .map(|e| e.at);
    let before = |at: chrono::DateTime<chrono::Utc>| fed_back.is_none_or(|f| at < f);
    if finding.recorded_by != viewer {
        finding.recorded_by = 0;
    }
    for event in timeline.iter_mut() {
        if before(event.at) && event.actor_id != viewer {
            event.actor_id = 0;
            event.actor_name = CONCEALED_ACTOR.to_owned();
            event.comment = None;
        }
    }
    for file in evidence.iter_mut() {
        if before(file.uploaded_at) && file.uploaded_by != viewer {
            file.uploaded_by = 0;
            file.uploaded_by_name = CONCEALED_ACTOR.to_owned();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: i64 = 7;
    const OTHER: i64 = 8;
    /// A liaison's tree: unit 10 with sub-units 11 and 12.
    fn tree() -> (i64, Vec<i64>) {
        (10, vec![10, 11, 12])
    }

    #[test]
    fn a_liaisons_filters_offer_only_what_it_can_see() {
        // Every state a liaison's finding can be in is offered, and only those.
        let reach = Reach::Units {
            root: 10,
            ids: vec![10, 11, 12],
            user: ME,
        };
        let offered: Vec<_> = finding_states(Role::Liaison).collect();
        for state in FindingState::ALL {
            let seen = [ME, OTHER].into_iter().any(|recorded_by| {
                finding(
                    &reach,
                    FindingFacts {
                        unit_id: 11,
                        recorded_by,
                        state,
                    },
                )
                .granted()
            });
            assert_eq!(offered.contains(&state), seen, "{state:?}");
        }
        assert_eq!(
            finding_states(Role::Office).count(),
            FindingState::ALL.len()
        );
        // 10 ─ 11 ─ 12, and 20 beside it.
        let units = [(10, None), (11, Some(10)), (12, Some(11)), (20, None)];
        assert_eq!(finding_units(Role::Liaison, Some(11), &units), vec![11, 12]);
        assert_eq!(
            finding_units(Role::Liaison, None, &units),
            Vec::<i64>::new()
        );
        assert_eq!(
            finding_units(Role::Leader, None, &units),
            vec![10, 11, 12, 20]
        );
    }

    #[test]
    fn every_role_sees_findings_as_the_table_says() {
        for role in Role::ALL {
            let reach = finding_reach(role, ME, Some(tree()));
            if role == Role::Admin {
                assert_eq!(
                    reach,
                    Err(ErrorCode::Forbidden),
                    "administrators see no findings"
                );
                continue;
            }
            let reach = reach.unwrap();
            for state in FindingState::ALL {
                for unit_id in [10, 12, 99] {
                    for recorded_by in [ME, OTHER] {
                        let facts = FindingFacts {
                            unit_id,
                            recorded_by,
                            state,
                        };
                        let expected = match role {
                            Role::Office | Role::Leader => true,
                            Role::Inspector => recorded_by == ME,
                            Role::Liaison => {
                                unit_id != 99
                                    && state != FindingState::Merged
                                    && (state != FindingState::Recorded || recorded_by == ME)
                            }
                            Role::Admin => unreachable!(),
                        };
                        let access = finding(&reach, facts);
                        assert_eq!(
                            access,
                            if expected {
                                Access::Granted
                            } else {
                                Access::Hidden
                            },
                            "{role:?} on {facts:?}"
                        );
                        // A finding out of reach is never a 403: that would say it exists.
                        assert_ne!(access, Access::Refused);
                    }
                }
            }
        }
    }

    #[test]
    fn a_liaison_without_a_unit_is_refused() {
        assert_eq!(
            finding_reach(Role::Liaison, ME, None),
            Err(ErrorCode::Forbidden)
        );
        assert_eq!(
            finding_reach(Role::Liaison, ME, Some(tree())),
            Ok(Reach::Units {
                root: 10,
                ids: vec![10, 11, 12],
                user: ME
            })
        );
    }

    #[test]
    fn decisions_by_role() {
        for role in Role::ALL {
            let expected = match role {
                Role::Office | Role::Leader => Ok(None),
                Role::Liaison => Ok(Some(10)),
                Role::Inspector | Role::Admin => Err(ErrorCode::Forbidden),
            };
            assert_eq!(decision_scope(role, Some(10)), expected, "{role:?}");
            assert_eq!(
                DECISION_READERS.contains(&role),
                expected.is_ok(),
                "{role:?}"
            );
        }
        assert_eq!(
            decision_scope(Role::Liaison, None),
            Err(ErrorCode::Forbidden)
        );
    }

    #[test]
    fn the_role_sets_agree_with_the_reach() {
        for role in Role::ALL {
            assert_eq!(
                FINDING_READERS.contains(&role),
                finding_reach(role, ME, Some(tree())).is_ok(),
                "{role:?}"
            );
            // Whoever acts on a finding can see some.
            if ACTORS.contains(&role) || RECORDERS.contains(&role) {
                assert!(FINDING_READERS.contains(&role), "{role:?}");
            }
        }
        for role in EVERY_BULLETIN.iter().chain(UNIT_LIAISONS) {
            assert!(BULLETIN_READERS.contains(role) || KEEPERS.contains(role));
        }
        for role in ADMIN_AREA {
            assert!(OVERSIGHT_KEEPERS.contains(role) && STAFF_IMPORTERS.contains(role));
        }
        assert_eq!(Access::Refused.check(), Err(ErrorCode::Forbidden));
        assert_eq!(Access::Hidden.check(), Err(ErrorCode::NotFound));
        assert_eq!(Access::Granted.check(), Ok(()));
    }

    /// Who may use a round or visit, by role, whose it is, whether the
    /// caller inspects it, and for what. `tree()` is the liaison's: 10–12.
    #[test]
    fn rounds_and_visits_by_role() {
        use PlanUse::{Inspect, Plan, Read};
        const OFFICE_ROUND: Option<i64> = None;
        const OWN: Option<i64> = Some(11);
        const OTHERS: Option<i64> = Some(99);
        let (_, ids) = tree();
        let cases: &[(Role, Option<i64>, bool, PlanUse, Access)] = &[
            (Role::Office, OFFICE_ROUND, false, Plan, Access::Granted),
            (Role::Office, OWN, false, Read, Access::Granted),
            (Role::Office, OWN, false, Plan, Access::Refused),
            (Role::Office, OWN, false, Inspect, Access::Refused),
            (
                Role::Inspector,
                OFFICE_ROUND,
                true,
                Inspect,
                Access::Granted,
            ),
            (Role::Inspector, OFFICE_ROUND, true, Read, Access::Granted),
            (Role::Inspector, OFFICE_ROUND, true, Plan, Access::Refused),
            (Role::Inspector, OFFICE_ROUND, false, Read, Access::Hidden),
            (Role::Inspector, OWN, true, Read, Access::Hidden),
            (Role::Liaison, OFFICE_ROUND, true, Read, Access::Hidden),
            (Role::Liaison, OWN, false, Plan, Access::Granted),
            (Role::Liaison, OTHERS, true, Inspect, Access::Granted),
            (Role::Liaison, OTHERS, true, Plan, Access::Refused),
            (Role::Liaison, OTHERS, false, Read, Access::Hidden),
            (Role::Leader, OFFICE_ROUND, false, Read, Access::Refused),
            (Role::Admin, OWN, false, Read, Access::Refused),
        ];
        for &(role, owner, assigned, usage, expected) in cases {
            let facts = PlanFacts { owner, assigned };
            assert_eq!(
                plan(role, &ids, facts, usage),
                expected,
                "{role:?} {usage:?} on {owner:?}, assigned: {assigned}"
            );
        }
    }

    /// The rules that hold whatever the case: no unit learns of an office
    /// round, no inspector of a unit's own; only the owner's tree changes a
    /// unit's round; an inspection is run only by someone assigned or planning.
    #[test]
    fn no_unit_learns_of_an_office_round() {
        let (_, ids) = tree();
        for role in Role::ALL {
            for owner in [None, Some(11), Some(99)] {
                for assigned in [false, true] {
                    for usage in [PlanUse::Read, PlanUse::Inspect, PlanUse::Plan] {
                        let access = plan(role, &ids, PlanFacts { owner, assigned }, usage);
                        let case = format!("{role:?} {usage:?} on {owner:?}, assigned: {assigned}");
                        if role == Role::Liaison && owner.is_none() {
                            assert_eq!(access, Access::Hidden, "{case}");
                        }
                        if role == Role::Inspector && owner.is_some() {
                            assert_eq!(access, Access::Hidden, "{case}");
                        }
                        if usage == PlanUse::Plan && access.granted() {
                            let plans_own = match owner {
                                None => role == Role::Office,
                                Some(unit) => role == Role::Liaison && ids.contains(&unit),
                            };
                            assert!(plans_own, "{case}");
                        }
                        if matches!(role, Role::Admin | Role::Leader) {
                            assert_eq!(access, Access::Refused, "{case}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn staff_records_by_role() {
        let (_, ids) = tree();
        let cases: &[(Role, i64, bool, bool, Access)] = &[
            (Role::Office, 99, false, true, Access::Granted),
            (Role::Admin, 99, false, true, Access::Granted),
            (Role::Inspector, 99, false, false, Access::Granted),
            (Role::Inspector, 99, false, true, Access::Refused),
            (Role::Leader, 11, false, false, Access::Granted),
            (Role::Leader, 11, false, true, Access::Refused),
            (Role::Liaison, 12, false, true, Access::Granted),
            (Role::Liaison, 99, true, false, Access::Granted),
            (Role::Liaison, 99, true, true, Access::Hidden),
            (Role::Liaison, 99, false, false, Access::Hidden),
        ];
        for &(role, unit, inspects, write, expected) in cases {
            assert_eq!(
                staff(role, &ids, unit, inspects, write),
                expected,
                "{role:?} on unit {unit}, inspects: {inspects}, write: {write}"
            );
        }
    }

    #[test]
    fn bulletins_by_role_and_state() {
        for role in Role::ALL {
            for state in BulletinState::ALL.iter().copied() {
                let public = matches!(state, BulletinState::Published | BulletinState::Retracted);
                let expected = match role {
                    Role::Office | Role::Leader => Access::Granted,
                    Role::Admin => Access::Refused,
                    _ if public => Access::Granted,
                    _ => Access::Hidden,
                };
                assert_eq!(
                    bulletin(role, state),
                    expected,
                    "{role:?} on a {state:?} bulletin"
                );
                // The role set the server admits agrees.
                assert_eq!(
                    BULLETIN_READERS.contains(&role),
                    expected != Access::Refused,
                    "{role:?}"
                );
            }
        }
    }
}
