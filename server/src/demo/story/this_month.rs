//! This month: a round in progress with findings due soon, overdue, awaiting
//! review and triage; visits for the coming days; citizen reports.

use super::*;

/// This month: a round in progress with work in every state, visits coming
/// up, and citizen reports.
pub(super) async fn this_month(story: &Story<'_>, checklist: i64) -> anyhow::Result<()> {
    let store = story.store;
    let office = story.office;
    let today = xiaoneng_domain::beijing::day(Utc::now());
    let first = d(today.year(), today.month(), 1);
    let last = first
        .checked_add_months(chrono::Months::new(1))
        .and_then(|x| x.pred_opt())
        .unwrap_or(today);
    let starts = first.min(today - Duration::days(24));
    let ends = last.max(today + Duration::days(4));
    let all_units: Vec<i64> = story.units.iter().map(|(id, _)| *id).collect();
    let round = store
        .create_round(
            &RoundInput {
                name: format!("{}年{}月全覆盖督查", today.year(), today.month()),
                starts_on: starts,
                ends_on: ends,
                unit_ids: all_units.clone(),
                kind: RoundKind::Office,
                owner_unit_id: None,
                version: None,
            },
            office,
            demo_audit(at(starts, -3 * 24 * 60), office, "create", "round"),
        )
        .await?;
    let batch = |from: NaiveDate, to: NaiveDate, name: String| async move {
        store
            .create_batch(
                round,
                &NewBatch {
                    name,
                    starts_on: from,
                    ends_on: to,
                },
                demo_audit(at(from, -24 * 60), office, "create", "batch"),
            )
            .await
    };
    let early = batch(starts, today - Duration::days(8), "第一批".into()).await?;
    let recent = batch(
        today - Duration::days(7),
        today - Duration::days(1),
        "第二批".into(),
    )
    .await?;
    let coming = batch(today, ends, "第三批".into()).await?;

    // Working days before today, for visits already made.
    let back = |n: i64| {
        let mut day = today;
        let mut left = n;
        while left > 0 {
            day -= Duration::days(1);
            if story.calendar.is_working_day(day) {
                left -= 1;
            }
        }
        day
    };
    let unit = |name: &str| story.unit(name);
    let housing_window = unit("市房产局政务服务窗口")?;
    let housing = unit("市房产局")?;
    let heat_window = unit("合肥热电集团客户服务窗口")?;
    let (i1, i2) = (story.inspectors[0], story.inspectors[1]);

    // Overdue: rectifying since long ago, deadline passed.
    let v = story
        .visit_by(
            office,
            early,
            checklist,
            housing_window,
            back(16),
            VisitMode::Unannounced,
            i1,
            &[("notice-board", 0, 201)],
            true,
        )
        .await?;
    story
        .step(
            v[0].0,
            ActionKind::FeedBack,
            office,
            back(15),
            None,
            Some(story.wd(back(15), 3)),
        )
        .await?;
    story
        .step(
            v[0].0,
            ActionKind::ReportVerification,
            story.liaison_of(housing),
            back(13),
            Some("情况属实。"),
            None,
        )
        .await?;
    story
        .step(
            v[0].0,
            ActionKind::Substantiate,
            office,
            back(12),
            Some("查实。"),
            None,
        )
        .await?;
    story
        .step(
            v[0].0,
            ActionKind::OrderRectification,
            office,
            back(12),
            Some("请限期整改。"),
            Some(back(2)),
        )
        .await?;

    // Rectifying, due soon, with an extension asked for.
    let v = story
        .visit_by(
            office,
            early,
            checklist,
            heat_window,
            back(12),
            VisitMode::Unannounced,
            i2,
            &[("presence", 1, 202)],
            true,
        )
        .await?;
    let heat = unit("合肥热电集团")?;
    story
        .step(
            v[0].0,
            ActionKind::FeedBack,
            office,
            back(11),
            None,
            Some(story.wd(back(11), 3)),
        )
        .await?;
    story
        .step(
            v[0].0,
            ActionKind::ReportVerification,
            story.liaison_of(heat),
            back(9),
            Some("已核实，系个人原因擅自离岗。"),
            None,
        )
        .await?;
    story
        .step(
            v[0].0,
            ActionKind::Substantiate,
            office,
            back(8),
            Some("查实。"),
            None,
        )
        .await?;
    story
        .step(
            v[0].0,
            ActionKind::OrderRectification,
            office,
            back(8),
            Some("请限期整改。"),
            Some(story.wd(today, 2)),
        )
        .await?;
    story
        .step(
            v[0].0,
            ActionKind::RequestExtension,
            story.liaison_of(heat),
            back(1),
            Some("需重新制定排班和AB岗制度，申请延期5个工作日。"),
            Some(story.wd(today, 7)),
        )
        .await?;

    // Report submitted, awaiting the office's review.
    let v = story
        .visit_by(
            office,
            early,
            checklist,
            unit("市政府办公室")?,
            back(11),
            VisitMode::Open,
            i1,
            &[("time-limit", 0, 203)],
            true,
        )
        .await?;
    story
        .walk(
            v[0].0,
            unit("市政府办公室")?,
            back(11),
            FindingState::Rectifying,
        )
        .await?;
    let row = store
        .finding(v[0].0)
        .await?
        .ok_or_else(|| anyhow::anyhow!("finding vanished"))?;
    let reported = back(1).max(xiaoneng_domain::beijing::day(row.updated_at));
    story
        .step(
            v[0].0,
            ActionKind::SubmitReport,
            story.liaison_of(unit("市政府办公室")?),
            reported,
            Some("已梳理超期事项并全部办结，建立限时办结台账。"),
            None,
        )
        .await?;

    // Fed back, verification due soon.
    let v = story
        .visit_by(
            office,
            recent,
            checklist,
            unit("市委宣传部")?,
            back(2),
            VisitMode::Unannounced,
            i2,
            &[("conduct", 1, 204)],
            true,
        )
        .await?;
    story
        .step(
            v[0].0,
            ActionKind::FeedBack,
            office,
            back(1),
            None,
            Some(story.wd(today, 2)),
        )
        .await?;

    // Substantiated, awaiting a rectification order and a decision.
    let v = story
        .visit_by(
            office,
            recent,
            checklist,
            housing,
            back(5),
            VisitMode::Unannounced,
            i1,
            &[("ab-post", 0, 205)],
            true,
        )
        .await?;
    story
        .walk(v[0].0, housing, back(5), FindingState::Substantiated)
        .await?;

    // Recorded yesterday, not yet triaged; another unit visited with nothing found.
    story
        .visit_by(
            office,
            recent,
            checklist,
            unit("市直机关工委")?,
            back(1),
            VisitMode::Unannounced,
            i2,
            &[("first-inquiry", 1, 206), ("attitude", 0, 207)],
            true,
        )
        .await?;
    story
        .visit_by(
            office,
            recent,
            checklist,
            unit("市委办公室")?,
            back(3),
            VisitMode::Open,
            i1,
            &[],
            true,
        )
        .await?;

    // Coming up: today's draft, and visits planned for the inspectors.
    story
        .visit_by(
            office,
            coming,
            checklist,
            unit("市纪委监委")?,
            today,
            VisitMode::Unannounced,
            i1,
            &[("presence", 2, 208)],
            false,
        )
        .await?;
    for (u, offset, inspector) in [
        ("市委统战部", 1, i1),
        ("合肥热电集团热源生产部", 2, i2),
        ("市房产局住房保障服务中心", 3, i1),
    ] {
        let day = today + Duration::days(offset);
        story
            .visit_by(
                office,
                coming,
                checklist,
                unit(u)?,
                day,
                VisitMode::Unannounced,
                inspector,
                &[],
                false,
            )
            .await?;
    }

    // Citizen reports: three waiting, one accepted, one declined.
    let reports = [
        (
            Some(housing_window),
            "政务服务窗口中午提前半小时停止办理业务，群众排队无人理会。",
            "市房产局政务服务大厅",
            1,
        ),
        (
            Some(heat_window),
            "拨打热电集团客服热线多次无人接听，报修三天无人上门。",
            "",
            2,
        ),
        (
            None,
            "某单位工作人员上班时间在办公室打游戏，声音很大。",
            "市政务中心三楼",
            0,
        ),
        (
            Some(housing),
            "办理房屋登记时工作人员态度冷漠，不予解释。",
            "市房产局二楼",
            4,
        ),
        (
            Some(unit("市委办公室")?),
            "门口保安不让进入办事大厅。",
            "",
            5,
        ),
    ];
    let mut ids = Vec::new();
    for (i, (unit_id, what, place, days_ago)) in reports.into_iter().enumerate() {
        let received = at(today - Duration::days(days_ago), -60 + i as i64 * 17);
        let code = format!("JB-DEM{}-HFXN", i + 2);
        let new = NewReportRow {
            code: code.clone(),
            report: NewReport {
                unit_id,
                what: what.into(),
                place: place.into(),
                happened_on: Some(today - Duration::days(days_ago + 1)),
                contact: (i % 2 == 0).then(|| "139 5510 0000".to_owned()),
                notify: false,
            },
            photo: None,
        };
        let audit = AuditEntry {
            detail: serde_json::json!({ "demo": true }),
            ..AuditEntry::new(received, None, "create", "report")
        };
        store.create_report(&new, audit).await?;
        ids.push(code);
    }
    let accepted = store
        .report_by_code(&ids[3])
        .await?
        .ok_or_else(|| anyhow::anyhow!("report"))?
        .report;
    let finding = NewFinding {
        unit_id: housing,
        source: Source::CitizenReport,
        dimension: Dimension::ServiceAttitude,
        severity: Severity::Minor,
        title: "办理登记时态度冷漠".into(),
        description: accepted.what.clone(),
        observed_on: today - Duration::days(5),
        people: vec![],
    };
    store
        .accept_report(
            accepted.id,
            accepted.version,
            &finding,
            office,
            demo_audit(at(today - Duration::days(3), 0), office, "accept", "report"),
        )
        .await?;
    let declined = store
        .report_by_code(&ids[4])
        .await?
        .ok_or_else(|| anyhow::anyhow!("report"))?
        .report;
    store
        .decline_report(
            declined.id,
            declined.version,
            "经核实，该大厅为涉密办公区域，不对外办理业务；对外办事请前往市政务服务中心。",
            demo_audit(
                at(today - Duration::days(4), 0),
                office,
                "decline",
                "report",
            ),
        )
        .await?
        .written("demo declined report")?;
    Ok(())
}
