//! The MSP's classifier phrases through the settings service: add, remove a built-in term,
//! undo, and the "try it" verdict that follows each change.

use super::settings::env;
use app::states::PhraseChange;
use app::verification::VerificationSettingsService;

#[tokio::test]
async fn add_remove_undo_and_try_it() {
    let env = env().await;
    let svc = &env.app.state.verification_settings;
    let user = &env.user;
    let try_it = |title: &'static str| svc.classify_sample(user, title.into(), String::new());

    let plain = try_it("Badge printer for the new starter").await.unwrap();
    assert!(!plain.sensitive && plain.reasons.is_empty(), "{plain:?}");
    svc.change_phrase(user, "  badge   printer ".into(), PhraseChange::Add)
        .await
        .unwrap();
    let flagged = try_it("Badge printer for the new starter").await.unwrap();
    assert!(flagged.sensitive, "{flagged:?}");
    assert_eq!(
        flagged.reasons,
        vec!["a phrase your MSP marked sensitive (\"badge printer\")".to_string()]
    );

    let duo = try_it("Please reset my Duo").await.unwrap();
    assert!(duo.sensitive && duo.reasons[0].contains("MFA"), "{duo:?}");
    svc.change_phrase(user, "DUO".into(), PhraseChange::Remove)
        .await
        .unwrap();
    assert!(!try_it("Please reset my Duo").await.unwrap().sensitive);

    let view = svc.verification_settings(user).await.unwrap();
    let listed: Vec<(String, PhraseChange)> = view
        .phrases
        .iter()
        .map(|p| (p.phrase.clone(), p.change))
        .collect();
    assert_eq!(
        listed,
        vec![
            ("badge printer".to_string(), PhraseChange::Add),
            ("duo".to_string(), PhraseChange::Remove)
        ]
    );

    svc.undo_phrase(user, "duo".into()).await.unwrap();
    assert!(
        try_it("Please reset my Duo").await.unwrap().sensitive,
        "undone: back to the built-in rule"
    );
    assert!(
        svc.undo_phrase(user, "duo".into()).await.is_err(),
        "nothing left to undo"
    );

    // Refused: not a built-in term, too short to add, too long.
    let field = |r: Result<(), app::error::AppError>| r.unwrap_err().field.unwrap_or_default();
    assert_eq!(
        field(
            svc.change_phrase(user, "badge".into(), PhraseChange::Remove)
                .await
        ),
        "phrase"
    );
    assert_eq!(
        field(
            svc.change_phrase(user, " it ".into(), PhraseChange::Add)
                .await
        ),
        "phrase"
    );
    assert_eq!(
        field(
            svc.change_phrase(user, "x".repeat(101), PhraseChange::Add)
                .await
        ),
        "phrase"
    );
    assert_eq!(
        svc.verification_settings(user).await.unwrap().phrases.len(),
        1
    );
}
