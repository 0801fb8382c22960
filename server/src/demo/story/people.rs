//! People: the units' staff, A/B posts and away notices, the special
//! supervisors with their yearly grades, and the commitment letters.

use super::*;

/// Staff, A/B posts and away notices of the units the story visits most;
/// the supervisors who joined the 2020 campaign and their grades; the
/// commitment letters of 2020 and this year, signed by most.
pub(super) async fn people(story: &Story<'_>) -> anyhow::Result<()> {
    use xiaoneng_domain::oversight::{
        AssessmentInput, Grade, LetterInput, NewSignature, SupervisorInput, SupervisorKind,
    };
    use xiaoneng_domain::staff::{NewAwayNotice, PostInput, StaffInput};

    let store = story.store;
    let office = story.office;
    let now = Utc::now();
    let today = xiaoneng_domain::beijing::day(now);
    let unit = |name: &str| story.unit(name);
    let rosters: [(&str, &[(&str, &str)]); 4] = [
        (
            "市房产局政务服务窗口",
            &[
                ("钱晓梅", "受理员"),
                ("孙立", "受理员"),
                ("周海燕", "窗口负责人"),
                ("吴俊", "审核员"),
                ("郑丽", "咨询导办员"),
            ],
        ),
        (
            "市房产局住房保障服务中心",
            &[("冯涛", "科员"), ("陈静", "科员"), ("褚明", "副主任")],
        ),
        (
            "合肥热电集团客户服务窗口",
            &[("卫强", "客服专员"), ("蒋红", "客服专员"), ("沈勇", "班长")],
        ),
        ("市委办公室", &[("韩雪", "科员"), ("杨帆", "科员")]),
    ];
    let created = at(d(2020, 1, 6), 0);
    let mut staff: Vec<(i64, i64)> = Vec::new();
    for (unit_name, people) in rosters {
        let unit = unit(unit_name)?;
        let mut ids = Vec::new();
        for (name, title) in people {
            let input = StaffInput {
                name: (*name).into(),
                title: (*title).into(),
                active: true,
                version: None,
            };
            let id = store
                .create_staff(unit, &input, demo_audit(created, office, "create", "staff"))
                .await?;
            ids.push(id);
            staff.push((unit, id));
        }
        // A/B posts: pairs, the last one without a B where the roster is odd.
        for (n, pair) in ids.chunks(2).enumerate() {
            let post = PostInput {
                name: format!("{}岗位{}", unit_name.trim_start_matches("市"), n + 1),
                a_staff_id: pair.first().copied(),
                b_staff_id: pair.get(1).copied(),
                version: None,
            };
            store
                .create_post(unit, &post, demo_audit(created, office, "create", "post"))
                .await?;
        }
        // Someone is away now, with a colleague covering.
        if let [first, second, ..] = ids[..] {
            let notice = NewAwayNotice {
                staff_id: first,
                reason: "到市政务服务中心参加业务培训".into(),
                away_from: now - Duration::minutes(90),
                expected_return: now + Duration::hours(6),
                covered_by: Some(second),
            };
            store
                .create_away_notice(
                    &notice,
                    story.liaison_of(unit),
                    demo_audit(
                        at(today, -100),
                        story.liaison_of(unit),
                        "create",
                        "away_notice",
                    ),
                )
                .await?;
        }
    }

    let supervisors = [
        (
            "李卫东",
            SupervisorKind::Deputy,
            "市人大代表",
            "政务服务窗口",
        ),
        (
            "王芳",
            SupervisorKind::CppccMember,
            "市政协委员",
            "住房保障、物业管理",
        ),
        (
            "周明",
            SupervisorKind::Media,
            "合肥日报社",
            "窗口作风、群众评价",
        ),
        (
            "赵春梅",
            SupervisorKind::Citizen,
            "庐阳区市民代表",
            "供热服务",
        ),
    ];
    let visits_2020: Vec<(i64, NaiveDate)> = {
        let mut all = Vec::new();
        let mut after = None;
        loop {
            let page = store
                .list_visits(&crate::db::VisitFilter {
                    assigned_to: None,
                    liaison: None,
                    round: None,
                    batch: None,
                    unit: None,
                    open: false,
                    after,
                    limit: 100,
                })
                .await?;
            let done = page.len() < 100;
            after = page.last().map(|v| (v.created_at, v.id));
            all.extend(
                page.into_iter()
                    .filter(|v| v.planned_on.year() == 2020)
                    .map(|v| (v.id, v.planned_on)),
            );
            if done {
                break;
            }
        }
        all.sort_by_key(|(id, _)| *id);
        all
    };
    for (n, (name, kind, affiliation, areas)) in supervisors.into_iter().enumerate() {
        let input = SupervisorInput {
            name: name.into(),
            kind,
            affiliation: affiliation.into(),
            areas: areas.into(),
            phone: format!("0551-6260{:04}", 1000 + n),
            term_start: d(2020, 1, 1),
            term_end: d(today.year() + 1, 12, 31),
            active: true,
            version: None,
        };
        let id = store
            .create_supervisor(&input, demo_audit(created, office, "create", "supervisor"))
            .await?;
        // Each joined every fourth visit of the campaign, from a different start.
        for (visit, day) in visits_2020.iter().skip(n).step_by(4) {
            store
                .assign_supervisor(
                    id,
                    *visit,
                    demo_audit(at(*day, -7 * 24 * 60), office, "assign", "supervisor"),
                )
                .await?;
        }
        let (grade, comment) = match n {
            0 | 2 => (Grade::Excellent, "参加暗访认真，发现问题准确"),
            _ => (Grade::Competent, "按要求参加督查"),
        };
        store
            .save_assessment(
                id,
                2020,
                &AssessmentInput {
                    grade,
                    comment: comment.into(),
                    version: None,
                },
                office,
                demo_audit(at(d(2020, 12, 28), 0), office, "grade", "supervisor"),
            )
            .await?
            .written("demo assessment")?;
    }

    for (year, signed_on) in [
        (2020, d(2020, 2, 20)),
        (today.year(), d(today.year(), 2, 18).min(today)),
    ] {
        let letter = LetterInput {
            title: format!("{year}年度作风建设承诺书"),
            text:
                "本人郑重承诺：严格遵守工作纪律，工作时间在岗在位，不炒股、不看视频、不玩游戏、不网购；\
                   落实首问负责、限时办结和AB岗制度，离岗必告知；热情服务群众，不推诿扯皮。\
                   如有违反，自愿接受组织处理。"
                    .into(),
            version: None,
        };
        store
            .save_letter(
                year,
                &letter,
                demo_audit(at(d(year, 1, 10), 0), office, "save", "commitment_letter"),
            )
            .await?
            .written("demo assessment")?;
        // Everyone signed, except one person per unit this year.
        let mut skipped = Vec::new();
        for (unit, id) in &staff {
            if year == today.year() && !skipped.contains(unit) {
                skipped.push(*unit);
                continue;
            }
            store
                .sign_letter(
                    year,
                    &NewSignature {
                        staff_id: *id,
                        signed_on,
                    },
                    office,
                    demo_audit(at(signed_on, 0), office, "sign", "commitment_letter"),
                )
                .await?;
        }
    }
    Ok(())
}
