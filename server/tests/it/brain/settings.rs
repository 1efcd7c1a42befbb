//! The Agent brain settings service: the key sealed and only masked, bad input refused without
//! a change, the connection test against the fake, and the per-MSP brain source.

use super::harness::{env, fake};
use app::service::BrainSettingsService;
use app::states::{BrainKind, TokenParam};
use app::wire::BrainSettingsInput;
use async_trait::async_trait;
use relay_sim::model::{ModelSettings, FAKE_MODEL_KEY};
use server::agent::brain::source::key_aad;
use server::agent::brain::{Brain, BrainError, BrainSource};
use server::agent::chat::{BrainReply, BrainRequest, Finish, Usage};
use std::sync::Arc;

fn input(base_url: &str, key: &str) -> BrainSettingsInput {
    BrainSettingsInput {
        kind: BrainKind::OpenAi,
        base_url: base_url.into(),
        model: "fake-model".into(),
        api_key: key.into(),
        clear_key: false,
        token_param: TokenParam::MaxCompletionTokens,
        tool_choice: true,
        parallel_tool_calls: false,
    }
}

#[tokio::test]
async fn the_key_is_sealed_masked_and_kept_until_replaced() {
    let env = env().await;
    let brains = &env.app.state.agent_brains;
    let before = brains.brain_settings(&env.user).await.unwrap();
    assert_eq!(
        (before.kind, before.key_masked.clone()),
        (BrainKind::Rules, None)
    );

    let view = brains
        .save_brain_settings(
            &env.user,
            input("https://models.example/v1/chat/completions", FAKE_MODEL_KEY),
        )
        .await
        .unwrap();
    assert_eq!(view.base_url, "https://models.example/v1");
    assert_eq!(view.key_masked.as_deref(), Some("••••••••"));
    assert!(view.updated.unwrap().starts_with("by Ada, "));
    let shown = serde_json::to_string(&brains.brain_settings(&env.user).await.unwrap()).unwrap();
    assert!(!shown.contains(FAKE_MODEL_KEY), "{shown}");

    let stored = env
        .app
        .state
        .store
        .brain_settings(env.user.msp_id)
        .await
        .unwrap()
        .unwrap();
    let sealed = stored.api_key_enc.clone().unwrap();
    assert!(!sealed.contains(FAKE_MODEL_KEY));
    let aad = key_aad(env.user.msp_id);
    assert_eq!(
        env.app
            .state
            .cipher
            .decrypt_string(&sealed, aad.as_bytes())
            .unwrap(),
        FAKE_MODEL_KEY
    );
    assert!(env
        .app
        .state
        .cipher
        .decrypt_string(&sealed, b"msp:999:brain-key")
        .is_err());

    // An empty key field keeps the key; a bad URL changes nothing at all.
    let mut edit = input("https://models.example/v1", "");
    edit.model = "other-model".into();
    brains.save_brain_settings(&env.user, edit).await.unwrap();
    let kept = env
        .app
        .state
        .store
        .brain_settings(env.user.msp_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (kept.api_key_enc.as_deref(), kept.model.as_str()),
        (Some(sealed.as_str()), "other-model")
    );
    let err = brains
        .save_brain_settings(&env.user, input("not a url", "sk-fake-new"))
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("base_url"));
    assert_eq!(
        env.app
            .state
            .store
            .brain_settings(env.user.msp_id)
            .await
            .unwrap(),
        Some(kept)
    );

    let mut clear = input("https://models.example/v1", "");
    clear.clear_key = true;
    let cleared = brains.save_brain_settings(&env.user, clear).await.unwrap();
    assert_eq!(cleared.key_masked, None);
}

#[tokio::test]
async fn test_connection_reports_what_the_fake_supports() {
    let env = env().await;
    let model = fake().await;
    let brains = &env.app.state.agent_brains;
    let err = brains.test_brain(&env.user).await.unwrap_err();
    assert_eq!(
        err.field.as_deref(),
        Some("base_url"),
        "nothing saved to test"
    );

    brains
        .save_brain_settings(&env.user, input(&model.base_url(), FAKE_MODEL_KEY))
        .await
        .unwrap();
    let report = brains.test_brain(&env.user).await.unwrap();
    assert!(report.ok, "{report:?}");
    assert!(
        report
            .lines
            .iter()
            .any(|l| l.contains("tool_choice is accepted")),
        "{report:?}"
    );
    let sent = &model.requests()[0];
    assert_eq!(sent.bearer.as_deref(), Some(FAKE_MODEL_KEY));
    assert_eq!(sent.body["max_completion_tokens"], 64);
    // The page shows the report until the settings change.
    let view = brains.brain_settings(&env.user).await.unwrap();
    assert_eq!(view.last_test, Some(report));

    model.set_settings(ModelSettings {
        reject_tool_choice: true,
        ..ModelSettings::default()
    });
    let report = brains.test_brain(&env.user).await.unwrap();
    assert!(!report.ok);
    assert!(
        report
            .lines
            .iter()
            .any(|l| l.contains("tool_choice was refused")),
        "{report:?}"
    );

    brains
        .save_brain_settings(&env.user, input(&model.base_url(), "sk-fake-wrong-key"))
        .await
        .unwrap();
    assert_eq!(
        brains.brain_settings(&env.user).await.unwrap().last_test,
        None
    );
    let report = brains.test_brain(&env.user).await.unwrap();
    assert!(
        report
            .lines
            .iter()
            .any(|l| l.contains("refused the API key")),
        "{report:?}"
    );
    assert!(!format!("{report:?}").contains("sk-fake-wrong-key"));
}

/// Stands in for the rule agent, which the source falls back to.
struct Fallback;

#[async_trait]
impl Brain for Fallback {
    fn label(&self) -> String {
        "fallback".into()
    }
    async fn complete(&self, _: &BrainRequest) -> Result<BrainReply, BrainError> {
        Ok(BrainReply {
            content: Some("fallback".into()),
            tool_calls: vec![],
            finish: Finish::Stop,
            usage: Usage::default(),
        })
    }
}

#[tokio::test]
async fn the_source_follows_the_settings() {
    let env = env().await;
    let model = fake().await;
    let brains = &env.app.state.agent_brains;
    let source = brains.source(Arc::new(server::agent::brain::FixedBrain(Arc::new(
        Fallback,
    ))));
    let msp = env.user.msp_id;
    assert_eq!(source.brain_for(msp).await.unwrap().label(), "fallback");

    brains
        .save_brain_settings(&env.user, input(&model.base_url(), FAKE_MODEL_KEY))
        .await
        .unwrap();
    let brain = source.brain_for(msp).await.unwrap();
    assert_eq!(brain.label(), "model fake-model");
    assert!(
        Arc::ptr_eq(&brain, &source.brain_for(msp).await.unwrap()),
        "cached"
    );
    let reply = brain
        .complete(&super::harness::request(super::harness::opening()))
        .await
        .unwrap();
    assert_eq!(reply.content.as_deref(), Some("Nothing to do."));

    let mut renamed = input(&model.base_url(), "");
    renamed.model = "fake-model-2".into();
    brains
        .save_brain_settings(&env.user, renamed.clone())
        .await
        .unwrap();
    assert_eq!(
        source.brain_for(msp).await.unwrap().label(),
        "model fake-model-2"
    );

    renamed.kind = BrainKind::Rules;
    brains
        .save_brain_settings(&env.user, renamed)
        .await
        .unwrap();
    assert_eq!(source.brain_for(msp).await.unwrap().label(), "fallback");
}

/// `make run`: the demo starts the fake endpoint, the page names it, and it passes the test.
#[tokio::test]
async fn the_demo_offers_its_fake_endpoint() {
    let app = crate::support::test_app(&[("RELAY_DEMO", "true")]).await;
    let user = super::harness::admin_of(&app).await;
    let brains = &app.state.agent_brains;
    let demo = brains
        .brain_settings(&user)
        .await
        .unwrap()
        .demo_endpoint
        .expect("the demo names its fake endpoint");
    assert_eq!(demo.api_key, FAKE_MODEL_KEY);
    brains
        .save_brain_settings(&user, input(&demo.base_url, &demo.api_key))
        .await
        .unwrap();
    let report = brains.test_brain(&user).await.unwrap();
    assert!(report.ok, "{report:?}");
}

#[tokio::test]
async fn without_the_demo_no_endpoint_is_hinted() {
    let env = env().await;
    let view = env
        .app
        .state
        .agent_brains
        .brain_settings(&env.user)
        .await
        .unwrap();
    assert_eq!(view.demo_endpoint, None);
}
