//! Demo data, loaded on the first start in demo mode (`XIAONENG_DEMO=true`)
//! and never otherwise. Units are real (DOMAIN.md); people are fictional.

use chrono::Utc;
use xiaoneng_domain::Role;
use xiaoneng_domain::calendar::CalendarDay;

use crate::auth::password;
use crate::db::{AuditEntry, NewUnit, NewUser, Store};

/// Every demo login uses this password.
pub const DEMO_PASSWORD: &str = "xiaoneng-demo";

/// The demo logins: username, display name, role, and a liaison's unit (an index into [`units`]).
pub const DEMO_USERS: [(&str, &str, Role, Option<usize>); 7] = [
    ("admin", "系统管理员 周立", Role::Admin, None),
    ("office", "效能办 陈晓岚", Role::Office, None),
    ("inspector", "督查员 林国栋", Role::Inspector, None),
    ("inspector2", "督查员 马思远", Role::Inspector, None),
    ("liaison", "联络员 吴佳怡", Role::Liaison, Some(6)),
    ("liaison2", "联络员 何文静", Role::Liaison, Some(11)),
    ("leader", "分管领导 许明远", Role::Leader, None),
];

fn unit(name: &str, kind: &str) -> NewUnit {
    NewUnit {
        parent_id: None,
        name: name.to_owned(),
        kind: kind.to_owned(),
    }
}

/// The unit tree, each with the index of its parent.
fn units() -> Vec<(NewUnit, Option<usize>)> {
    vec![
        (unit("市委办公室", "municipal_unit"), None),
        (unit("市纪委监委", "municipal_unit"), None),
        (unit("市委统战部", "municipal_unit"), None),
        (unit("市委宣传部", "municipal_unit"), None),
        (unit("市政府办公室", "municipal_unit"), None),
        (unit("市直机关工委", "municipal_unit"), None),
        (unit("市房产局", "municipal_unit"), None),
        (unit("市房产局办公室", "office"), Some(6)),
        (unit("市房产局房地产市场监管处", "office"), Some(6)),
        (unit("市房产局物业管理处", "office"), Some(6)),
        (unit("市房产局政务服务窗口", "service_window"), Some(6)),
        (unit("合肥热电集团", "state_enterprise"), None),
        (unit("合肥热电集团客户服务窗口", "service_window"), Some(11)),
        (
            unit("市房产局住房保障服务中心", "subordinate_unit"),
            Some(6),
        ),
        (unit("合肥热电集团热源生产部", "office"), Some(11)),
        (unit("合肥热电集团工程建设部", "office"), Some(11)),
    ]
}

mod story;

/// Loads the demo units and logins if there are no users yet, and with
/// `story` the campaign of 2020 and this month's work (see `story.rs`).
pub async fn load_if_empty(store: &Store, story: bool) -> anyhow::Result<()> {
    if store.count_users().await? > 0 {
        return Ok(());
    }
    let hash = password::hash(DEMO_PASSWORD.to_owned()).await?;
    let users: Vec<(NewUser, Option<usize>)> = DEMO_USERS
        .iter()
        .map(|(username, name, role, unit)| {
            let user = NewUser {
                username: (*username).to_owned(),
                display_name: (*name).to_owned(),
                role: *role,
                unit_id: None,
                password_hash: hash.clone(),
                must_change_password: false,
                email: None,
                mobile: None,
                signs_bulletins: false,
            };
            (user, *unit)
        })
        .collect();
    if !store.seed(&units(), &users, Utc::now()).await? {
        // Another replica, started with this one, loads the demo.
        return Ok(());
    }
    let mut calendar = calendar_2020();
    calendar.extend(calendar_2026());
    store.seed_calendar(&calendar, Utc::now()).await?;
    if story {
        story::load(store).await?;
        // What the story told people more than two weeks ago has been read.
        store
            .read_notifications_before(Utc::now() - chrono::TimeDelta::days(14))
            .await?;
    }
    // Every demo login can be reached at username@example.org (set after the
    // story, so that its past is not mailed at the first start).
    for (username, ..) in DEMO_USERS {
        let Some(user) = store.user_by_username(username).await? else {
            continue;
        };
        let settings = xiaoneng_domain::notification::NotificationSettings {
            email: Some(format!("{username}@example.org")),
            mobile: None,
            lang: xiaoneng_domain::Lang::ZhCn,
            preferences: Vec::new(),
        };
        let audit = AuditEntry::system(
            Utc::now(),
            "update",
            "notification_settings",
            user.id,
            username,
        );
        store
            .set_notification_settings(user.id, &settings, audit)
            .await?;
    }
    tracing::info!(story, "demo data loaded");
    Ok(())
}

/// A holiday as the State Council's arrangement names it: (name, first
/// day, last day), the days as (month, day).
type Holiday = (&'static str, (u32, u32), (u32, u32));

/// A weekend day worked instead: ((month, day), name).
type WorkedDay = ((u32, u32), &'static str);

/// The State Council's 2020 holiday arrangement, with the Spring Festival
/// extension (DOMAIN.md).
pub fn calendar_2020() -> Vec<CalendarDay> {
    arrangement(
        2020,
        &[
            ("元旦", (1, 1), (1, 1)),
            ("春节（含延长假期）", (1, 24), (2, 2)),
            ("清明节", (4, 4), (4, 6)),
            ("劳动节", (5, 1), (5, 5)),
            ("端午节", (6, 25), (6, 27)),
            ("国庆节、中秋节", (10, 1), (10, 8)),
        ],
        &[
            ((1, 19), "春节调休上班"),
            ((4, 26), "劳动节调休上班"),
            ((5, 9), "劳动节调休上班"),
            ((6, 28), "端午节调休上班"),
            ((9, 27), "国庆节调休上班"),
            ((10, 10), "国庆节调休上班"),
        ],
    )
}

/// The State Council's 2026 holiday arrangement (announced in November
/// 2025), so the demo's deadlines this year count working days as an
/// office's would. Later years are for the office to enter or import
/// (`.ics` or CSV): the arrangement is announced each November.
pub fn calendar_2026() -> Vec<CalendarDay> {
    arrangement(
        2026,
        &[
            ("元旦", (1, 1), (1, 3)),
            ("春节", (2, 15), (2, 23)),
            ("清明节", (4, 4), (4, 6)),
            ("劳动节", (5, 1), (5, 5)),
            ("端午节", (6, 19), (6, 21)),
            ("中秋节", (9, 25), (9, 27)),
            ("国庆节", (10, 1), (10, 7)),
        ],
        &[
            ((1, 4), "元旦调休上班"),
            ((2, 14), "春节调休上班"),
            ((2, 28), "春节调休上班"),
            ((5, 9), "劳动节调休上班"),
            ((9, 20), "国庆节调休上班"),
            ((10, 10), "国庆节调休上班"),
        ],
    )
}

/// A year's calendar days from its holidays and its weekend days worked.
fn arrangement(year: i32, holidays: &[Holiday], worked: &[WorkedDay]) -> Vec<CalendarDay> {
    let d = |m: u32, day: u32| chrono::NaiveDate::from_ymd_opt(year, m, day).expect("a real date");
    let mut days = Vec::new();
    for (name, from, to) in holidays {
        let (from, to) = (d(from.0, from.1), d(to.0, to.1));
        days.extend(
            from.iter_days()
                .take_while(|day| *day <= to)
                .map(|day| CalendarDay {
                    day,
                    working: false,
                    name: (*name).to_owned(),
                }),
        );
    }
    days.extend(worked.iter().map(|((m, day), name)| CalendarDay {
        day: d(*m, *day),
        working: true,
        name: (*name).to_owned(),
    }));
    days.sort_by_key(|day| day.day);
    days
}
