//! The demo's story, told through the same store functions the API uses
//! (each write transactional and audited, each workflow step checked by
//! the shared rules):
//!
//! - **2020**: the campaign of DOMAIN.md — three full-coverage rounds from
//!   23 June to 14 August with weekly batches; 40 substantiated findings,
//!   all rectified; a decision for each, of which 8 are reassignments to
//!   traffic duty (7 from 10 July, 1 from 30 July, three months each); the
//!   bulletins that announced them.
//! - **This month**: a round in progress, with findings due soon, overdue,
//!   awaiting review and awaiting triage; visits planned for the coming
//!   days; citizen reports received, accepted and declined.
//!
//! Records carry the dates they tell of; their audit entries say
//! `"demo": true`. People are fictional.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use xiaoneng_domain::accountability::{Measure, MeasureKind, NewDecision};
use xiaoneng_domain::bulletin::{Audience, BulletinInput, BulletinKind, BulletinState, redact};
use xiaoneng_domain::checklist::{Answer, AnswerKind, ChecklistItem, FailureNeeds, Outcome};
use xiaoneng_domain::finding::{ActionKind, ActionRequest, FindingState, Progress};
use xiaoneng_domain::planning::{NewBatch, RoundInput, RoundKind, VisitInput, VisitMode};
use xiaoneng_domain::record::{Dimension, NewFinding, PersonInvolved, Severity, Source};
use xiaoneng_domain::report::NewReport;
use xiaoneng_domain::{HolidayCalendar, Role};

use crate::auth::password;
use crate::db::{
    AuditEntry, BulletinStep, DraftRow, FindingStep, NewReportRow, NewUser, Store, Written,
};

/// The checklist the source describes.
fn checklist() -> Vec<ChecklistItem> {
    let item =
        |key: &str, dimension, text: &str, guidance: &str, weight, on_failure| ChecklistItem {
            key: key.into(),
            dimension,
            text: text.into(),
            guidance: guidance.into(),
            answer_kind: AnswerKind::PassFail,
            weight,
            on_failure,
        };
    use Dimension::*;
    use FailureNeeds::*;
    vec![
        item(
            "notice-board",
            WorkDiscipline,
            "离岗告示牌信息准确",
            "核对告示牌所写去向、返岗时间、代岗人与实际是否一致",
            15,
            NoteAndEvidence,
        ),
        item(
            "presence",
            WorkDiscipline,
            "工作时间在岗在位",
            "工作时间内无无故离岗、串岗、脱岗",
            20,
            NoteAndEvidence,
        ),
        item(
            "conduct",
            WorkDiscipline,
            "在岗状态良好",
            "无炒股、看视频、玩游戏、网购等与工作无关的行为",
            20,
            NoteAndEvidence,
        ),
        item(
            "ab-post",
            ServiceQuality,
            "AB岗制度落实",
            "A岗不在时B岗到位履职，服务不断档",
            15,
            Note,
        ),
        item(
            "time-limit",
            ServiceQuality,
            "限时办结",
            "事项在承诺时限内办结，无推诿拖延",
            10,
            Note,
        ),
        item(
            "first-inquiry",
            ServiceAttitude,
            "首问负责",
            "首位接待人员负责解答或引导到位",
            10,
            Note,
        ),
        item(
            "attitude",
            WorkStyle,
            "服务态度文明规范",
            "用语文明，无生硬、冷漠、推诿",
            10,
            Note,
        ),
    ]
}

/// A failure as an inspector writes it down, per item.
fn note(item: &str, n: usize) -> &'static str {
    let notes: &[&str] = match item {
        "notice-board" => &[
            "告示牌写“外出开会”，本人在休息室",
            "离岗未放置告示牌",
            "告示牌返岗时间已过仍未返岗",
        ],
        "presence" => &[
            "上午十时窗口无人，二十分钟后返回",
            "工作时间擅自离岗外出办私事",
            "两名工作人员均不在岗，群众等候",
        ],
        "conduct" => &[
            "工作时间用手机炒股",
            "工作时间在电脑上看视频",
            "工作时间玩手机游戏",
            "工作时间网购",
        ],
        "ab-post" => &["A岗休假，B岗人员不知晓职责", "B岗未安排人员，业务暂停办理"],
        "time-limit" => &[
            "承诺3个工作日办结的事项超期未办",
            "以材料不全为由反复要求补件",
        ],
        "first-inquiry" => &["首问人员称“不归我管”，未引导", "群众咨询时未予答复"],
        _ => &["对群众咨询态度生硬", "以“下班了”为由拒绝接待"],
    };
    notes[n % notes.len()]
}

const SURNAMES: [&str; 20] = [
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗",
];
const GIVEN: [&str; 20] = [
    "伟", "静", "敏", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "霞",
    "平", "刚", "桂英", "建华", "晓东",
];

/// A fictional name, the same for the same `n`.
fn person(n: usize) -> String {
    format!("{}{}", SURNAMES[(n * 7 + 3) % 20], GIVEN[(n * 11 + 5) % 20])
}

fn post_of(unit: &str) -> &'static str {
    if unit.contains("窗口") {
        "窗口工作人员"
    } else if unit.contains("热电") {
        "客服专员"
    } else {
        "科员"
    }
}

/// 10:30 Beijing time on `day`, plus `minutes`.
fn at(day: NaiveDate, minutes: i64) -> DateTime<Utc> {
    xiaoneng_domain::beijing::from_local(
        day.and_time(NaiveTime::from_hms_opt(10, 30, 0).expect("a time")),
    ) + Duration::minutes(minutes)
}

fn demo_audit(
    when: DateTime<Utc>,
    actor: i64,
    action: &'static str,
    entity: &'static str,
) -> AuditEntry {
    AuditEntry {
        detail: serde_json::json!({ "demo": true }),
        ..AuditEntry::new(when, Some(actor), action, entity)
    }
}

struct Story<'a> {
    store: &'a Store,
    calendar: HolidayCalendar,
    office: i64,
    inspectors: [i64; 2],
    /// Unit id → its liaison.
    liaisons: Vec<(i64, i64)>,
    units: Vec<(i64, String)>,
}

impl Story<'_> {
    fn liaison_of(&self, unit: i64) -> i64 {
        self.liaisons
            .iter()
            .find(|(u, _)| *u == unit)
            .or_else(|| self.liaisons.first())
            .map(|(_, l)| *l)
            .unwrap_or(self.office)
    }

    /// A demo unit's id by its name.
    fn unit(&self, name: &str) -> anyhow::Result<i64> {
        self.units
            .iter()
            .find(|(_, n)| n == name)
            .map(|(id, _)| *id)
            .ok_or_else(|| anyhow::anyhow!("demo unit {name} is missing"))
    }

    fn unit_name(&self, unit: i64) -> String {
        self.units
            .iter()
            .find(|(id, _)| *id == unit)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    }

    fn wd(&self, day: NaiveDate, n: u32) -> NaiveDate {
        self.calendar.add_working_days(day, n)
    }

    /// One workflow step on `day`, checked by the shared rules as the API checks it.
    async fn step(
        &self,
        id: i64,
        action: ActionKind,
        actor: i64,
        day: NaiveDate,
        comment: Option<&str>,
        deadline: Option<NaiveDate>,
    ) -> anyhow::Result<()> {
        let row = self
            .store
            .finding(id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("finding {id} vanished"))?;
        let from = Progress {
            state: FindingState::parse(&row.state).ok_or_else(|| anyhow::anyhow!("state"))?,
            verify_by: row.verify_by,
            rectify_by: row.rectify_by,
            extension_requested: row.extension_requested,
        };
        let req = ActionRequest {
            action,
            comment: comment.map(Into::into),
            deadline,
            into: None,
            version: row.version,
        };
        // The role whose step it is (the office's, or the unit's).
        let role = xiaoneng_domain::finding::rule(action).by[0];
        let next = from
            .apply(&req, role, day)
            .map_err(|e| anyhow::anyhow!("demo step {action:?} on {id}: {e:?}"))?;
        let when = at(day, 60 + (id % 300));
        let step = FindingStep {
            at: when,
            actor_id: actor,
            action: action.as_str(),
            from,
            next,
            comment: req.comment.clone(),
            deadline,
            merge: None,
        };
        let audit = demo_audit(when, actor, action.as_str(), "finding");
        anyhow::ensure!(
            self.store
                .advance_finding(id, row.version, &step, audit)
                .await?
                == Written::Done,
            "demo step {action:?} on {id} lost a race"
        );
        Ok(())
    }

    /// Takes a recorded finding through its workflow from `day` on, up to `until`.
    async fn walk(
        &self,
        id: i64,
        unit: i64,
        day: NaiveDate,
        until: FindingState,
    ) -> anyhow::Result<NaiveDate> {
        use ActionKind::*;
        let (office, liaison) = (self.office, self.liaison_of(unit));
        let fed = self.wd(day, 1);
        self.step(id, FeedBack, office, fed, None, Some(self.wd(fed, 5)))
            .await?;
        if until == FindingState::FedBack {
            return Ok(fed);
        }
        let verified = self.wd(fed, 2);
        self.step(
            id,
            ReportVerification,
            liaison,
            verified,
            Some("经核查，反映情况属实，已责成当事人作出说明。"),
            None,
        )
        .await?;
        let decided = self.wd(verified, 1);
        self.step(
            id,
            Substantiate,
            office,
            decided,
            Some("经核实，问题属实。"),
            None,
        )
        .await?;
        if until == FindingState::Substantiated {
            return Ok(decided);
        }
        self.step(
            id,
            OrderRectification,
            office,
            decided,
            Some("请限期整改并报送整改报告。"),
            Some(self.wd(decided, 10)),
        )
        .await?;
        if until == FindingState::Rectifying {
            return Ok(decided);
        }
        let reported = self.wd(decided, 6);
        self.step(
            id,
            SubmitReport,
            liaison,
            reported,
            Some("已对当事人批评教育，完善考勤和离岗告示制度，组织全体人员学习。"),
            None,
        )
        .await?;
        if until == FindingState::ReportSubmitted {
            return Ok(reported);
        }
        let accepted = self.wd(reported, 2);
        self.step(
            id,
            Accept,
            office,
            accepted,
            Some("整改到位，予以销号。"),
            None,
        )
        .await?;
        Ok(accepted)
    }

    /// A visit planned by `planner` (the office, or a liaison in their
    /// unit's own round), with its inspection submitted on `day` when
    /// `submit`; `failures` are (item, note index, person).
    #[allow(clippy::too_many_arguments)]
    async fn visit_by(
        &self,
        planner: i64,
        batch: i64,
        checklist: i64,
        unit: i64,
        day: NaiveDate,
        mode: VisitMode,
        inspector: i64,
        failures: &[(&str, usize, usize)],
        submit: bool,
    ) -> anyhow::Result<Vec<(i64, String)>> {
        let planned = at(day, -7 * 24 * 60);
        let input = VisitInput {
            batch_id: batch,
            unit_id: unit,
            planned_on: day,
            mode,
            inspector_ids: vec![inspector],
            checklist_id: checklist,
            version: None,
        };
        let visit = self
            .store
            .create_visit(
                &input,
                planner,
                demo_audit(planned, planner, "create", "visit"),
            )
            .await?;
        if !submit && failures.is_empty() {
            return Ok(vec![]);
        }
        let answers: Vec<Answer> = checklist_items()
            .iter()
            .map(|item| {
                let failed = failures.iter().find(|(k, _, _)| *k == item.key);
                Answer {
                    item: item.key.clone(),
                    outcome: Some(if failed.is_some() {
                        Outcome::Fail
                    } else {
                        Outcome::Pass
                    }),
                    value: None,
                    note: failed.map(|(k, n, _)| note(k, *n).to_owned()),
                }
            })
            .collect();
        let started = at(day, 0);
        let draft = DraftRow {
            visit,
            checklist,
            version: 0,
            answers: serde_json::to_string(&answers)?,
            notes: String::new(),
            inspector,
        };
        self.store
            .save_inspection(&draft, demo_audit(started, inspector, "save", "inspection"))
            .await?
            .written("demo inspection draft")?;
        if !submit {
            return Ok(vec![]);
        }
        let row = self
            .store
            .inspection(visit)
            .await?
            .ok_or_else(|| anyhow::anyhow!("inspection of visit {visit} vanished"))?;
        let unit_name = self.unit_name(unit);
        let items = checklist_items();
        let findings: Vec<(String, NewFinding)> = failures
            .iter()
            .map(|(key, n, who)| {
                let item = items
                    .iter()
                    .find(|i| i.key == *key)
                    .expect("a checklist item");
                (
                    (*key).to_owned(),
                    NewFinding {
                        unit_id: unit,
                        source: Source::Inspection,
                        dimension: item.dimension,
                        severity: if *key == "conduct" {
                            Severity::Serious
                        } else {
                            Severity::Minor
                        },
                        title: item.text.clone(),
                        description: format!("{}:{}", person(*who), note(key, *n)),
                        observed_on: day,
                        people: vec![PersonInvolved {
                            name: person(*who),
                            post: post_of(&unit_name).to_owned(),
                        }],
                    },
                )
            })
            .collect();
        let submitted = at(day, 90);
        let created = self
            .store
            .submit_inspection(
                &row,
                &findings,
                demo_audit(submitted, inspector, "submit", "inspection"),
            )
            .await?
            .ok_or_else(|| anyhow::anyhow!("inspection of visit {visit} was not a draft"))?;
        Ok(created
            .into_iter()
            .zip(failures)
            .map(|((_, id, _), (_, _, who))| (id, person(*who)))
            .collect())
    }
}

fn checklist_items() -> Vec<ChecklistItem> {
    checklist()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a real date")
}

pub async fn load(store: &Store) -> anyhow::Result<()> {
    let days = store.holidays().await?;
    let calendar = HolidayCalendar::new(
        days.iter().filter(|(_, w)| !w).map(|(d, _)| *d),
        days.iter().filter(|(_, w)| *w).map(|(d, _)| *d),
    );
    let id_of = |name: &'static str| async move {
        store
            .user_by_username(name)
            .await?
            .map(|u| u.id)
            .ok_or_else(|| anyhow::anyhow!("demo user {name} is missing"))
    };
    let office = id_of("office").await?;
    let inspectors = [id_of("inspector").await?, id_of("inspector2").await?];
    let units: Vec<(i64, String)> = store
        .units()
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let unit = |name: &str| {
        units
            .iter()
            .find(|(_, n)| n == name)
            .map(|(id, _)| *id)
            .ok_or_else(|| anyhow::anyhow!("demo unit {name} is missing"))
    };

    // Every unit has a liaison; the story's own cannot sign in (nobody knows their password).
    let mut liaisons = vec![
        (unit("市房产局")?, id_of("liaison").await?),
        (unit("合肥热电集团")?, id_of("liaison2").await?),
    ];
    let unusable = password::hash(hex::encode(rand::random::<[u8; 32]>())).await?;
    let now = Utc::now();
    for (i, (id, name)) in units.iter().enumerate() {
        if liaisons.iter().any(|(u, _)| u == id) {
            continue;
        }
        let user = NewUser {
            username: format!("liaison-{id}"),
            display_name: format!("联络员 {}", person(100 + i)),
            role: Role::Liaison,
            unit_id: Some(*id),
            password_hash: unusable.clone(),
            must_change_password: true,
        };
        let audit = AuditEntry {
            detail: serde_json::json!({ "demo": true, "unit": name }),
            ..AuditEntry::new(now, None, "create", "user")
        };
        liaisons.push((*id, store.create_user(&user, audit).await?));
    }
    let story = Story {
        store,
        calendar,
        office,
        inspectors,
        liaisons,
        units: units.clone(),
    };
    let campaign = campaign_2020(&story).await?;
    this_month(&story, campaign.checklist).await?;
    units_own_rounds(&story, campaign.checklist).await?;
    people(&story).await?;
    Ok(())
}

struct Campaign {
    checklist: i64,
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

async fn campaign_2020(story: &Story<'_>) -> anyhow::Result<Campaign> {
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
        let decision = NewDecision {
            finding_ids: vec![*id],
            person_name: who.clone(),
            person_unit_id: *unit,
            person_post: post_of(&unit_name).into(),
            measures,
            basis: basis.into(),
            notes: None,
            decided_on,
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

    let r1: Vec<i64> = findings.iter().filter(|f| f.4 == 0).map(|f| f.0).collect();
    let all: Vec<i64> = findings.iter().map(|f| f.0).collect();
    let names = |list: &[(i64, String)]| {
        list.iter()
            .map(|(_, n)| n.clone())
            .collect::<Vec<_>>()
            .join("、")
    };
    let bulletins = [
        (
            "合效办〔2020〕9号",
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
            "合效办〔2020〕10号",
            "关于做好第一轮督查发现问题整改工作的通知",
            BulletinKind::TypicalCases,
            "各单位：请于规定期限内完成整改，整改报告经单位主要负责人签字后报市效能办。".to_owned(),
            Audience::Internal,
            r1.clone(),
            vec![],
            d(2020, 7, 7),
        ),
        (
            "合效办〔2020〕11号",
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
            "合效办〔2020〕14号",
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
            "合效办〔2020〕18号",
            "关于机关效能建设三轮全覆盖督查情况的通报",
            BulletinKind::InspectionResults,
            format!(
                "截至8月14日，市效能办已完成三轮全覆盖督查，共查实问题{} 个，目前均已整改到位，相关责任人员均已问责。\n\n\
                 ## 各轮督查情况\n\n\
                 - 第一轮：查实问题 20 个\n\
                 - 第二轮：查实问题 13 个\n\
                 - 第三轮：查实问题 7 个\n\n\
                 ## 下一步工作\n\n\
                 将坚持**“每月一轮、每周一批”**，持续开展明查暗访，推动机关作风持续改进。",
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
            doc_number: doc_number.into(),
            title: title.into(),
            kind,
            body,
            audience,
            finding_ids,
            decision_ids,
            show_names: false,
            version: None,
        };
        publish(story, &input, day).await?;
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

/// Drafts, reviews and publishes a bulletin on `day`, storing the public
/// text the way the API does (names masked unless shown).
async fn publish(story: &Story<'_>, input: &BulletinInput, day: NaiveDate) -> anyhow::Result<i64> {
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
        .map(|m| m.person_name)
        .collect();
    for people in store.bulletin_finding_people(id).await? {
        let people: Vec<PersonInvolved> = serde_json::from_str(&people)?;
        names.extend(people.into_iter().map(|p| p.name));
    }
    let masked = input.audience == Audience::Public && !input.show_names;
    let names = if masked { names } else { vec![] };
    let steps = [
        (BulletinState::Draft, BulletinState::InReview, -60, "submit"),
        (
            BulletinState::InReview,
            BulletinState::Published,
            0,
            "publish",
        ),
    ];
    for (version, (from, to, minutes, action)) in steps.into_iter().enumerate() {
        let publishing = to == BulletinState::Published;
        let step = BulletinStep {
            from,
            to,
            reason: None,
            public_title: publishing.then(|| redact(&input.title, &names)),
            public_body: publishing.then(|| redact(&input.body, &names)),
        };
        anyhow::ensure!(
            store
                .advance_bulletin(
                    id,
                    version as i64 + 1,
                    &step,
                    demo_audit(at(day, minutes), office, action, "bulletin")
                )
                .await?
                == Written::Done,
            "demo bulletin {id} did not move"
        );
    }
    Ok(id)
}

/// The units' own rounds this month: 合肥热电集团's departments inspect each
/// other (互查, as the source's state enterprise did with its teams), and
/// 市房产局 inspects its own units (自查) — one visit made, one for the
/// demo liaison to make.
async fn units_own_rounds(story: &Story<'_>, checklist: i64) -> anyhow::Result<()> {
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

/// This month: a round in progress with work in every state, visits coming
/// up, and citizen reports.
async fn this_month(story: &Story<'_>, checklist: i64) -> anyhow::Result<()> {
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
            },
            photo: None,
            address_hash: "demo".into(),
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
        .ok_or_else(|| anyhow::anyhow!("report"))?;
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
        .ok_or_else(|| anyhow::anyhow!("report"))?;
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

/// Staff, A/B posts and away notices of the units the story visits most;
/// the supervisors who joined the 2020 campaign and their grades; the
/// commitment letters of 2020 and this year, signed by most.
async fn people(story: &Story<'_>) -> anyhow::Result<()> {
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
