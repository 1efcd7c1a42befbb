//! Approval links through the real router: GET shows and never decides, the neutral page,
//! POST decides (link-only, or with a mailed one-time code), cross-site posts, the admin's
//! pending lists and cancel.
//!
//! Mail goes through the real SMTP outbox to the simulated SMTP server (the sink) over TCP.

mod admin;
mod codes;
mod decide;
mod pages;

use crate::store::approval_links::{plan_world, PlanWorld};
use crate::support::{test_app, TestApp};
use app::wire::CurrentUser;
use axum::body::Body;
use http::{Request, Response};
use relay_sim::smtp::SmtpSink;
use std::net::SocketAddr;
use std::sync::Arc;
use tower::ServiceExt;

/// The address requests come from (the router sees it as the peer).
pub const PEER: &str = "198.51.100.23:50000";

/// What the approver's mailbox received, through Relay's SMTP outbox and the sink.
pub struct Inbox {
    pub sink: SmtpSink,
}

/// One received message, as the tests read it.
#[derive(Debug)]
pub struct SentMail {
    pub to: String,
    pub subject: String,
    pub text: String,
}

impl Inbox {
    pub fn mails(&self) -> Vec<SentMail> {
        self.sink
            .messages()
            .into_iter()
            .map(|m| SentMail {
                to: m.to.join(","),
                subject: m.subject,
                text: m.text,
            })
            .collect()
    }

    /// The six digits of the last mail.
    pub fn last_code(&self) -> String {
        let mails = self.mails();
        let text = &mails.last().expect("a mail was sent").text;
        text.split_whitespace()
            .find(|w| w.len() == 6 && w.bytes().all(|b| b.is_ascii_digit()))
            .expect("a six-digit code in the mail")
            .to_string()
    }
}

pub struct Links {
    pub app: TestApp,
    pub router: axum::Router,
    pub world: PlanWorld,
    pub token: String,
    pub outbox: Option<Arc<Inbox>>,
}

/// A Relay with one pending plan whose link carries the returned token; `mail` gives the
/// plan's MSP an outgoing mail server: the simulated one, reached over SMTP.
pub async fn links(mail: bool) -> Links {
    let app = test_app(&[]).await;
    let token = server::crypto::random_token(32);
    let world = plan_world(&app.state.store, &server::crypto::sha256_hex(&token)).await;
    let outbox = if mail {
        let sink = SmtpSink::start().await.expect("smtp sink");
        let user = CurrentUser {
            user_id: world.admin.id,
            msp_id: world.msp,
            msp_name: "Northwind MSP".into(),
            name: world.admin.name.clone(),
            email: world.admin.email.clone(),
        };
        app.state
            .services
            .mail
            .save_mail_settings(&user, crate::mail::harness::sink_input(&sink))
            .await
            .expect("mail settings saved");
        Some(Arc::new(Inbox { sink }))
    } else {
        None
    };
    Links {
        router: app.router.clone(),
        app,
        world,
        token,
        outbox,
    }
}

impl Links {
    pub fn path(&self, decision: &str) -> String {
        format!("/{decision}/{}", self.token)
    }

    pub async fn get(&self, path: &str) -> (Response<Body>, String) {
        let req = Request::get(path)
            .header("host", "relay.test")
            .header("accept", "text/html");
        send(&self.router, req.body(Body::empty()).unwrap()).await
    }

    /// A same-origin form post, as a browser sends the page's form.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (Response<Body>, String) {
        self.post_from(path, fields, Some("http://relay.test"))
            .await
    }

    pub async fn post_from(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        origin: Option<&str>,
    ) -> (Response<Body>, String) {
        let mut req = Request::post(path)
            .header("host", "relay.test")
            .header("accept", "text/html")
            .header("content-type", "application/x-www-form-urlencoded");
        if let Some(origin) = origin {
            req = req.header("origin", origin);
        }
        let body = app::api::form_encode(fields);
        send(&self.router, req.body(Body::from(body)).unwrap()).await
    }

    /// GET the page, then post its form with `extra` fields (the page's own anti-forgery).
    pub async fn submit(&self, decision: &str, extra: &[(&str, &str)]) -> (Response<Body>, String) {
        let (_, page) = self.get(&self.path(decision)).await;
        let (ts, mac) = guard(&page);
        let mut fields = vec![("ts", ts.as_str()), ("mac", mac.as_str())];
        fields.extend_from_slice(extra);
        self.post(&self.path(decision), &fields).await
    }

    pub async fn plan(&self) -> server::store::ApprovalPlanRecord {
        self.app
            .state
            .store
            .approval_plan(self.world.plan.id)
            .await
            .unwrap()
            .unwrap()
    }

    pub async fn allow_link_only(&self) {
        let w = &self.world;
        assert!(self
            .app
            .state
            .store
            .set_approval_link_only(w.msp, w.integration, true, w.user, 1)
            .await
            .unwrap());
    }
}

pub async fn send(router: &axum::Router, mut req: Request<Body>) -> (Response<Body>, String) {
    let peer: SocketAddr = PEER.parse().unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    let res = router.clone().oneshot(req).await.expect("router answers");
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 4 << 20).await.expect("body");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    (Response::from_parts(parts, Body::empty()), text)
}

/// The hidden `ts` and `mac` values of a page's form.
pub fn guard(page: &str) -> (String, String) {
    let value = |name: &str| {
        let marker = format!("name=\"{name}\" value=\"");
        let start = page
            .find(&marker)
            .unwrap_or_else(|| panic!("no {name} field in {page}"))
            + marker.len();
        page[start..].split('"').next().unwrap().to_string()
    };
    (value("ts"), value("mac"))
}
