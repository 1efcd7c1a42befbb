//! Get by id, creates, PATCH/PUT with id in the body, the verbs that do not exist, child routes,
//! validation errors as 500, impersonation and the completedDate stamp.

use super::{error_text, start, Api};
use relay_sim::Faults;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn is_wire_date(v: &Value) -> bool {
    let s = v.as_str().unwrap_or("");
    let b = s.as_bytes();
    s.len() == 24 && b[4] == b'-' && b[10] == b'T' && b[19] == b'.' && s.ends_with('Z')
}

fn new_ticket() -> Value {
    json!({ "companyID": 612, "title": "Monitor flickers", "status": 1, "priority": 2,
            "queueID": 29683481, "contactID": 30684013 })
}

#[tokio::test]
async fn missing_items_are_200_item_null_or_404_when_switched() {
    let sim = start().await;
    let api = Api::new(&sim);
    let (status, v) = api.get("Tickets/99999999").await;
    assert_eq!((status, v), (StatusCode::OK, json!({ "item": null })));
    let (_, v) = api.get("Companies/0").await;
    assert_eq!(v["item"]["companyName"], "Northwind IT Services");
    sim.set_faults(Faults {
        missing_item_404: true,
        ..Faults::default()
    });
    assert_eq!(api.get("Tickets/99999999").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn create_returns_item_id_and_stamps_server_fields() {
    let sim = start().await;
    let api = Api::new(&sim);
    let (status, v) = api.post("Tickets", new_ticket()).await;
    assert_eq!(status, StatusCode::OK);
    let id = v["itemId"].as_i64().unwrap();
    assert_eq!(
        v.as_object().unwrap().len(),
        1,
        "only itemId comes back: {v}"
    );
    let t = api.get(&format!("Tickets/{id}")).await.1["item"].clone();
    let number = t["ticketNumber"].as_str().unwrap();
    assert!(
        number.len() == 14 && number.starts_with('T') && &number[9..10] == ".",
        "{number}"
    );
    assert!(is_wire_date(&t["createDate"]), "{}", t["createDate"]);
    assert_eq!(t["creatorResourceID"], sim.api_user_resource_id());
    assert_eq!(t["impersonatorCreatorResourceID"], Value::Null);
    assert_eq!(t["completedDate"], Value::Null);
}

#[tokio::test]
async fn impersonation_sets_creator_and_impersonator() {
    let sim = start().await;
    let api = Api::new(&sim);
    let resp = api
        .request(Method::POST, &api.url("Tickets"))
        .header("ImpersonationResourceId", "29682910")
        .json(&new_ticket())
        .send()
        .await
        .unwrap();
    let (status, v) = super::read(resp).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let t = api.get(&format!("Tickets/{}", v["itemId"])).await.1["item"].clone();
    assert_eq!(t["creatorResourceID"], 29682910);
    assert_eq!(
        t["impersonatorCreatorResourceID"],
        sim.api_user_resource_id()
    );
    for bad in ["29683020", "12345", "29682913"] {
        let resp = api
            .request(Method::POST, &api.url("Tickets"))
            .header("impersonationresourceid", bad)
            .json(&new_ticket())
            .send()
            .await
            .unwrap();
        assert_eq!(
            resp.status(),
            StatusCode::INTERNAL_SERVER_ERROR,
            "impersonating {bad}"
        );
    }
}

#[tokio::test]
async fn patch_and_put_go_to_the_collection_and_status_5_stamps_completion() {
    let sim = start().await;
    let api = Api::new(&sim);
    let (status, v) = api
        .patch("Tickets", json!({ "id": 41207, "status": 5 }))
        .await;
    assert_eq!((status, v), (StatusCode::OK, json!({ "itemId": 41207 })));
    let t = api.get("Tickets/41207").await.1["item"].clone();
    assert_eq!(t["status"], 5);
    assert!(is_wire_date(&t["completedDate"]));
    assert_eq!(t["completedByResourceID"], sim.api_user_resource_id());
    assert_eq!(
        t["title"], "Outlook keeps prompting for password",
        "PATCH keeps other fields"
    );

    let (status, _) = api
        .send(
            Method::PATCH,
            "Tickets/41207",
            Some(&json!({ "status": 1 })),
        )
        .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let (status, _) = api
        .send(Method::PUT, "Tickets/41207", Some(&json!({ "status": 1 })))
        .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);

    let put =
        json!({ "id": 41208, "companyID": 612, "title": "Replaced", "status": 1, "priority": 3 });
    let (status, _) = api.send(Method::PUT, "Tickets", Some(&put)).await;
    assert_eq!(status, StatusCode::OK);
    let t = api.get("Tickets/41208").await.1["item"].clone();
    assert_eq!(t["title"], "Replaced");
    assert_eq!(t["description"], Value::Null, "PUT clears omitted fields");
    assert_eq!(t["assignedResourceID"], Value::Null);
    assert_eq!(
        t["ticketNumber"], "T20250311.0043",
        "read-only fields survive PUT"
    );

    let (status, v) = api.patch("Tickets", json!({ "status": 5 })).await;
    assert_eq!(
        status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "id is required: {v}"
    );
}

#[tokio::test]
async fn only_the_documented_verbs_exist() {
    let sim = start().await;
    let api = Api::new(&sim);
    let cases = [
        (Method::DELETE, "Tickets/41207"),
        (Method::POST, "TicketNotes"),
        (Method::PATCH, "TicketNotes"),
        (Method::POST, "Contacts"),
        (Method::PATCH, "Contacts"),
        (Method::POST, "Resources"),
        (Method::DELETE, "Companies/612"),
        (Method::POST, "Tickets/41207"),
        (Method::PUT, "Tickets/query"),
        (Method::DELETE, "Tickets/41207/Notes/90201"),
        (Method::POST, "ThresholdInformation"),
    ];
    for (method, path) in cases {
        let (status, v) = api
            .send(method.clone(), path, Some(&json!({ "id": 1 })))
            .await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert!(
            error_text(&v).contains("does not support http method"),
            "{v}"
        );
    }
}

#[tokio::test]
async fn validation_failures_are_500_with_errors_array() {
    let sim = start().await;
    let api = Api::new(&sim);
    let base = new_ticket();
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    let mut no_title = base.clone();
    no_title.as_object_mut().unwrap().remove("title");
    for body in [
        no_title,
        with("status", json!(99)),
        with("status", json!(19)),
        with("companyID", json!(424242)),
        with("contactID", json!(30684077)),
        with("assignedResourceID", json!(29683020)),
        with("assignedResourceID", json!(29682910)),
        with("subIssueType", json!(301)),
        with("title", json!("x".repeat(256))),
        with("priority", json!("high")),
    ] {
        let (status, v) = api.post("Tickets", body.clone()).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
        assert!(v["errors"].as_array().is_some_and(|e| !e.is_empty()), "{v}");
    }
    let ok = with("assignedResourceID", json!(29682910));
    let mut ok = ok;
    ok["assignedResourceRoleID"] = json!(29682834);
    assert_eq!(api.post("Tickets", ok).await.0, StatusCode::OK);
}

#[tokio::test]
async fn ticket_notes_live_under_tickets() {
    let sim = start().await;
    let api = Api::new(&sim);
    let body = json!({ "ticketID": 41207, "title": "Update", "description": "Reset the profile.",
                       "noteType": 1, "publish": 2 });
    let id = api.create("Tickets/41207/Notes", body).await;
    let note = api.get(&format!("TicketNotes/{id}")).await.1["item"].clone();
    assert_eq!(note["publish"], 2);
    assert_eq!(note["creatorResourceID"], sim.api_user_resource_id());
    assert_eq!(note["createdByContactID"], Value::Null);
    assert!(is_wire_date(&note["createDateTime"]));

    let (status, list) = api.get("Tickets/41207/Notes").await;
    assert_eq!(status, StatusCode::OK);
    assert!(super::ids(&list).contains(&id));
    assert_eq!(list["pageDetails"]["nextPageUrl"], Value::Null);
    let (_, one) = api.get(&format!("Tickets/41207/Notes/{id}")).await;
    assert_eq!(one["item"]["id"], id);
    let (_, other) = api.get(&format!("Tickets/41208/Notes/{id}")).await;
    assert_eq!(other, json!({ "item": null }));

    let (status, _) = api
        .patch("Tickets/41207/Notes", json!({ "id": id, "publish": 1 }))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        sim.notes(41207)
            .iter()
            .find(|n| n.id == id)
            .unwrap()
            .publish,
        Some(1)
    );
    let (status, _) = api
        .patch("Tickets/41208/Notes", json!({ "id": id, "publish": 2 }))
        .await;
    assert_eq!(
        status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "note belongs to another ticket"
    );

    let (status, _) = api
        .post(
            "Tickets/99999999/Notes",
            json!({ "description": "x", "noteType": 1, "publish": 1 }),
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let (status, _) = api
        .post(
            "Tickets/41207/Notes",
            json!({ "title": "no description", "noteType": 1, "publish": 1 }),
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn contact_impersonated_notes_must_be_published_to_all() {
    let sim = start().await;
    let api = Api::new(&sim);
    let body = |publish: i64| {
        json!({ "description": "From the customer", "noteType": 1,
                                       "publish": publish, "createdByContactID": 30684012 })
    };
    let (status, _) = api.post("Tickets/41207/Notes", body(2)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let id = api.create("Tickets/41207/Notes", body(1)).await;
    let note = sim.notes(41207).into_iter().find(|n| n.id == id).unwrap();
    assert_eq!(note.created_by_contact_id, Some(30684012));
    assert_eq!(note.creator_resource_id, None);
}

#[tokio::test]
async fn contacts_live_under_companies_and_is_active_is_an_integer() {
    let sim = start().await;
    let api = Api::new(&sim);
    let id = api
        .create(
            "Companies/612/Contacts",
            json!({ "firstName": "Quinn", "lastName": "Avery", "emailAddress": "quinn.avery@contosodental.example" }),
        )
        .await;
    let c = api.get(&format!("Contacts/{id}")).await.1["item"].clone();
    assert_eq!(c["isActive"], 1);
    assert_eq!(c["companyID"], 612);
    let (status, _) = api
        .patch("Companies/612/Contacts", json!({ "id": id, "isActive": 0 }))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        api.get(&format!("Contacts/{id}")).await.1["item"]["isActive"],
        0
    );
    let (status, _) = api
        .patch(
            "Companies/612/Contacts",
            json!({ "id": id, "isActive": true }),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "isActive is not a boolean here"
    );
    let (status, list) = api.get("Companies/612/Contacts").await;
    assert_eq!(status, StatusCode::OK);
    assert!(super::ids(&list).contains(&id));
    let (status, v) = api
        .send(
            Method::DELETE,
            &format!("Companies/612/Contacts/{id}"),
            None,
        )
        .await;
    assert_eq!((status, v), (StatusCode::OK, json!({ "itemId": id })));
    let (status, _) = api
        .send(
            Method::DELETE,
            &format!("Companies/612/Contacts/{id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let (_, company) = api.get("Companies/612").await;
    assert_eq!(
        company["item"]["isActive"], true,
        "Companies.isActive is a boolean"
    );
}

#[tokio::test]
async fn companies_and_assets_can_be_created_but_company_0_not_deactivated() {
    let sim = start().await;
    let api = Api::new(&sim);
    let id = api
        .create(
            "Companies",
            json!({ "companyName": "Graphic Design Institute", "companyType": 2,
                                      "ownerResourceID": 29682885, "phone": "555-010-4444" }),
        )
        .await;
    assert_eq!(
        api.get(&format!("Companies/{id}")).await.1["item"]["isActive"],
        true
    );
    let (status, _) = api
        .patch("Companies", json!({ "id": 0, "isActive": false }))
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let (status, _) = api
        .post(
            "Companies",
            json!({ "companyName": "No type", "phone": "1" }),
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let ci = api
        .create(
            "ConfigurationItems",
            json!({ "companyID": id, "productID": 31, "referenceTitle": "GDI-WS-01" }),
        )
        .await;
    assert_eq!(
        api.get(&format!("ConfigurationItems/{ci}")).await.1["item"]["isActive"],
        true
    );
    let (status, _) = api
        .patch(
            "Resources",
            json!({ "id": 29682912, "title": "Principal Engineer" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn picklists_come_from_entity_information_with_string_values() {
    let sim = start().await;
    let api = Api::new(&sim);
    let field = |fields: &Value, name: &str| -> Value {
        fields["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .cloned()
            .unwrap()
    };
    let label = |f: &Value, value: &str| -> String {
        f["picklistValues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["value"] == value)
            .unwrap()["label"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (status, tickets) = api.get("Tickets/entityInformation/fields").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(label(&field(&tickets, "status"), "5"), "Complete");
    for name in ["priority", "queueID", "ticketType", "issueType", "source"] {
        assert_eq!(field(&tickets, name)["isPickList"], true, "{name}");
    }
    let sub = field(&tickets, "subIssueType");
    assert_eq!(sub["picklistParentValueField"], "issueType");
    assert_eq!(sub["picklistValues"][0]["parentValue"], "7");
    let (_, companies) = api.get("Companies/entityInformation/fields").await;
    let ct = field(&companies, "companyType");
    let labels: Vec<(String, String)> = ct["picklistValues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["value"].as_str().unwrap().to_owned(),
                p["label"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expect = [
        ("1", "Customer"),
        ("2", "Lead"),
        ("3", "Prospect"),
        ("4", "Dead"),
        ("6", "Cancellation"),
        ("7", "Vendor"),
        ("8", "Partner"),
    ];
    assert_eq!(labels, expect.map(|(v, l)| (v.to_owned(), l.to_owned())));
    let (_, notes) = api.get("TicketNotes/entityInformation/fields").await;
    assert_eq!(label(&field(&notes, "publish"), "1"), "All Autotask Users");
    assert_eq!(label(&field(&notes, "publish"), "2"), "Internal Users");
    assert!(field(&notes, "noteType")["picklistValues"]
        .as_array()
        .is_some_and(|p| !p.is_empty()));
    let (_, resources) = api.get("Resources/entityInformation/fields").await;
    assert_eq!(label(&field(&resources, "licenseType"), "7"), "API User");
    let (_, hook_fields) = api
        .get("TicketWebhookFields/entityInformation/fields")
        .await;
    assert_eq!(label(&field(&hook_fields, "fieldID"), "5"), "status");
    let (_, info) = api.get("Tickets/entityInformation").await;
    assert_eq!(info["info"]["canCreate"], true);
    assert_eq!(info["info"]["canDelete"], false);
    assert_eq!(info["info"]["supportsWebhookCallouts"], true);
    let (_, udfs) = api.get("Tickets/entityInformation/userDefinedFields").await;
    assert_eq!(udfs["fields"][0]["name"], "Escalation Tier");
}
