//! Each error class, the retry waits honoured, and the key kept out of errors and logs.

use super::harness::*;
use relay_sim::model::{ModelReply, OverflowShape, FAKE_MODEL_KEY};
use server::agent::brain::{Brain, BrainError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn fail(reply: ModelReply) -> BrainError {
    let fake = fake().await;
    fake.push([reply]);
    brain(&fake)
        .complete(&request(opening()))
        .await
        .expect_err("an error")
}

fn rate(
    retry_after_ms: Option<&str>,
    retry_after: Option<&str>,
    reset: Option<&str>,
) -> ModelReply {
    ModelReply::RateLimited {
        retry_after_ms: retry_after_ms.map(Into::into),
        retry_after: retry_after.map(Into::into),
        reset_requests: reset.map(Into::into),
        reset_tokens: None,
    }
}

#[tokio::test]
async fn auth_quota_and_transient() {
    assert!(matches!(
        fail(ModelReply::Unauthorized).await,
        BrainError::Auth(_)
    ));
    assert!(matches!(
        fail(ModelReply::PaymentRequired).await,
        BrainError::Quota(_)
    ));
    assert!(matches!(
        fail(ModelReply::InsufficientQuota).await,
        BrainError::Quota(_)
    ));
    assert!(matches!(
        fail(ModelReply::ServerError { status: 500 }).await,
        BrainError::Transient(_)
    ));
    assert!(matches!(
        fail(ModelReply::ServerError { status: 408 }).await,
        BrainError::Transient(_)
    ));
    match fail(ModelReply::ErrorIn200 {
        code: 502,
        message: "upstream model down".into(),
    })
    .await
    {
        BrainError::Transient(m) => assert!(m.contains("upstream model down"), "{m}"),
        other => panic!("{other:?}"),
    }
    match fail(ModelReply::ErrorIn200 {
        code: 402,
        message: "no credits".into(),
    })
    .await
    {
        BrainError::Quota(_) => {}
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn context_overflow_in_each_providers_shape() {
    for shape in [
        OverflowShape::OpenAi,
        OverflowShape::Vllm,
        OverflowShape::LlamaCpp,
    ] {
        assert_eq!(
            fail(ModelReply::ContextOverflow { shape }).await,
            BrainError::ContextOverflow,
            "{shape:?}"
        );
    }
}

#[tokio::test]
async fn rate_limits_honour_the_retry_headers() {
    let wait = |e: BrainError| match e {
        BrainError::RateLimited { retry_after } => retry_after,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        wait(fail(rate(Some("1500"), None, None)).await),
        Some(Duration::from_millis(1500))
    );
    assert_eq!(
        wait(fail(rate(None, Some("7"), None)).await),
        Some(Duration::from_secs(7))
    );
    assert_eq!(
        wait(fail(rate(None, None, Some("6m0s"))).await),
        Some(Duration::from_secs(360))
    );
    assert_eq!(
        wait(fail(rate(Some("250"), Some("2"), Some("12ms"))).await),
        Some(Duration::from_secs(2))
    );
    assert_eq!(wait(fail(rate(None, None, None)).await), None);
}

#[tokio::test]
async fn unreachable_endpoints_are_transient() {
    let fake = fake().await;
    let brain = brain(&fake);
    fake.shutdown();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(matches!(
        brain.complete(&request(opening())).await,
        Err(BrainError::Transient(_))
    ));
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An endpoint that echoes the key back in its error must not get it into an error or a log.
#[tokio::test(flavor = "current_thread")]
async fn the_key_is_never_in_errors_or_logs() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let fake = fake().await;
    let echo = format!("Incorrect API key provided: {FAKE_MODEL_KEY}; Bearer {FAKE_MODEL_KEY}");
    fake.push([
        ModelReply::Raw {
            status: 401,
            body: serde_json::json!({"error": {"message": echo, "code": "invalid_api_key"}}),
        },
        ModelReply::ErrorIn200 {
            code: 500,
            message: echo.clone(),
        },
        ModelReply::Raw {
            status: 400,
            body: serde_json::json!({"message": echo}),
        },
    ]);
    let brain = brain(&fake);
    let mut shown = Vec::new();
    for _ in 0..3 {
        let e = brain
            .complete(&request(opening()))
            .await
            .expect_err("an error");
        shown.push(format!("{e} {e:?}"));
    }
    shown.push(format!("{:?}", brain.config()));
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("model endpoint"),
        "the failures were logged: {logs}"
    );
    for text in shown.iter().chain([&logs]) {
        assert!(!text.contains(FAKE_MODEL_KEY), "key leaked: {text}");
    }
    assert!(shown[0].contains("[redacted]"));
}
