//! Contracts for the agent brain settings: none until saved, one row per MSP, the sealed key
//! kept, replaced or cleared as asked, and MSPs isolated.

use super::harness::{admin, T0};
use app::ids::MspId;
use app::states::{BrainKind, TokenParam};
use server::store::{BrainSettingsUpdate, KeyChange, Pool, Store};

fn update(by: app::ids::UserId, api_key: KeyChange, now: i64) -> BrainSettingsUpdate {
    BrainSettingsUpdate {
        kind: BrainKind::OpenAi,
        base_url: "https://api.openai.com/v1".into(),
        model: "gpt-4.1-mini".into(),
        api_key,
        token_param: TokenParam::MaxCompletionTokens,
        tool_choice: true,
        parallel_tool_calls: false,
        updated_by: by,
        now,
    }
}

pub async fn brain_settings_save_and_key_changes(store: Store) {
    let ada = admin(&store).await;
    assert_eq!(store.brain_settings(ada.msp_id).await.unwrap(), None);

    let saved = store
        .save_brain_settings(
            ada.msp_id,
            update(ada.id, KeyChange::Set("sealed-1".into()), T0),
        )
        .await
        .unwrap();
    assert_eq!(saved.kind, BrainKind::OpenAi);
    assert_eq!(saved.api_key_enc.as_deref(), Some("sealed-1"));
    assert_eq!(saved.token_param, TokenParam::MaxCompletionTokens);
    assert!(saved.tool_choice && !saved.parallel_tool_calls);
    assert_eq!((saved.updated_by, saved.updated_at), (Some(ada.id), T0));
    assert_eq!(store.brain_settings(ada.msp_id).await.unwrap(), Some(saved));

    // An empty key field keeps the stored key while the rest changes.
    let mut next = update(ada.id, KeyChange::Keep, T0 + 5);
    next.kind = BrainKind::Rules;
    next.model = "llama3.1".into();
    next.token_param = TokenParam::MaxTokens;
    next.parallel_tool_calls = true;
    let kept = store.save_brain_settings(ada.msp_id, next).await.unwrap();
    assert_eq!(kept.api_key_enc.as_deref(), Some("sealed-1"));
    assert_eq!(kept.kind, BrainKind::Rules);
    assert_eq!(kept.model, "llama3.1");
    assert_eq!(kept.token_param, TokenParam::MaxTokens);
    assert!(kept.parallel_tool_calls);
    assert_eq!(kept.updated_at, T0 + 5);

    let replaced = store
        .save_brain_settings(
            ada.msp_id,
            update(ada.id, KeyChange::Set("sealed-2".into()), T0 + 6),
        )
        .await
        .unwrap();
    assert_eq!(replaced.api_key_enc.as_deref(), Some("sealed-2"));
    let cleared = store
        .save_brain_settings(ada.msp_id, update(ada.id, KeyChange::Clear, T0 + 7))
        .await
        .unwrap();
    assert_eq!(cleared.api_key_enc, None);
}

/// A second tenant straight in the table: the store only creates the first MSP (setup).
async fn second_msp(store: &Store) -> MspId {
    const SQL: &str = "INSERT INTO msps (name, created_at) VALUES ('Contoso IT', 0) RETURNING id";
    let id: i64 = match store.writer() {
        Pool::Sqlite(p) => sqlx::query_scalar(SQL).fetch_one(p).await.unwrap(),
        Pool::Postgres(p) => sqlx::query_scalar(SQL).fetch_one(p).await.unwrap(),
    };
    MspId(id)
}

pub async fn brain_settings_are_per_msp(store: Store) {
    let ada = admin(&store).await;
    let other = second_msp(&store).await;
    // A first save with Keep stores no key.
    let first = store
        .save_brain_settings(other, update(ada.id, KeyChange::Keep, T0))
        .await
        .unwrap();
    assert_eq!(first.api_key_enc, None);
    assert_eq!(first.msp_id, other);
    assert_eq!(store.brain_settings(ada.msp_id).await.unwrap(), None);
    store
        .save_brain_settings(
            ada.msp_id,
            update(ada.id, KeyChange::Set("sealed-a".into()), T0),
        )
        .await
        .unwrap();
    let theirs = store.brain_settings(other).await.unwrap().unwrap();
    assert_eq!(theirs.api_key_enc, None);
    let ours = store.brain_settings(ada.msp_id).await.unwrap().unwrap();
    assert_eq!(ours.api_key_enc.as_deref(), Some("sealed-a"));
}
