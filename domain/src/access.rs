//! Who may do what, written once as data: the role sets each endpoint
//! admits (the server refuses other roles with 403 before reading a body;
//! the browser's navigation offers a page to the same roles), and the
//! reach of a caller over findings and decisions — granted, refused (403),
//! or hidden (404: the caller must not learn the record exists). The server
//! loads the caller's unit tree once and asks here; nothing else decides.

use serde::{Deserialize, Serialize};

use crate::Role;
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
/// Read every bulletin in every state (the staff bulletin list).
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
    /// The root of the liaison's tree and every unit in it.
    Units {
        root: i64,
        ids: Vec<i64>,
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
        (Role::Liaison, Some((root, ids))) => Ok(Reach::Units { root, ids }),
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
/// hidden (404): a unit never learns of a finding not yet fed back to it,
/// nor of another unit's.
pub fn finding(reach: &Reach, f: FindingFacts) -> Access {
    let sees = match reach {
        Reach::All => true,
        Reach::RecordedBy(id) => f.recorded_by == *id,
        Reach::Units { ids, .. } => ids.contains(&f.unit_id) && f.state.visible_to_unit(),
    };
    if sees {
        Access::Granted
    } else {
        Access::Hidden
    }
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
                                    && !matches!(
                                        state,
                                        FindingState::Recorded | FindingState::Merged
                                    )
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
                ids: vec![10, 11, 12]
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
}
