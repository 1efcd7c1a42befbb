//! Each error status as the caller sees it: 401, 404, 405, 429, 500, timeouts, and Autotask's
//! messages kept in every case.

use app::ids::CompanyId;
use std::time::Duration;

use relay_sim::Faults;
use serde::Deserialize;
use server::autotask::{AutotaskError, Entity, Query, Resource, Ticket};

use super::{env, env_with};

/// An entity Autotask does not have, to reach an unknown route.
#[derive(Debug, Deserialize)]
struct Widget {}

impl Entity for Widget {
    const PATH: &'static str = "Widgets";
}

#[tokio::test]
async fn unknown_route_is_404_and_a_missing_item_is_none() {
    let env = env().await;
    let err = env
        .tenant
        .query_all::<Widget>(&Query::new())
        .await
        .unwrap_err();
    assert!(matches!(err, AutotaskError::NotFound { .. }), "{err:?}");
    assert!(err.messages()[0].contains("No HTTP resource"), "{err:?}");
    assert!(env.tenant.get::<Widget>(1).await.unwrap().is_none());
}

#[tokio::test]
async fn verbs_that_do_not_exist_are_405() {
    let env = env().await;
    let err = env.tenant.delete::<Ticket>(41207).await.unwrap_err();
    assert!(
        matches!(err, AutotaskError::MethodNotAllowed { .. }),
        "{err:?}"
    );
    let err = env
        .tenant
        .create::<Resource>(&Resource {
            first_name: Some("New".into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(
        matches!(err, AutotaskError::MethodNotAllowed { .. }),
        "{err:?}"
    );
    assert!(!err.is_transient());
}

#[tokio::test]
async fn validation_failures_are_500_with_autotasks_messages() {
    let env = env().await;
    let untitled = Ticket {
        company_id: Some(CompanyId(612)),
        status: Some(1),
        priority: Some(2),
        ..Default::default()
    };
    let err = env.tenant.create::<Ticket>(&untitled).await.unwrap_err();
    match &err {
        AutotaskError::Validation { messages } => {
            assert!(messages.iter().any(|m| m.contains("title")), "{messages:?}")
        }
        other => panic!("expected Validation, got {other:?}"),
    }
    env.sim.set_faults(Faults {
        error_next: 1,
        ..Default::default()
    });
    let err = env.tenant.get::<Ticket>(41207).await.unwrap_err();
    assert!(
        matches!(err, AutotaskError::Validation { .. }),
        "500s are not retried: {err:?}"
    );
    assert_eq!(env.sim.stats().injected_errors, 1);
}

#[tokio::test]
async fn throttling_surfaces_when_retries_are_exhausted() {
    let env = env_with(Default::default(), |c| c.retry.max_retries = 0).await;
    env.sim.set_faults(Faults {
        thread_limit_next: 1,
        ..Default::default()
    });
    let err = env.tenant.get::<Ticket>(41207).await.unwrap_err();
    assert!(matches!(err, AutotaskError::ThreadLimit { .. }), "{err:?}");
    assert!(err.messages()[0].contains("thread threshold"), "{err:?}");

    env.sim.set_faults(Faults {
        hourly_limit_next: 1,
        retry_after_secs: 7,
        ..Default::default()
    });
    let err = env.tenant.get::<Ticket>(41207).await.unwrap_err();
    assert!(
        matches!(err, AutotaskError::HourlyThreshold { .. }),
        "{err:?}"
    );
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert!(err.is_transient());
    // Even without retries the tenant is paused: the next call (7 s > the 5 s budget) is not sent.
    let sent = env.sim.request_count();
    let err = env.tenant.get::<Ticket>(41208).await.unwrap_err();
    assert!(
        matches!(err, AutotaskError::HourlyThreshold { .. }),
        "{err:?}"
    );
    assert_eq!(env.sim.request_count(), sent);
}

#[tokio::test]
async fn a_hung_request_times_out() {
    let env = env_with(Default::default(), |c| {
        c.request_timeout = Duration::from_millis(300)
    })
    .await;
    env.tenant.zone().await.unwrap();
    env.sim.set_faults(Faults {
        hang_next: 1,
        hang_ms: 5_000,
        ..Default::default()
    });
    let err = env.tenant.get::<Ticket>(41207).await.unwrap_err();
    assert!(matches!(err, AutotaskError::Timeout), "{err:?}");
    assert!(
        env.tenant.get::<Ticket>(41207).await.unwrap().is_some(),
        "next call is fine"
    );
}
