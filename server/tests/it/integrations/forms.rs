//! The Autotask forms as a browser without JavaScript posts them: errors come back in the
//! redirect (never the secret), and the company-type checkboxes start an import.

use crate::support::test_app;
use crate::web::{body_text, form_post, get, location, plain_post, send, setup_admin};
use app::states::ImportState;
use axum::body::Body;
use http::{Request, StatusCode};
use relay_sim::SimConfig;
use std::time::Duration;

const SECRET: &str = "demo-secret-not-real";

fn plain(path: &str, form: &str, cookie: &str) -> Request<Body> {
    plain_post(path, form, cookie, "/settings/integrations/autotask")
}

#[tokio::test]
async fn plain_posts_report_errors_without_the_secret_and_import_types() {
    let sim = relay_sim::start(SimConfig {
        companies: 50,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let zone = sim.zone_lookup_url();
    let app = test_app(&[("RELAY_AUTOTASK_ZONE_LOOKUP_URL", zone.as_str())]).await;
    let cookie = setup_admin(&app.router).await;
    let save = "/api/integrations/autotask/save";

    let wrong = "username=relay-api%40demo-msp.example&secret=wrong-secret-not-real&tracking_id=DEMOTRACKINGIDENTIFIER00001";
    let res = send(&app.router, plain(save, wrong, &cookie)).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = location(&res);
    assert!(
        back.starts_with("/settings/integrations/autotask?"),
        "{back}"
    );
    assert!(
        back.contains("field=secret") && back.contains("username=relay-api%40demo-msp.example"),
        "{back}"
    );
    assert!(
        !back.contains("wrong-secret"),
        "the secret never goes into a URL: {back}"
    );
    let page = body_text(send(&app.router, get(&back, Some(&cookie))).await).await;
    assert!(page.contains("rejected this username and secret"));

    let right = format!("username=relay-api%40demo-msp.example&secret={SECRET}&tracking_id=DEMOTRACKINGIDENTIFIER00001");
    let res = send(&app.router, plain(save, &right, &cookie)).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(location(&res), "/settings/integrations/autotask?saved=1");
    let page = body_text(
        send(
            &app.router,
            get("/settings/integrations/autotask", Some(&cookie)),
        )
        .await,
    )
    .await;
    assert!(
        !page.contains(SECRET),
        "the saved page shows the secret only masked"
    );
    assert!(
        page.contains("data-type-label=\"Customer\""),
        "the type step opens after saving"
    );
    assert!(
        page.contains("name=\"include_own_company\"")
            && page.contains("Also import your own company (id 0)"),
        "the MSP's own company is an explicit, unticked choice"
    );

    // Checkboxes post as `types[i]=value`; Customer is value 1 in Autotask's picklist.
    let res = send(
        &app.router,
        plain(
            "/api/integrations/autotask/import",
            "types%5B0%5D=1",
            &cookie,
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND, "{}", body_text(res).await);
    let msp = app
        .state
        .store
        .user_by_email("ada@harbour-it.example")
        .await
        .unwrap()
        .unwrap()
        .msp_id;
    let integration = app
        .state
        .store
        .active_integration(msp)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(integration.company_types, vec![1]);
    for _ in 0..200 {
        let job = app
            .state
            .store
            .latest_import_job(integration.id)
            .await
            .unwrap()
            .unwrap();
        if job.state != ImportState::Running {
            assert_eq!(job.state, ImportState::Done, "{job:?}");
            assert!(job.clients_created > 0);
            assert!(!job.include_own_company);
            let own = app.state.store.client_by_autotask_id(msp, "0").await;
            assert!(own.unwrap().is_none(), "company 0 is left out by default");
            let page = body_text(
                send(
                    &app.router,
                    get("/settings/integrations/autotask", Some(&cookie)),
                )
                .await,
            )
            .await;
            assert!(
                page.contains("data-state=\"done\""),
                "a reload renders the finished import"
            );
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("import did not finish");
}

/// The same server functions called by the hydrated page: answers, not redirects, except where
/// the page itself changes (disconnect).
#[tokio::test]
async fn script_callers_get_answers_and_plain_posts_get_redirects() {
    let sim = relay_sim::start(SimConfig::default()).await.unwrap();
    let zone = sim.zone_lookup_url();
    let app = test_app(&[("RELAY_AUTOTASK_ZONE_LOOKUP_URL", zone.as_str())]).await;
    let cookie = setup_admin(&app.router).await;
    let rotate = "/api/integrations/autotask/rotate";

    // Nothing connected yet: a refusal with its status for the script, a redirect back for
    // the plain form.
    let res = send(&app.router, form_post(rotate, "", Some(&cookie))).await;
    let status = res.status();
    assert!(status.is_client_error(), "{status}");
    assert!(res.headers().get("location").is_none());
    let err: app::error::AppError = serde_json::from_str(&body_text(res).await).unwrap();
    assert_eq!(status.as_u16(), err.status_code());
    let res = send(&app.router, plain(rotate, "", &cookie)).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert!(location(&res).starts_with("/settings/integrations/autotask?error="));

    let form = format!("username=relay-api%40demo-msp.example&secret={SECRET}&tracking_id=DEMOTRACKINGIDENTIFIER00001");
    let save = "/api/integrations/autotask/save";
    let res = send(&app.router, form_post(save, &form, Some(&cookie))).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", body_text(res).await);
    let res = send(&app.router, form_post(rotate, "", Some(&cookie))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers().get("location").is_none(),
        "the page updates itself"
    );
    let res = send(&app.router, plain(rotate, "", &cookie)).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(location(&res), "/settings/integrations/autotask");

    let disconnect = "/api/integrations/autotask/disconnect";
    let res = send(&app.router, form_post(disconnect, "", Some(&cookie))).await;
    assert_eq!(
        location(&res),
        "/settings/integrations/autotask",
        "disconnecting sends the script caller to the page too"
    );
}

#[tokio::test]
async fn an_unknown_server_function_is_refused() {
    let app = test_app(&[]).await;
    let cookie = setup_admin(&app.router).await;
    let res = send(
        &app.router,
        form_post("/api/integrations/autotask/nope", "", Some(&cookie)),
    )
    .await;
    assert!(res.status().is_client_error(), "{}", res.status());
}
