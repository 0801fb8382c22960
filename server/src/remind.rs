//! The daily reminder pass: for every running deadline, the reminders and
//! escalation-ladder steps its day calls for (`reminder::due_stages`, on
//! the office's working-day calendar), each taken once; then each user's
//! daily digest. Run inside the server at `XIAONENG_REMIND_AT` (Beijing
//! time) and by `xiaoneng remind`.

use chrono::{DateTime, NaiveDate, Utc};
use xiaoneng_domain::finding::ActionKind;
use xiaoneng_domain::notification::{NotificationKind, Recipients};
use xiaoneng_domain::reminder::{LadderStep, Stage, due_stages};

use crate::Store;
use crate::db::Reminder;

/// What a pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    /// Reminders sent (before, on and after a deadline).
    pub reminders: u64,
    /// Ladder steps taken (催办, escalation, 督办).
    pub steps: u64,
    /// Digest e-mails queued.
    pub digests: u64,
}

/// What a stage does: the timeline's step (a ladder's), the notification and who gets it.
fn effect(stage: Stage) -> (Option<ActionKind>, NotificationKind, Recipients) {
    let ladder = |action: ActionKind| {
        let (kind, recipients) =
            NotificationKind::of_action(action).expect("every ladder step tells someone");
        (Some(action), kind, recipients)
    };
    match stage {
        Stage::Before(_) => (
            None,
            NotificationKind::DeadlineNear,
            Recipients::UnitLiaisons,
        ),
        Stage::Today => (
            None,
            NotificationKind::DeadlineToday,
            Recipients::UnitLiaisons,
        ),
        Stage::Overdue => (None, NotificationKind::Overdue, Recipients::UnitLiaisons),
        Stage::Ladder(rung) => ladder(match rung.step {
            LadderStep::Urge => ActionKind::Urge,
            LadderStep::Escalate => ActionKind::Escalate,
            LadderStep::Supervise => ActionKind::Supervise,
        }),
    }
}

/// Runs one pass for `today` (Beijing), at `now`.
pub async fn pass(
    store: &Store,
    before: &[u32],
    today: NaiveDate,
    now: DateTime<Utc>,
) -> sqlx::Result<Pass> {
    let calendar = store.calendar().await?;
    let ladder = store.escalation_ladder().await?;
    let mut done = Pass::default();
    for running in store.running_deadlines().await? {
        for stage in due_stages(&calendar, running.deadline, today, before, &ladder) {
            let (step, kind, recipients) = effect(stage);
            let reminder = Reminder {
                finding: running.id,
                deadline: running.deadline,
                stage: stage.key(),
                step,
                kind,
                recipients,
            };
            let taken = store.take_reminder(&reminder, today, now).await?;
            if taken {
                if step.is_some() {
                    done.steps += 1;
                } else {
                    done.reminders += 1;
                }
            }
        }
    }
    done.digests = store.queue_digests(now).await?;
    store.mark_daily_pass(today, now).await?;
    Ok(done)
}

/// Runs the pass once a day at `XIAONENG_REMIND_AT` (and at start when
/// that time has passed today): every replica does, and each step is
/// taken once whoever gets there first.
pub async fn daily(state: crate::AppState) {
    let mut last: Option<NaiveDate> = None;
    loop {
        let now = Utc::now();
        let local = xiaoneng_domain::beijing::local(now);
        if local.time() >= state.config.remind_at && last != Some(local.date()) {
            match pass(&state.store, &state.config.remind_before, local.date(), now).await {
                Ok(done) => {
                    last = Some(local.date());
                    tracing::info!(
                        reminders = done.reminders,
                        steps = done.steps,
                        digests = done.digests,
                        "the daily reminder pass ran"
                    );
                }
                Err(e) => {
                    tracing::warn!(error = %e, "the daily reminder pass failed; trying again in a minute")
                }
            }
        }
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
    }
}
