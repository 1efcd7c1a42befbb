//! The Autotask forms as a browser without JavaScript posts them: errors come back in the
//! redirect (never the secret), and the company-type checkboxes start an import.

use crate::support::test_app;
use crate::web::{body_text, form_post, get, send, setup_admin};
use axum::body::Body;
use http::{Request, StatusCode};
use relay_sim::SimConfig;
use std::time::Duration;

const SECRET: &str = "demo-secret-not-real";

fn plain(path: &str, form: &str, cookie: &str) -> Request<Body> {
    let mut req = form_post(path, form, Some(cookie));
    let headers = req.headers_mut();
    headers.insert("accept", "text/html,application/xhtml+xml".parse().unwrap());
    headers.insert(
        "referer",
        "http://relay.test/settings/integrations/autotask"
            .parse()
            .unwrap(),
    );
    req
}

fn location(res: &http::Response<Body>) -> String {
    res.headers()
        .get("location")
        .expect("a redirect")
        .to_str()
        .unwrap()
        .to_string()
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
        if job.state != "running" {
            assert_eq!(job.state, "done", "{job:?}");
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
