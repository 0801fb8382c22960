//! The units' own rounds: 合肥热电集团's departments inspecting each other,
//! 市房产局 inspecting its windows, with a visit today for each demo liaison.

use super::*;

/// The units' own rounds this month: 合肥热电集团's departments inspect each
/// other (互查, as the source's state enterprise did with its teams), and
/// 市房产局 inspects its own units (自查) — one visit made, one for the
/// demo liaison to make.
pub(super) async fn units_own_rounds(story: &Story<'_>, checklist: i64) -> anyhow::Result<()> {
    let store = story.store;
    let today = xiaoneng_domain::beijing::day(Utc::now());
    let unit = |name: &str| story.unit(name);
    let plans = [
        (
            "合肥热电集团",
            RoundKind::Mutual,
            "热电集团部门互查",
            [
                "合肥热电集团客户服务窗口",
                "合肥热电集团热源生产部",
                "合肥热电集团工程建设部",
            ],
        ),
        (
            "市房产局",
            RoundKind::SelfInspection,
            "市房产局窗口单位自查",
            [
                "市房产局政务服务窗口",
                "市房产局住房保障服务中心",
                "市房产局物业管理处",
            ],
        ),
    ];
    for (owner, kind, name, targets) in plans {
        let owner = unit(owner)?;
        let planner = story.liaison_of(owner);
        let [a, b, c] = targets;
        let (a, b, c) = (unit(a)?, unit(b)?, unit(c)?);
        let (starts, ends) = (today - Duration::days(10), today + Duration::days(10));
        let round = store
            .create_round(
                &RoundInput {
                    name: format!("{}年{}月{name}", today.year(), today.month()),
                    starts_on: starts,
                    ends_on: ends,
                    unit_ids: vec![a, b, c],
                    kind,
                    owner_unit_id: Some(owner),
                    version: None,
                },
                planner,
                demo_audit(at(starts, -2 * 24 * 60), planner, "create", "round"),
            )
            .await?;
        let batch = store
            .create_batch(
                round,
                &NewBatch {
                    name: "本周".into(),
                    starts_on: starts,
                    ends_on: ends,
                },
                demo_audit(at(starts, -24 * 60), planner, "create", "batch"),
            )
            .await?;
        // Mutual: each department by another's liaison (the one today by
        // the group's, who can sign in); self: by the unit's own liaison.
        let by = |other: i64| match kind {
            RoundKind::Mutual => story.liaison_of(other),
            _ => planner,
        };
        let visits = [
            (a, today - Duration::days(3), VisitMode::Open, by(b), true),
            (b, today, VisitMode::Unannounced, planner, false),
            (c, today + Duration::days(3), VisitMode::Open, by(a), false),
        ];
        for (target, day, mode, inspector, submit) in visits {
            story
                .visit_by(
                    planner,
                    batch,
                    checklist,
                    target,
                    day,
                    mode,
                    inspector,
                    &[],
                    submit,
                )
                .await?;
        }
    }
    Ok(())
}
