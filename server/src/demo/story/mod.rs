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
use xiaoneng_domain::finding::{ActionKind, ActionRequest, FindingState};
use xiaoneng_domain::planning::{NewBatch, RoundInput, RoundKind, VisitInput, VisitMode};
use xiaoneng_domain::reassignment::{HostGrade, ReassignmentReturn};
use xiaoneng_domain::record::{Dimension, NewFinding, PersonInvolved, Severity, Source};
use xiaoneng_domain::report::NewReport;
use xiaoneng_domain::stored::JsonText;
use xiaoneng_domain::{HolidayCalendar, Role};

use crate::auth::password;
use crate::db::{
    AuditEntry, BulletinStep, DraftRow, FindingStep, NewReportRow, NewUser, Numbering, Store,
};

/// The checklist the source describes.
mod campaign_2020;
mod people;
mod this_month;
mod units_own_rounds;

use campaign_2020::campaign_2020;
use people::people;
use this_month::this_month;
use units_own_rounds::units_own_rounds;

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
    /// Signs bulletins off.
    leader: i64,
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
        let from = row.progress;
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
        self.store
            .advance_finding(id, row.version, &step, audit)
            .await?
            .written(&format!("demo step {action:?} on {id}"))?;
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
            answers: JsonText(answers),
            notes: String::new(),
            observations: JsonText(vec![]),
            // The demo's visits predate their units' staff lists.
            snapshot: None,
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
                        title: item.failure_title(),
                        description: format!("{}：{}", person(*who), note(key, *n)),
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
    let leader = id_of("leader").await?;
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
            email: None,
            mobile: None,
            signs_bulletins: false,
        };
        let audit = AuditEntry {
            detail: serde_json::json!({ "demo": true, "unit": name }),
            ..AuditEntry::new(now, None, "create", "user")
        };
        liaisons.push((*id, store.create_user(&user, audit).await?));
    }
    let story = Story {
        store,
        leader,
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
