//! Entity decoding against the reference fixtures (copied into `server/tests/fixtures`).

use super::*;
use app::ids::{CompanyId, ResourceId, TicketId};

const TICKET_ITEM: &str = include_str!("../../../tests/fixtures/04-ticket-item.json");
const NOTE_ITEM: &str = include_str!("../../../tests/fixtures/05-ticketnote-item.json");
const COMPANIES: &str = include_str!("../../../tests/fixtures/06-companies-query-response.json");
const FIELDS: &str =
    include_str!("../../../tests/fixtures/07-tickets-entityinformation-fields.json");
const THRESHOLD: &str = include_str!("../../../tests/fixtures/12-threshold-information.json");

#[derive(serde::Deserialize)]
struct Item<T> {
    item: T,
}

#[test]
fn ticket_fixture_decodes_with_udfs_and_unknown_fields() {
    let ticket: Item<Ticket> = serde_json::from_str(TICKET_ITEM).unwrap();
    let t = ticket.item;
    assert_eq!(t.id, TicketId(41207));
    assert_eq!(t.queue_id, Some(29682833));
    assert_eq!(t.sub_issue_type, Some(214));
    assert_eq!(t.assigned_resource_id, None);
    assert_eq!(
        udf_value(&t.user_defined_fields, "escalation tier"),
        Some(&serde_json::json!("Tier 2"))
    );
    // Fields the struct does not name survive in `other`.
    assert!(t.other.contains_key("isVisibleToComanaged"));
    assert!(t.other.contains_key("lastActivityPersonType"));
}

#[test]
fn note_fixture_is_internal_and_by_the_api_user() {
    let note: Item<TicketNote> = serde_json::from_str(NOTE_ITEM).unwrap();
    assert!(note.item.is_internal());
    assert_eq!(note.item.creator_resource_id, Some(ResourceId(29683020)));
}

#[test]
fn companies_fixture_includes_company_zero() {
    #[derive(serde::Deserialize)]
    struct Items {
        items: Vec<Company>,
    }
    let page: Items = serde_json::from_str(COMPANIES).unwrap();
    assert_eq!(page.items[0].id, CompanyId(0));
    assert_eq!(page.items[2].company_type, Some(7));
    assert_eq!(page.items[1].is_active, Some(true));
}

#[test]
fn contact_is_active_is_an_integer() {
    let c: Contact =
        serde_json::from_str(r#"{"id":30684012,"companyID":612,"isActive":1,"newField":true}"#)
            .unwrap();
    assert!(c.active());
    // A boolean here means the server is wrong; the type refuses to hide it.
    assert!(serde_json::from_str::<Contact>(r#"{"id":1,"isActive":true}"#).is_err());
}

#[test]
fn field_metadata_maps_string_values_to_integers() {
    let fields: EntityFields = serde_json::from_str(FIELDS).unwrap();
    assert_eq!(fields.label("status", 5), Some("Complete"));
    assert_eq!(fields.label("STATUS", 19), Some("Cancelled"));
    assert_eq!(fields.value_for_label("priority", "critical"), Some(4));
    assert_eq!(fields.label("queueID", 29682833), Some("Client Portal"));
    let outlook: Vec<_> = fields
        .children_of("subIssueType", 7)
        .iter()
        .map(|v| v.label.clone())
        .collect();
    assert_eq!(outlook, vec!["Outlook / Profile", "Mailbox Permissions"]);
    let id = fields.field("id").unwrap();
    assert!(id.picklist_values.is_empty());
}

#[test]
fn threshold_fixture_decodes() {
    let t: ThresholdInformation = serde_json::from_str(THRESHOLD).unwrap();
    assert_eq!(t.current_timeframe_request_count, 4127);
}

#[test]
fn webhook_children_serialise_with_autotask_names() {
    let field = WebhookField {
        webhook_id: Some(3),
        field_id: Some(24),
        is_subscribed_field: Some(true),
        is_display_always_field: Some(false),
        ..Default::default()
    };
    let json = serde_json::to_value(&field).unwrap();
    assert_eq!(json["webhookID"], 3);
    assert_eq!(json["fieldID"], 24);
    assert_eq!(json["isSubscribedField"], true);
    let hook: TicketWebhook =
        serde_json::from_str(r#"{"id":1,"webhookGUID":"abc","isReady":false,"secretKey":null}"#)
            .unwrap();
    assert_eq!(hook.webhook_guid.as_deref(), Some("abc"));
}
