//! An app with one Autotask integration whose HMAC key is the reference fixtures' secret key and
//! whose URL token is another value, as in production.

use crate::store::queries::TestQueries;
use crate::support::{test_app, TestApp};
use app::ids::{IntegrationId, ResourceId};
use axum::body::Body;
use http::{Request, Response};
use server::store::{NewIntegration, SealedSecrets};
use tower::ServiceExt;

/// The `?secret=` URL token: obviously fake, and not a signing key.
pub const HOOK_SECRET: &str = "fake-url-token-0123456789";
/// The reference's fixture secret key (§10.6): obviously fake, and it signs the fixture files.
pub const HMAC_KEY: &str = "fake-hook-secret-0123456789";
pub const API_USER: i64 = 29_683_020;

pub struct Hooked {
    pub app: TestApp,
    pub integration: IntegrationId,
}

pub async fn hooked_app(env: &[(&str, &str)]) -> Hooked {
    let app = test_app(env).await;
    let store = &app.state.store;
    let msp = store
        .create_msp_with_admin(server::store::NewMspAdmin {
            msp_name: "Northwind IT".into(),
            name: "Ada Admin".into(),
            email: "ada@northwind.example".into(),
            password_hash: "not-a-real-hash".into(),
            now: 1,
        })
        .await
        .unwrap()
        .msp_id;
    let cipher = app.state.cipher.clone();
    let seal = move |id: IntegrationId| SealedSecrets {
        secret_enc: cipher.encrypt_str(
            "fake-api-secret",
            format!("integration:{id}:secret").as_bytes(),
        ),
        webhook_secret_enc: cipher
            .encrypt_str(HOOK_SECRET, format!("integration:{id}:webhook").as_bytes()),
        webhook_hmac_key_enc: cipher
            .encrypt_str(HMAC_KEY, format!("integration:{id}:hmac").as_bytes()),
    };
    let new = NewIntegration {
        msp_id: msp,
        username: "relay-api@northwind.example".into(),
        tracking_id: "FAKETRACKINGIDENTIFIER0001".into(),
        zone_url: "http://127.0.0.1:9/".into(),
        web_url: "http://127.0.0.1:9/".into(),
        api_user_resource_id: ResourceId(API_USER),
        now: 1,
    };
    let integration = store.create_integration(new, &seal).await.unwrap().id;
    Hooked { app, integration }
}

impl Hooked {
    pub fn url(&self, secret: &str) -> String {
        format!("/hooks/autotask/{}?secret={secret}", self.integration)
    }

    pub async fn post(&self, uri: &str, body: &[u8], signature: Option<&str>) -> (u16, String) {
        let mut req = Request::post(uri).header("content-type", "application/json");
        if let Some(sig) = signature {
            req = req.header("x-hook-signature", sig);
        }
        send(
            &self.app.router,
            req.body(Body::from(body.to_vec())).unwrap(),
        )
        .await
    }

    /// A correctly authenticated and signed delivery.
    pub async fn deliver(&self, body: &[u8]) -> (u16, String) {
        let sig = server::autotask::webhook::sign(HMAC_KEY.as_bytes(), body);
        self.post(&self.url(HOOK_SECRET), body, Some(&sig)).await
    }

    pub async fn stored(&self) -> usize {
        self.app
            .state
            .store
            .webhook_events_of(self.integration)
            .await
            .unwrap()
            .len()
    }

    pub fn metric(&self, needle: &str) -> u64 {
        let text = self.app.state.metrics.render();
        text.lines()
            .find(|l| l.starts_with(needle))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(0, |v| v as u64)
    }
}

pub async fn send(router: &axum::Router, req: Request<Body>) -> (u16, String) {
    let res: Response<Body> = router.clone().oneshot(req).await.expect("router answers");
    let status = res.status().as_u16();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(path).expect("fixture")
}
