//! Demo data, loaded on the first start in demo mode (`XIAONENG_DEMO=true`)
//! and never otherwise. Units are real (DOMAIN.md); people are fictional.

use chrono::Utc;
use xiaoneng_domain::Role;

use crate::auth::password;
use crate::db::{NewUnit, NewUser, Store};

/// Every demo login uses this password.
pub const DEMO_PASSWORD: &str = "xiaoneng-demo";

/// The demo logins: username, display name, role.
pub const DEMO_USERS: [(&str, &str, Role); 5] = [
    ("admin", "系统管理员 周立", Role::Admin),
    ("office", "效能办 陈晓岚", Role::Office),
    ("inspector", "督查员 林国栋", Role::Inspector),
    ("liaison", "联络员 吴佳怡", Role::Liaison),
    ("leader", "分管领导 许明远", Role::Leader),
];

/// The liaison's unit (an index into [`units`]).
const LIAISON_UNIT: usize = 6;

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
    ]
}

/// Loads the demo units and logins if there are no users yet.
pub async fn load_if_empty(store: &Store) -> anyhow::Result<()> {
    if store.count_users().await? > 0 {
        return Ok(());
    }
    let hash = password::hash(DEMO_PASSWORD.to_owned()).await?;
    let users: Vec<(NewUser, Option<usize>)> = DEMO_USERS
        .iter()
        .map(|(username, name, role)| {
            let user = NewUser {
                username: (*username).to_owned(),
                display_name: (*name).to_owned(),
                role: *role,
                unit_id: None,
                password_hash: hash.clone(),
                must_change_password: false,
            };
            (user, role.needs_unit().then_some(LIAISON_UNIT))
        })
        .collect();
    store.seed(&units(), &users, Utc::now()).await?;
    tracing::info!("demo data loaded");
    Ok(())
}
