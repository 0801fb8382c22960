//! Delivering the outbox: e-mail over SMTP (lettre) and the webhook
//! (signed JSON over HTTP). A worker in every server claims due rows a
//! batch at a time (`Store::claim_deliveries`: one replica per row), sends
//! them, and records each attempt; a failed one is tried again later,
//! waiting twice as long each time, until `XIAONENG_DELIVERY_ATTEMPTS` is
//! spent and the office sees it under failed deliveries.
//!
//! A row is sent at least once: a server killed between sending and
//! recording sends it again when its claim runs out (the webhook's
//! `X-Xiaoneng-Delivery` header lets a receiver drop the repeat).

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, TimeDelta, Utc};
use hmac::{KeyInit, Mac};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use xiaoneng_domain::Lang;

use crate::db::{DeliveryRow, MailNotificationRow, Store};
use crate::http::notifications::excerpt;

/// Rows claimed at once.
const BATCH: i64 = 32;
/// How long a claim holds: a worker that dies leaves its rows to another after this.
const CLAIM: TimeDelta = TimeDelta::minutes(2);
/// How often an idle worker looks for due rows.
const POLL: Duration = Duration::from_millis(500);
/// The longest wait between two attempts.
const MAX_BACKOFF: TimeDelta = TimeDelta::hours(6);
/// How long the webhook's receiver may take to answer.
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(10);

/// What sends: the SMTP transport and the webhook, as configured.
pub struct Deliverer {
    store: Store,
    mailer: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>,
    webhook: Option<(String, Vec<u8>)>,
    http: reqwest::Client,
    /// Where links in messages point (`XIAONENG_PUBLIC_URL`).
    base_url: String,
    attempts: u32,
    backoff: TimeDelta,
}

impl Deliverer {
    /// `None` when neither e-mail nor the webhook is configured.
    pub fn new(store: Store, config: &crate::Config) -> anyhow::Result<Option<Deliverer>> {
        let (mailer, webhook) = channels(config)?;
        if mailer.is_none() && webhook.is_none() {
            return Ok(None);
        }
        let base_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", config.listen))
            .trim_end_matches('/')
            .to_owned();
        Ok(Some(Deliverer {
            store,
            mailer,
            webhook,
            http: reqwest::Client::builder()
                .timeout(WEBHOOK_TIMEOUT)
                .build()
                .context("building the webhook's HTTP client")?,
            base_url,
            attempts: config.delivery_attempts.max(1),
            backoff: TimeDelta::seconds(config.delivery_backoff_seconds.max(1) as i64),
        }))
    }

    /// Delivers until the process ends.
    pub async fn run(self: Arc<Self>) {
        loop {
            match self.clone().deliver_due().await {
                Ok(n) if n as i64 == BATCH => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "claiming messages to deliver failed"),
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Claims one batch of due rows and delivers them, several at once;
    /// returns how many were claimed.
    pub async fn deliver_due(self: Arc<Self>) -> sqlx::Result<usize> {
        let now = Utc::now();
        let rows = self.store.claim_deliveries(now, now + CLAIM, BATCH).await?;
        let n = rows.len();
        let mut sending = tokio::task::JoinSet::new();
        for row in rows {
            let me = self.clone();
            sending.spawn(async move { me.deliver(row).await });
        }
        while sending.join_next().await.is_some() {}
        Ok(n)
    }

    /// Sends one row and records the attempt.
    async fn deliver(&self, row: DeliveryRow) {
        let sent = self.send(&row).await;
        let at = Utc::now();
        let (error, retry_at) = match &sent {
            Ok(()) => (None, None),
            Err(e) => {
                let error = format!("{e:#}");
                let retry_at = (row.attempts < i64::from(self.attempts))
                    .then(|| backoff(self.backoff, row.attempts, at));
                tracing::warn!(id = row.id, channel = %row.channel, attempt = row.attempts, error = %error, "a delivery failed");
                (Some(error), retry_at)
            }
        };
        if let Err(e) = self
            .store
            .record_delivery(row.id, at, error.as_deref(), retry_at)
            .await
        {
            // Its claim runs out and it is tried again: sent twice at worst.
            tracing::warn!(id = row.id, error = %e, "recording a delivery failed");
        }
    }

    async fn send(&self, row: &DeliveryRow) -> anyhow::Result<()> {
        match (row.channel.as_str(), row.topic.as_str()) {
            ("email", topic) => {
                let (transport, from) = self
                    .mailer
                    .as_ref()
                    .context("no SMTP server is configured (XIAONENG_SMTP_URL)")?;
                let to: Mailbox = row
                    .address
                    .as_deref()
                    .context("no address")?
                    .trim()
                    .parse()
                    .context("the address is not one mail can go to")?;
                let mail = match topic {
                    "notification" => {
                        let n = self.notification(row).await?;
                        self.notification_mail(&n)
                    }
                    "digest" => self.digest_mail(row).await?,
                    "report_status" => self.report_mail(row).await?,
                    other => anyhow::bail!("unknown topic {other}"),
                };
                let message = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .message_id(None)
                    .subject(mail.subject)
                    .multipart(MultiPart::alternative_plain_html(mail.text, mail.html))
                    .context("building the message")?;
                transport
                    .send(message)
                    .await
                    .context("the SMTP server refused it")?;
                Ok(())
            }
            ("webhook", "notification") => {
                let (url, secret) = self
                    .webhook
                    .as_ref()
                    .context("no webhook is configured (XIAONENG_WEBHOOK_URL)")?;
                let n = self.notification(row).await?;
                let body = serde_json::to_vec(&self.webhook_payload(row.id, &n))?;
                let timestamp = Utc::now().timestamp().to_string();
                let answer = self
                    .http
                    .post(url)
                    .header("Content-Type", "application/json")
                    .header("X-Xiaoneng-Delivery", row.id.to_string())
                    .header("X-Xiaoneng-Timestamp", &timestamp)
                    .header("X-Xiaoneng-Signature", sign(secret, &timestamp, &body))
                    .body(body)
                    .send()
                    .await
                    .context("the webhook could not be reached")?;
                anyhow::ensure!(
                    answer.status().is_success(),
                    "the webhook answered {}",
                    answer.status()
                );
                Ok(())
            }
            (channel, topic) => anyhow::bail!("nothing sends {topic} by {channel}"),
        }
    }

    async fn notification(&self, row: &DeliveryRow) -> anyhow::Result<MailNotificationRow> {
        let id = row.notification_id.context("no notification")?;
        self.store
            .mail_notification(id)
            .await?
            .context("the notification is gone")
    }

    /// The page a notification opens.
    fn link(&self, n: &MailNotificationRow) -> String {
        let path = match (n.finding_id, n.report_id, n.visit_id, n.bulletin_id) {
            (Some(id), ..) => format!("/staff/findings/{id}"),
            (_, Some(id), ..) => format!("/staff/reports/{id}"),
            (_, _, Some(id), _) => format!("/staff/visits/{id}"),
            (.., Some(id)) => format!("/staff/bulletins/{id}"),
            _ => "/staff/inbox".to_owned(),
        };
        format!("{}{path}", self.base_url)
    }

    fn text(n: &MailNotificationRow) -> String {
        n.kind
            .text(&n.code, &excerpt(&n.title), n.deadline, lang_of(&n.lang))
    }

    fn notification_mail(&self, n: &MailNotificationRow) -> Mail {
        let lang = lang_of(&n.lang);
        let words = Words::of(lang);
        let text = Self::text(n);
        let link = self.link(n);
        Mail {
            subject: format!("{}{}", words.subject_prefix, n.kind.label(lang)),
            text: format!(
                "{}{}\n\n{text}\n\n{}{link}\n\n{}\n",
                n.display_name, words.greeting_end, words.open, words.footer
            ),
            html: format!(
                "<p>{}{}</p><p>{}</p><p><a href=\"{}\">{}</a></p><p style=\"color:#555\">{}</p>",
                escape(&n.display_name),
                words.greeting_end,
                escape(&text),
                escape(&link),
                words.open_link,
                words.footer
            ),
        }
    }

    async fn digest_mail(&self, row: &DeliveryRow) -> anyhow::Result<Mail> {
        let items = self.store.digest_notifications(row.id).await?;
        let first = items.first().context("an empty digest")?;
        let lang = lang_of(&first.lang);
        let words = Words::of(lang);
        let mut text = format!("{}{}\n\n", first.display_name, words.greeting_end);
        let mut html = format!(
            "<p>{}{}</p><ol>",
            escape(&first.display_name),
            words.greeting_end
        );
        for n in &items {
            let line = Self::text(n);
            let link = self.link(n);
            text.push_str(&format!("· {line}\n  {link}\n"));
            html.push_str(&format!(
                "<li>{} <a href=\"{}\">{}</a></li>",
                escape(&line),
                escape(&link),
                words.open_link
            ));
        }
        text.push_str(&format!("\n{}\n", words.footer));
        html.push_str(&format!(
            "</ol><p style=\"color:#555\">{}</p>",
            words.footer
        ));
        Ok(Mail {
            subject: (words.digest_subject)(items.len()),
            text,
            html,
        })
    }

    /// A citizen's report: in Chinese, then English (a citizen has no
    /// account, so no language of their own).
    async fn report_mail(&self, row: &DeliveryRow) -> anyhow::Result<Mail> {
        let id = row.report_id.context("no report")?;
        let report = self.store.report(id).await?.context("the report is gone")?;
        let code = &report.report.code;
        let closed = report.finding_state == Some(xiaoneng_domain::finding::FindingState::Closed);
        let (zh, en) = match (report.report.status, closed) {
            (_, true) => (
                "问题已整改完毕并销号。".to_owned(),
                "The problem was rectified and the case is closed.".to_owned(),
            ),
            (xiaoneng_domain::report::ReportStatus::Accepted, _) => (
                "已受理，正在核查处理。".to_owned(),
                "It was accepted and is being dealt with.".to_owned(),
            ),
            (xiaoneng_domain::report::ReportStatus::Declined, _) => {
                let reason = report.report.declined_reason.clone().unwrap_or_default();
                (
                    format!("不予受理，理由：{reason}"),
                    format!("It was declined: {reason}"),
                )
            }
            (xiaoneng_domain::report::ReportStatus::Received, _) => (
                "已收到，等待受理。".to_owned(),
                "It was received and waits to be accepted.".to_owned(),
            ),
        };
        let link = format!("{}/report/status?code={code}", self.base_url);
        Ok(Mail {
            subject: format!("【效能】您的举报{code}有新进展 / Your report {code}"),
            text: format!(
                "您好！您的举报（查询码 {code}）{zh}\n查看进展：{link}\n\nYour report ({code}): {en}\nSee where it stands: {link}\n\n此邮件由系统发送，请勿直接回复。This message was sent automatically; please do not reply.\n"
            ),
            html: format!(
                "<p>您好！您的举报（查询码 {code}）{}</p><p>Your report ({code}): {}</p><p><a href=\"{}\">查看进展 / See where it stands</a></p><p style=\"color:#555\">此邮件由系统发送，请勿直接回复。This message was sent automatically; please do not reply.</p>",
                escape(&zh),
                escape(&en),
                escape(&link)
            ),
        })
    }

    fn webhook_payload(&self, id: i64, n: &MailNotificationRow) -> serde_json::Value {
        let lang = lang_of(&n.lang);
        serde_json::json!({
            "delivery_id": id,
            "notification_id": n.id,
            "kind": n.kind.as_str(),
            "subject": n.kind.label(lang),
            "text": Self::text(n),
            "lang": lang.tag(),
            "link": self.link(n),
            "deadline": n.deadline,
            "created_at": n.created_at,
            "recipient": {
                "user_id": n.user_id,
                "username": n.username,
                "display_name": n.display_name,
                "mobile": n.mobile,
                "email": n.email,
            },
        })
    }
}

/// `sha256=` and the hex HMAC-SHA256 of `timestamp.body` under `secret`:
/// the receiver computes the same and compares (and refuses an old timestamp).
pub fn sign(secret: &[u8], timestamp: &str, body: &[u8]) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret).expect("HMAC takes any key");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

struct Mail {
    subject: String,
    text: String,
    html: String,
}

/// The fixed words of a message, per language.
struct Words {
    subject_prefix: &'static str,
    greeting_end: &'static str,
    open: &'static str,
    open_link: &'static str,
    footer: &'static str,
    digest_subject: fn(usize) -> String,
}

impl Words {
    fn of(lang: Lang) -> &'static Words {
        match lang {
            Lang::ZhCn => &Words {
                subject_prefix: "【效能】",
                greeting_end: "：",
                open: "办理：",
                open_link: "打开办理",
                footer: "此邮件由效能系统发送，请勿直接回复。通知设置可在系统的“通知”页面修改。",
                digest_subject: |n| format!("【效能】每日汇总：{n}条通知"),
            },
            Lang::En => &Words {
                subject_prefix: "[Xiaoneng] ",
                greeting_end: ",",
                open: "Open: ",
                open_link: "Open",
                footer: "Sent by Xiaoneng; please do not reply. Choose what you receive on the Inbox page.",
                digest_subject: |n| format!("[Xiaoneng] Daily digest: {n} notifications"),
            },
        }
    }
}

fn lang_of(tag: &str) -> Lang {
    Lang::from_tag(tag).unwrap_or(Lang::ZhCn)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Checks the channels' settings (the SMTP URL, the sender, the webhook
/// and its secret) without sending anything.
pub fn check(config: &crate::Config) -> anyhow::Result<()> {
    channels(config).map(|_| ())
}

/// The SMTP transport and sender, and the webhook's address and key, as configured.
#[allow(clippy::type_complexity)]
fn channels(
    config: &crate::Config,
) -> anyhow::Result<(
    Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>,
    Option<(String, Vec<u8>)>,
)> {
    let mailer = match &config.smtp_url {
        Some(url) => {
            let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .context("reading XIAONENG_SMTP_URL")?
                .timeout(Some(Duration::from_secs(30)))
                .build();
            let from: Mailbox = config
                .mail_from
                .parse()
                .context("reading XIAONENG_MAIL_FROM (e.g. 效能办 <xiaoneng@example.gov.cn>)")?;
            Some((transport, from))
        }
        None => None,
    };
    let webhook = match (&config.webhook_url, &config.webhook_secret) {
        (Some(url), Some(secret)) if !secret.is_empty() => {
            reqwest::Url::parse(url).context("reading XIAONENG_WEBHOOK_URL")?;
            Some((url.clone(), secret.as_bytes().to_vec()))
        }
        (Some(_), _) => anyhow::bail!(
            "XIAONENG_WEBHOOK_URL is set without XIAONENG_WEBHOOK_SECRET: the receiver could not tell our calls from anyone's"
        ),
        (None, _) => None,
    };
    Ok((mailer, webhook))
}

/// Starts the delivery worker when a channel is configured (and
/// `XIAONENG_DELIVER` is not `false`).
pub fn start(state: &crate::AppState) -> anyhow::Result<Option<tokio::task::JoinHandle<()>>> {
    if !state.config.deliver {
        return Ok(None);
    }
    Ok(
        Deliverer::new(state.store.clone(), &state.config)?
            .map(|d| tokio::spawn(Arc::new(d).run())),
    )
}

/// When the next attempt is due after `attempts` failed ones, the last at
/// `from`: `base`, then twice as long each time, at most six hours.
pub fn backoff(base: TimeDelta, attempts: i64, from: DateTime<Utc>) -> DateTime<Utc> {
    let exp = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(20)
        .min(20);
    from + (base * 2i32.pow(exp)).min(MAX_BACKOFF)
}
