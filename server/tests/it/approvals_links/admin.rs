//! The admin's side: pending plans MSP-wide and per client, Cancel (channel admin), and the
//! link-only switch, through `ApprovalService` and its server functions.

use super::links;
use app::ids::ClientId;
use app::states::{ApprovalState, DecisionChannel};
use app::wire::CurrentUser;

async fn admin_user(l: &super::Links) -> CurrentUser {
    let user = l.world.admin.clone();
    CurrentUser {
        user_id: user.id,
        msp_id: user.msp_id,
        msp_name: "Northwind".into(),
        name: user.name,
        email: user.email,
    }
}

#[tokio::test]
async fn pending_plans_are_listed_per_msp_and_client_and_cancel_tells_the_agent() {
    let l = links(false).await;
    let user = admin_user(&l).await;
    let desk = l.app.state.services.approvals.clone();
    let all = desk.pending(&user, None).await.unwrap();
    assert_eq!(all.len(), 1, "{all:?}");
    let row = &all[0];
    assert_eq!(row.plan_code, l.world.plan.code);
    assert_eq!(row.client_name, "Contoso Dental");
    assert_eq!(row.ticket_label, "T20261130.0077 Printer offline");
    assert_eq!(row.approver.as_deref(), Some("Tom Tech"));
    assert_eq!(
        row.steps,
        vec!["Update ticket (status: New → Complete)".to_string()]
    );
    assert_eq!(
        desk.pending(&user, Some(l.world.client))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(desk
        .pending(&user, Some(ClientId(l.world.client.get() + 100)))
        .await
        .unwrap()
        .is_empty());
    let stranger = CurrentUser {
        msp_id: app::ids::MspId(user.msp_id.get() + 1),
        ..user.clone()
    };
    assert!(desk.pending(&stranger, None).await.unwrap().is_empty());
    let err = desk.cancel(&stranger, row.id).await.unwrap_err();
    assert_eq!(err.status_code(), 404, "another MSP's plan is not found");

    desk.cancel(&user, row.id).await.unwrap();
    let plan = l.plan().await;
    assert_eq!(plan.state, ApprovalState::Cancelled);
    assert_eq!(plan.decision_channel, Some(DecisionChannel::Admin));
    assert_eq!(plan.decider_email.as_deref(), Some(user.email.as_str()));
    assert!(desk.pending(&user, None).await.unwrap().is_empty());
    let err = desk.cancel(&user, row.id).await.unwrap_err();
    assert_eq!(err.status_code(), 409, "{err:?}");
    // The link now says so.
    let (_, page) = l.get(&l.path("approve")).await;
    assert!(page.contains("data-state=\"cancelled\""), "{page}");
}

#[tokio::test]
async fn the_link_only_switch_is_per_integration_and_reports_mail() {
    let l = links(false).await;
    let user = admin_user(&l).await;
    let desk = l.app.state.services.approvals.clone();
    let view = desk.link_settings(&user).await.unwrap();
    assert_eq!(view.integration, Some(l.world.integration));
    assert!(!view.link_only && !view.mail_configured);
    let view = desk
        .set_link_only(&user, l.world.integration, true)
        .await
        .unwrap();
    assert!(view.link_only);
    let stranger = CurrentUser {
        msp_id: app::ids::MspId(user.msp_id.get() + 1),
        ..user.clone()
    };
    let err = desk
        .set_link_only(&stranger, l.world.integration, false)
        .await
        .unwrap_err();
    assert_eq!(err.status_code(), 404);
    assert!(desk.link_settings(&user).await.unwrap().link_only);
    let with_mail = super::links(true).await;
    let user = admin_user(&with_mail).await;
    let view = with_mail
        .app
        .state
        .services
        .approvals
        .link_settings(&user)
        .await
        .unwrap();
    assert!(view.mail_configured);
}
