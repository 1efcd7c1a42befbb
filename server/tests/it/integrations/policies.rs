//! Tool policies, modes and the client page through `PolicyService` and through the forms a
//! browser without JavaScript posts: bad words change nothing, another MSP's integration or
//! client is refused, and what the gateway loads follows every change and the reset.

use super::harness::{demo_input, env, wait_for_import};
use crate::store::queries::TestQueries;
use crate::support::test_app;
use crate::web::{body_text, get, plain_post, send, setup_admin};
use app::error::ErrorCode;
use app::ids::{ClientId, IntegrationId};
use app::service::IntegrationService;
use app::states::{ClientMode, ToolPolicy};
use app::wire::CurrentUser;
use axum::body::Body;
use http::{Request, StatusCode};
use relay_sim::SimConfig;
use server::gateway::policy::{load, Policies};
use server::store::NewClient;

const UPDATE: &str = "autotask:autotask-update-ticket";
const PAGE: &str = "/settings/integrations/autotask";

#[tokio::test]
async fn the_service_checks_every_word_and_the_tenant() {
    let env = env(3).await;
    let integration = env.app.state.integrations.clone();
    integration
        .save_credentials(&env.user, demo_input(&env.sim))
        .await
        .expect("connect");
    let policies = env.app.state.services.policies.clone();
    let store = &env.app.state.store;
    let view = policies.tool_policies(&env.user).await.unwrap();
    let id = view.integration_id;
    assert_eq!(view.tools.len(), 20);
    assert_eq!(view.tools[0].name, "autotask:autotask-list-tickets");
    assert!(view.changes.is_empty());
    assert_eq!(view.default_mode, ClientMode::Plan);

    let unknown = policies
        .set_tool_policy(&env.user, id, "autotask:autotask-delete-everything", "auto")
        .await
        .unwrap_err();
    assert_eq!(
        (unknown.code, unknown.field.as_deref()),
        (ErrorCode::Validation, Some("tool"))
    );
    assert!(unknown.message.contains("autotask-delete-everything"));
    let word = policies
        .set_tool_policy(&env.user, id, UPDATE, "always")
        .await
        .unwrap_err();
    assert_eq!(word.field.as_deref(), Some("policy"));
    assert_eq!(
        load(store, id).await.unwrap(),
        Policies::defaults(),
        "nothing changed"
    );
    assert!(store.tool_policy_changes(id, 10).await.unwrap().is_empty());

    let view = policies
        .set_tool_policy(&env.user, id, UPDATE, "auto")
        .await
        .unwrap();
    let row = view.tools.iter().find(|t| t.name == UPDATE).unwrap();
    assert_eq!(
        (row.policy, row.default, row.writes),
        (ToolPolicy::Auto, ToolPolicy::ApprovalNeeded, true)
    );
    assert_eq!(view.changes.len(), 1);
    assert_eq!(view.changes[0].who, env.user.email);
    assert_eq!(
        load(store, id).await.unwrap().of(UPDATE),
        Some(ToolPolicy::Auto)
    );

    // Another MSP's admin can neither change nor reset this integration's policies.
    let eve = other_admin(&env).await;
    for refused in [
        policies
            .set_tool_policy(&eve, id, UPDATE, "disabled")
            .await
            .map(drop),
        policies.reset_tool_policies(&eve, id).await.map(drop),
    ] {
        assert_eq!(refused.unwrap_err().code, ErrorCode::NotFound);
    }
    assert_eq!(
        load(store, id).await.unwrap().of(UPDATE),
        Some(ToolPolicy::Auto)
    );
    assert_eq!(
        policies.tool_policies(&eve).await.unwrap_err().code,
        ErrorCode::NotFound,
        "no integration of their own"
    );

    let view = policies.reset_tool_policies(&env.user, id).await.unwrap();
    assert!(view.tools.iter().all(|t| t.policy == t.default));
    assert_eq!(view.changes.len(), 2);
    assert_eq!(
        (view.changes[0].tool.as_deref(), view.changes[0].reverted),
        (None, 1)
    );
    assert_eq!(load(store, id).await.unwrap(), Policies::defaults());
    assert_eq!(
        policies
            .set_tool_policy(&env.user, IntegrationId(id.get() + 50), UPDATE, "auto")
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );

    // Modes: the default for new clients, then one client's switch.
    let bad = policies
        .set_default_mode(&env.user, "yolo")
        .await
        .unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("mode"));
    policies
        .set_default_mode(&env.user, "execute")
        .await
        .unwrap();
    let types = integration.company_types(&env.user).await.unwrap();
    integration
        .start_import(&env.user, types.iter().map(|t| t.value).collect(), false)
        .await
        .unwrap();
    wait_for_import(&env).await;
    let (rows, _) = store
        .list_client_rows(env.user.msp_id, "", 1, 0)
        .await
        .unwrap();
    let client = rows[0].id;
    assert_eq!(
        rows[0].mode,
        ClientMode::Execute,
        "imported in the MSP default"
    );
    let page = policies.client_page(&env.user, client).await.unwrap();
    assert_eq!(
        (page.name.as_str(), page.mode),
        (rows[0].name.as_str(), ClientMode::Execute)
    );
    assert!(page.sessions.is_empty());
    assert_eq!(
        policies
            .set_client_mode(&env.user, client, "plan")
            .await
            .unwrap(),
        ClientMode::Plan
    );
    assert!(policies
        .set_client_mode(&env.user, client, "")
        .await
        .is_err());
    assert_eq!(
        policies
            .set_client_mode(&eve, client, "execute")
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    assert_eq!(
        policies.client_page(&eve, client).await.unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(
        policies
            .client_page(&env.user, ClientId(client.get() + 999))
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    assert_eq!(
        policies.client_page(&env.user, client).await.unwrap().mode,
        ClientMode::Plan
    );
}

async fn other_admin(env: &super::harness::Env) -> CurrentUser {
    // Setup makes only the first MSP; a second tenant is inserted beside it.
    let store = &env.app.state.store;
    let msp: i64 = server::db_write!(store, pool => {
        sqlx::query_scalar("INSERT INTO msps (name, created_at) VALUES ('Contoso IT', 0) RETURNING id")
            .fetch_one(pool)
            .await
            .unwrap()
    });
    server::db_write!(store, pool => {
        sqlx::query("INSERT INTO users (msp_id, name, email, password_hash, created_at) \
             VALUES ($1, 'Eve', 'eve@contoso.example', 'not-a-real-hash', 0)")
            .bind(msp)
            .execute(pool)
            .await
            .map(drop)
            .unwrap()
    });
    let eve = store
        .user_by_email("eve@contoso.example")
        .await
        .unwrap()
        .unwrap();
    CurrentUser {
        user_id: eve.id,
        msp_id: eve.msp_id,
        msp_name: "Contoso IT".into(),
        name: eve.name,
        email: eve.email,
    }
}

fn plain(path: &str, form: &str, cookie: &str, from: &str) -> Request<Body> {
    plain_post(path, form, cookie, from)
}

#[tokio::test]
async fn policies_and_modes_work_without_javascript() {
    let sim = relay_sim::start(SimConfig::default()).await.unwrap();
    let zone = sim.zone_lookup_url();
    let app = test_app(&[("RELAY_AUTOTASK_ZONE_LOOKUP_URL", zone.as_str())]).await;
    let cookie = setup_admin(&app.router).await;
    let c = sim.demo_credentials();
    let form = format!(
        "username={}&secret={}&tracking_id={}",
        c.username.replace('@', "%40"),
        c.secret,
        c.tracking_id
    );
    let res = send(
        &app.router,
        plain("/api/integrations/autotask/save", &form, &cookie, PAGE),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let user = app
        .state
        .store
        .user_by_email("ada@harbour-it.example")
        .await
        .unwrap()
        .unwrap();
    let id = app
        .state
        .store
        .active_integration(user.msp_id)
        .await
        .unwrap()
        .unwrap()
        .id;
    let page = || async { body_text(send(&app.router, get(PAGE, Some(&cookie))).await).await };
    let row = format!("data-tool=\"{UPDATE}\" data-policy=\"approval_needed\"");
    assert!(page().await.contains(&row), "the card lists the default");

    let set = format!(
        "integration={id}&tool={}&policy=auto",
        UPDATE.replace(':', "%3A")
    );
    let res = send(
        &app.router,
        plain("/api/policies/tools/set", &set, &cookie, PAGE),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], format!("{PAGE}?policy_saved=1"));
    let shown = page().await;
    assert!(shown.contains(&format!("data-tool=\"{UPDATE}\" data-policy=\"auto\"")));
    assert!(
        shown.contains("from approval needed to auto"),
        "the change is listed"
    );
    assert_eq!(
        load(&app.state.store, id).await.unwrap().of(UPDATE),
        Some(ToolPolicy::Auto)
    );

    // A bad word goes back with the error; a cross-site post is refused; neither changes anything.
    let bad = format!("integration={id}&tool=nope&policy=auto");
    let res = send(
        &app.router,
        plain("/api/policies/tools/set", &bad, &cookie, PAGE),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = res.headers()["location"].to_str().unwrap().to_string();
    assert!(
        back.starts_with(PAGE) && back.contains("form=tool-policies"),
        "{back}"
    );
    let html = body_text(send(&app.router, get(&back, Some(&cookie))).await).await;
    assert!(
        html.contains("data-testid=\"form-alert\""),
        "the card shows the error"
    );
    assert!(html.contains("There is no tool named"));
    let mut cross = plain(
        "/api/policies/tools/reset",
        &format!("integration={id}"),
        &cookie,
        PAGE,
    );
    cross
        .headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    assert_eq!(
        send(&app.router, cross).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        load(&app.state.store, id).await.unwrap().of(UPDATE),
        Some(ToolPolicy::Auto)
    );

    let reset = format!("integration={id}");
    let res = send(
        &app.router,
        plain("/api/policies/tools/reset", &reset, &cookie, PAGE),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert!(page().await.contains(&row));
    assert_eq!(
        load(&app.state.store, id).await.unwrap(),
        Policies::defaults()
    );

    let res = send(
        &app.router,
        plain("/api/policies/default_mode", "mode=execute", &cookie, PAGE),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(
        app.state.store.msp_default_mode(user.msp_id).await.unwrap(),
        ClientMode::Execute
    );

    // The client page and its mode switch.
    let (client, _) = app
        .state
        .store
        .upsert_autotask_client(NewClient {
            msp_id: user.msp_id,
            name: "Acme Widgets".into(),
            autotask_id: "612".into(),
            now: 0,
        })
        .await
        .unwrap();
    let client = client.id;
    let path = format!("/clients/{client}");
    let html = body_text(send(&app.router, get(&path, Some(&cookie))).await).await;
    assert!(
        html.contains("data-testid=\"mode-switch\" data-mode=\"plan\""),
        "{html}"
    );
    let form = format!("client={client}&mode=execute");
    let res = send(
        &app.router,
        plain("/api/clients/mode", &form, &cookie, &path),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], format!("{path}?saved=1"));
    let html = body_text(send(&app.router, get(&path, Some(&cookie))).await).await;
    assert!(html.contains("data-mode=\"execute\""));
    let signed_out = send(&app.router, get(&path, None)).await;
    assert_ne!(
        signed_out.status(),
        StatusCode::OK,
        "only a signed-in admin"
    );
}
