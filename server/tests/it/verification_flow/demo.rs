//! The demo console connects the simulated provider for an MSP that saved no verification
//! settings (and only then), and links the provider's answer page.

use app::service::DemoService;
use app::states::VerifierKind;
use app::wire::CurrentUser;
use relay_sim::SimConfig;
use server::crypto::Cipher;
use server::demo_console::{DemoConsole, DemoVerifier};
use server::store::{self, NewMspAdmin};
use server::verification::connect::provider_for;

#[tokio::test]
async fn the_console_connects_the_simulated_provider_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("relay.db").display());
    let store = store::connect(&url).await.unwrap();
    let sim = relay_sim::start(SimConfig::default()).await.unwrap();
    let provider = relay_sim::verify::start_verify("127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let user = store
        .create_msp_with_admin(NewMspAdmin {
            msp_name: "Northwind IT".into(),
            name: "Ada Admin".into(),
            email: "ada@northwind.example".into(),
            password_hash: "not-a-real-hash".into(),
            now: 1,
        })
        .await
        .unwrap();
    let ada = CurrentUser {
        user_id: user.id,
        msp_id: user.msp_id,
        msp_name: "Northwind IT".into(),
        name: user.name,
        email: user.email,
    };
    let cipher = Cipher::new(&server::crypto::MasterKey::generate());
    let console = DemoConsole::new(sim.clone(), store.clone()).with_verifier(DemoVerifier {
        base_url: provider.base_url(),
        page_url: provider.control_page_url(),
        cipher: cipher.clone(),
    });

    let view = console.console(&ada, None).await.unwrap();
    assert_eq!(view.verify_page, Some(provider.control_page_url()));
    let saved = store
        .verification_settings(ada.msp_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.provider, Some(VerifierKind::Traceless));
    // The sealed secret opens with the server's key and the settings reach the fake.
    let connected = provider_for(&saved, &cipher, reqwest::Client::new())
        .unwrap()
        .expect("a provider");
    connected
        .check()
        .await
        .expect("the simulated provider accepts the demo settings");

    // An MSP's own choice is never overwritten: a second visit keeps what is stored.
    let mut own = saved.clone();
    own.timeout_secs = 120;
    let update = server::store::VerificationSettingsUpdate {
        provider: None,
        base_url: own.base_url.clone(),
        account_id: own.account_id.clone(),
        secret: server::store::KeyChange::Keep,
        paths: None,
        default_push: own.default_push,
        timeout_secs: 120,
        without_provider: own.without_provider,
        updated_by: ada.user_id,
        now: 2,
    };
    store
        .save_verification_settings(ada.msp_id, update)
        .await
        .unwrap();
    console.console(&ada, None).await.unwrap();
    let kept = store
        .verification_settings(ada.msp_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((kept.provider, kept.timeout_secs), (None, 120));
}
