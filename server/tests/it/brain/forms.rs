//! The Agent brain page as a browser without JavaScript uses it: errors come back in the
//! redirect (never the key), the saved page shows only a mask, and the test report shows up.

use super::harness::fake;
use crate::support::test_app;
use crate::web::{body_text, encode, get, location, plain_post, send, setup_admin};
use axum::body::Body;
use http::{Request, StatusCode};
use relay_sim::model::FAKE_MODEL_KEY;

fn plain(path: &str, form: &str, cookie: &str) -> Request<Body> {
    plain_post(path, form, cookie, "/settings/agent-brain")
}

#[tokio::test]
async fn plain_posts_save_refuse_and_test() {
    let model = fake().await;
    let app = test_app(&[]).await;
    let cookie = setup_admin(&app.router).await;
    let save = "/api/settings/agent_brain/save";

    let page =
        body_text(send(&app.router, get("/settings/agent-brain", Some(&cookie))).await).await;
    assert!(
        page.contains("Built-in rule agent") && page.contains("LM Studio"),
        "{page}"
    );
    assert!(
        page.contains("action=\"/api/settings/agent_brain/save\""),
        "a real form"
    );

    let bad = format!(
        "kind=openai&base_url=ftp%3A%2F%2Fmodels&model=fake-model&api_key={FAKE_MODEL_KEY}&token_param=max_tokens&tool_choice=true"
    );
    let res = send(&app.router, plain(save, &bad, &cookie)).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = location(&res);
    assert!(
        back.starts_with("/settings/agent-brain?") && back.contains("field=base_url"),
        "{back}"
    );
    assert!(
        back.contains("model=fake-model"),
        "typed values come back: {back}"
    );
    assert!(
        !back.contains(FAKE_MODEL_KEY),
        "the key never goes into a URL: {back}"
    );
    let shown = body_text(send(&app.router, get(&back, Some(&cookie))).await).await;
    assert!(shown.contains("must start with https://"), "{shown}");
    let msp = app
        .state
        .store
        .user_by_email("ada@harbour-it.example")
        .await
        .unwrap()
        .unwrap()
        .msp_id;
    assert_eq!(
        app.state.store.brain_settings(msp).await.unwrap(),
        None,
        "nothing stored"
    );

    let good = format!(
        "kind=openai&base_url={}&model=fake-model&api_key={FAKE_MODEL_KEY}&token_param=max_tokens&tool_choice=true",
        encode(&model.base_url())
    );
    let res = send(&app.router, plain(save, &good, &cookie)).await;
    assert_eq!(res.status(), StatusCode::FOUND, "{}", body_text(res).await);
    assert_eq!(location(&res), "/settings/agent-brain?saved=1");
    let stored = app.state.store.brain_settings(msp).await.unwrap().unwrap();
    assert!(
        stored.tool_choice && !stored.parallel_tool_calls,
        "unticked boxes are false"
    );
    let page = body_text(
        send(
            &app.router,
            get("/settings/agent-brain?saved=1", Some(&cookie)),
        )
        .await,
    )
    .await;
    assert!(
        !page.contains(FAKE_MODEL_KEY),
        "the key is never shown again"
    );
    assert!(
        page.contains("Stored: ••••••••") && page.contains("Saved."),
        "{page}"
    );

    let res = send(
        &app.router,
        plain("/api/settings/agent_brain/test", "", &cookie),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(location(&res), "/settings/agent-brain");
    let page =
        body_text(send(&app.router, get("/settings/agent-brain", Some(&cookie))).await).await;
    assert!(page.contains("The endpoint works for the agent."), "{page}");
    assert!(page.contains("answered with a tool call"), "{page}");
}
