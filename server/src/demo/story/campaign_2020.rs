//! The 2020 campaign: three full-coverage rounds with weekly batches, 40
//! substantiated findings all rectified, the decisions (8 reassignments to
//! traffic duty) and the bulletins that announced them.

use super::*;

pub(super) struct Campaign {
    pub(super) checklist: i64,
}

/// Which item fails where: (round, unit index, item, note index).
fn failures_2020() -> Vec<(usize, usize, &'static str, usize)> {
    // 20 in the first round, 13 in the second, 7 in the third: 40, fewer each round.
    let items = [
        "presence",
        "notice-board",
        "conduct",
        "ab-post",
        "time-limit",
        "first-inquiry",
        "attitude",
    ];
    let mut out = Vec::new();
    for (round, count) in [(0, 20), (1, 13), (2, 7)] {
        for k in 0..count {
            let unit = (k * 5 + round * 3) % 16;
            out.push((round, unit, items[(k + round) % items.len()], k + round));
        }
    }
    out
}

pub(super) async fn campaign_2020(story: &Story<'_>) -> anyhow::Result<Campaign> {
    let store = story.store;
    let office = story.office;
    let created = at(d(2020, 6, 20), 0);
    let items = serde_json::to_string(&checklist())?;
    let checklist = store
        .create_checklist(
            "机关效能建设暗访检查表",
            &items,
            office,
            demo_audit(created, office, "create", "checklist"),
        )
        .await?;
    let all_units: Vec<i64> = story.units.iter().map(|(id, _)| *id).collect();
    let rounds = [
        (
            "2020年第一轮全覆盖督查",
            d(2020, 6, 23),
            d(2020, 7, 5),
            vec![
                (d(2020, 6, 23), d(2020, 6, 28)),
                (d(2020, 6, 29), d(2020, 7, 5)),
            ],
        ),
        (
            "2020年第二轮全覆盖督查",
            d(2020, 7, 6),
            d(2020, 7, 26),
            vec![
                (d(2020, 7, 6), d(2020, 7, 12)),
                (d(2020, 7, 13), d(2020, 7, 19)),
                (d(2020, 7, 20), d(2020, 7, 26)),
            ],
        ),
        (
            "2020年第三轮全覆盖督查",
            d(2020, 7, 27),
            d(2020, 8, 14),
            vec![
                (d(2020, 7, 27), d(2020, 8, 2)),
                (d(2020, 8, 3), d(2020, 8, 9)),
                (d(2020, 8, 10), d(2020, 8, 14)),
            ],
        ),
    ];
    let failures = failures_2020();
    // (finding id, unit, person, observed on, round)
    let mut findings: Vec<(i64, i64, String, NaiveDate, usize)> = Vec::new();
    let mut n_person = 0;
    for (r, (name, starts, ends, weeks)) in rounds.iter().enumerate() {
        let planned = at(*starts, -3 * 24 * 60);
        let round = store
            .create_round(
                &RoundInput {
                    name: (*name).into(),
                    starts_on: *starts,
                    ends_on: *ends,
                    unit_ids: all_units.clone(),
                    kind: RoundKind::Office,
                    owner_unit_id: None,
                    version: None,
                },
                office,
                demo_audit(planned, office, "create", "round"),
            )
            .await?;
        let mut batches = Vec::new();
        for (w, (from, to)) in weeks.iter().enumerate() {
            let batch = store
                .create_batch(
                    round,
                    &NewBatch {
                        name: format!("第{}批", ["一", "二", "三"][w]),
                        starts_on: *from,
                        ends_on: *to,
                    },
                    demo_audit(planned, office, "create", "batch"),
                )
                .await?;
            // The working days of the week, where visits fall.
            let days: Vec<NaiveDate> = from
                .iter_days()
                .take_while(|x| x <= to)
                .filter(|x| story.calendar.is_working_day(*x))
                .collect();
            batches.push((batch, days));
        }
        for (u, unit) in all_units.iter().enumerate() {
            let (batch, days) = &batches[u % batches.len()];
            let day = days[(u / batches.len()) % days.len()];
            let here: Vec<(&str, usize, usize)> = failures
                .iter()
                .filter(|(fr, fu, _, _)| *fr == r && *fu == u)
                .map(|(_, _, item, n)| {
                    n_person += 1;
                    (*item, *n, n_person)
                })
                .collect();
            let mode = if u % 4 == 0 {
                VisitMode::Open
            } else {
                VisitMode::Unannounced
            };
            let inspector = story.inspectors[u % 2];
            for (id, who) in story
                .visit_by(
                    office, *batch, checklist, *unit, day, mode, inspector, &here, true,
                )
                .await?
            {
                findings.push((id, *unit, who, day, r));
            }
        }
    }

    // Every finding substantiated and rectified.
    let mut closed_on = Vec::with_capacity(findings.len());
    for (id, unit, _, day, _) in &findings {
        closed_on.push(story.walk(*id, *unit, *day, FindingState::Closed).await?);
    }

    // A decision for each: the first seven of round one and the first of round two are
    // reassignments to traffic duty; the rest lighter measures.
    let mut reassigned_10 = Vec::new();
    let mut reassigned_30 = Vec::new();
    for (i, (id, unit, who, _, round)) in findings.iter().enumerate() {
        let unit_name = story.unit_name(*unit);
        let (decided_on, measures, basis) = match (round, reassigned_10.len(), reassigned_30.len())
        {
            (0, n, _) if n < 7 => (
                d(2020, 7, 10),
                vec![reassign(d(2020, 7, 10))],
                "《合肥市效能建设问责办法》第十条",
            ),
            (1, _, 0) => (
                d(2020, 7, 30),
                vec![reassign(d(2020, 7, 30))],
                "《合肥市效能建设问责办法》第十条",
            ),
            _ => {
                let kind = [
                    MeasureKind::CirculatedCriticism,
                    MeasureKind::WrittenSelfExamination,
                    MeasureKind::AdmonishmentTalk,
                ][i % 3];
                let on = story.wd(closed_on[i], 1);
                (
                    on,
                    vec![Measure {
                        kind,
                        place: None,
                        start: None,
                        end: None,
                        note: None,
                    }],
                    "《合肥市效能建设问责办法》第八条",
                )
            }
        };
        // Recorded by name: the 2020 campaign came before the staff lists.
        let decision = NewDecision {
            finding_ids: vec![*id],
            staff_id: None,
            person_name: who.clone(),
            person_unit_id: *unit,
            person_post: post_of(&unit_name).into(),
            measures,
            basis: basis.into(),
            notes: None,
            decided_on,
            confirm_repeat: false,
        };
        let audit = demo_audit(at(decided_on, 300), office, "create", "decision");
        let decision_id = store
            .create_decision(&decision, &decision.normalized_measures(), office, audit)
            .await?;
        match decided_on {
            x if x == d(2020, 7, 10) => reassigned_10.push((decision_id, who.clone())),
            x if x == d(2020, 7, 30) => reassigned_30.push((decision_id, who.clone())),
            _ => {}
        }
    }

    // The host unit assessed each at the end of the term; all went back to their posts.
    let served = store
        .list_reassignments(&crate::db::ReassignmentFilter {
            status: None,
            today: d(2020, 12, 31),
            after: None,
            limit: 1_000,
        })
        .await?;
    let grades = [
        (
            HostGrade::Competent,
            "服从交警支队管理，按时到岗，路口疏导认真负责。",
        ),
        (
            HostGrade::Excellent,
            "工作积极主动，多次协助处置早晚高峰拥堵，群众反映良好。",
        ),
        (
            HostGrade::Competent,
            "能够遵守纪律，完成疏导任务，态度有明显转变。",
        ),
        (HostGrade::Basic, "基本完成疏导任务，个别时段到岗不够及时。"),
    ];
    for (i, r) in served.iter().enumerate() {
        let Some(end) = r.end_on else { continue };
        let (grade, words) = grades[i % grades.len()];
        let back = ReassignmentReturn {
            returned_on: story.wd(end, 1),
            host_grade: grade,
            host_assessment: words.into(),
            version: r.version,
        };
        store
            .record_return(
                r.id,
                &back,
                demo_audit(at(back.returned_on, 120), office, "return", "reassignment"),
            )
            .await?
            .written(&format!("demo reassignment {}", r.id))?;
    }

    let r1: Vec<i64> = findings.iter().filter(|f| f.4 == 0).map(|f| f.0).collect();
    let all: Vec<i64> = findings.iter().map(|f| f.0).collect();
    let names = |list: &[(i64, String)]| {
        list.iter()
            .map(|(_, n)| n.clone())
            .collect::<Vec<_>>()
            .join("、")
    };
    // The numbers the source's bulletins bore; the year's sequence goes on after them.
    let bulletins = [
        (
            9,
            "关于第一轮机关效能建设全覆盖督查情况的通报",
            BulletinKind::InspectionResults,
            format!(
                "6月23日至7月5日，市效能办对市直单位开展第一轮全覆盖督查，采取“四不两直”方式暗访，共发现问题{} 个。\n\n\
                 主要问题：一是离岗告示牌信息不实；二是工作时间不在岗；三是在岗状态不佳，存在炒股、看视频、玩游戏、网购等现象；四是AB岗制度落实不到位。\n\n\
                 请各单位对照问题清单，举一反三，限期整改。",
                r1.len()
            ),
            Audience::Public,
            r1.clone(),
            vec![],
            d(2020, 7, 6),
        ),
        (
            10,
            "关于做好第一轮督查发现问题整改工作的通知",
            BulletinKind::TypicalCases,
            "各单位：请于规定期限内完成整改，整改报告经单位主要负责人签字后报市效能办。".to_owned(),
            Audience::Internal,
            r1.clone(),
            vec![],
            d(2020, 7, 7),
        ),
        (
            11,
            "关于7名工作人员到基层再上岗的通报",
            BulletinKind::Accountability,
            format!(
                "经查,{}等7名工作人员在第一轮督查中被发现存在工作纪律、在岗状态等方面的问题。\
                 根据《合肥市效能建设问责办法》,决定自2020年7月10日起,安排上述人员到市公安局交通警察支队协助开展交通疏导工作,为期三个月。",
                names(&reassigned_10)
            ),
            Audience::Public,
            vec![],
            reassigned_10.iter().map(|(id, _)| *id).collect(),
            d(2020, 7, 10),
        ),
        (
            14,
            "关于1名工作人员到基层再上岗的通报",
            BulletinKind::Accountability,
            format!(
                "经查，{}在第二轮督查中被发现存在违反工作纪律问题。决定自2020年7月30日起，安排其到市公安局交通警察支队协助开展交通疏导工作，为期三个月。",
                names(&reassigned_30)
            ),
            Audience::Public,
            vec![],
            reassigned_30.iter().map(|(id, _)| *id).collect(),
            d(2020, 7, 30),
        ),
        (
            18,
            "关于机关效能建设三轮全覆盖督查情况的通报",
            BulletinKind::InspectionResults,
            format!(
                "截至8月14日，市效能办已完成三轮全覆盖督查，共查实问题{} 个，目前均已整改到位，相关责任人员均已问责。\n\n\
                 ## 各轮督查情况\n\n\
                 - 第一轮：查实问题 20 个\n\
                 - 第二轮：查实问题 13 个\n\
                 - 第三轮：查实问题 7 个\n\n\
                 ## 下一步工作\n\n\
                 将坚持“**每月一轮、每周一批**”，持续开展明查暗访，推动机关作风持续改进。",
                all.len()
            ),
            Audience::Public,
            all.clone(),
            vec![],
            d(2020, 8, 14),
        ),
    ];
    for (doc_number, title, kind, body, audience, finding_ids, decision_ids, day) in bulletins {
        let input = BulletinInput {
            title: title.into(),
            kind,
            body,
            audience,
            finding_ids,
            decision_ids,
            show_names: false,
            version: None,
        };
        publish(story, &input, day, doc_number).await?;
    }
    Ok(Campaign { checklist })
}

fn reassign(start: NaiveDate) -> Measure {
    Measure {
        kind: MeasureKind::Reassignment,
        place: Some("市公安局交通警察支队（协助交通疏导）".into()),
        start: Some(start),
        end: None,
        note: None,
    }
}

/// Drafts and submits a bulletin on `day` (the office), signed off and
/// published by the leader as number `n` of its year, storing the public
/// text the way the API does (names masked unless shown).
async fn publish(
    story: &Story<'_>,
    input: &BulletinInput,
    day: NaiveDate,
    n: i64,
) -> anyhow::Result<i64> {
    let store = story.store;
    let office = story.office;
    let id = store
        .create_bulletin(
            input,
            office,
            demo_audit(at(day, -120), office, "create", "bulletin"),
        )
        .await?;
    let mut names: Vec<String> = store
        .bulletin_measures(id)
        .await?
        .into_iter()
        .map(|m| m.person)
        .collect();
    for people in store.bulletin_finding_people(id).await? {
        let people: Vec<PersonInvolved> = people.0;
        names.extend(people.into_iter().map(|p| p.name));
    }
    let masked = input.audience == Audience::Public && !input.show_names;
    let names = if masked { names } else { vec![] };
    let steps = [
        (
            BulletinState::Draft,
            BulletinState::InReview,
            -60,
            "submit",
            office,
        ),
        (
            BulletinState::InReview,
            BulletinState::Published,
            0,
            "publish",
            story.leader,
        ),
    ];
    for (version, (from, to, minutes, action, by)) in steps.into_iter().enumerate() {
        let publishing = to == BulletinState::Published;
        let step = BulletinStep {
            from,
            to,
            reason: None,
            public_title: publishing.then(|| redact(&input.title, &names)),
            public_body: publishing.then(|| redact(&input.body, &names)),
            number: publishing.then(|| Numbering::Given {
                year: day.year(),
                n,
            }),
        };
        store
            .advance_bulletin(
                id,
                version as i64 + 1,
                &step,
                demo_audit(at(day, minutes), by, action, "bulletin"),
            )
            .await?
            .written(&format!("demo bulletin {id}"))?;
    }
    Ok(id)
}
