//! Hand-written demo companies (own org 0 plus one of every company type, some inactive) and their
//! contacts; ids follow the reference fixtures (612, 744, contacts 30684012 / 30684077).

use super::{make, Tenant};
use crate::schema::Entity;
use serde_json::json;

/// (id, name, type, active, phone, web, city, state, tier)
type CompanyRow = (
    i64,
    &'static str,
    i64,
    bool,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

#[rustfmt::skip]
const COMPANIES: &[CompanyRow] = &[
    (0, "Northwind IT Services", 1, true, "555-010-0000", "www.northwind-it.example", "Portland", "OR", None),
    (612, "Contoso Dental Group", 1, true, "555-014-2231", "www.contosodental.example", "Seattle", "WA", Some("Gold")),
    (744, "Fabrikam Logistics", 7, true, "555-019-8870", "", "Tacoma", "WA", None),
    (803, "Adatum Legal LLP", 1, true, "555-016-4410", "www.adatum-legal.example", "Portland", "OR", Some("Silver")),
    (817, "Tailspin Toys", 1, true, "555-017-0099", "www.tailspintoys.example", "Salem", "OR", Some("Bronze")),
    (829, "Woodgrove Accounting", 2, true, "555-018-2290", "www.woodgrove-acct.example", "Eugene", "OR", None),
    (836, "Litware Labs", 3, true, "555-012-7741", "www.litware.example", "Bend", "OR", None),
    (842, "Proseware Inc", 4, false, "555-013-3302", "", "Medford", "OR", None),
    (851, "Lucerne Publishing", 6, false, "555-015-6678", "www.lucerne-pub.example", "Olympia", "WA", None),
    (858, "Wide World Importers", 8, true, "555-011-5120", "www.wideworldimporters.example", "Vancouver", "WA", None),
    (866, "Alpine Ski House", 1, false, "555-010-8812", "www.alpineskihouse.example", "Hood River", "OR", None),
    (874, "Bäckerei Müller & Söhne", 1, true, "555-019-3344", "www.mueller-baeckerei.example", "Beaverton", "OR", Some("Silver")),
    (881, "Blue Yonder Airlines", 1, true, "555-014-9001", "www.blueyonder.example", "Spokane", "WA", Some("Gold")),
    (889, "Humongous Insurance", 3, true, "555-016-1200", "www.humongousinsurance.example", "Boise", "ID", None),
];

/// (id, company, first, last, title, email, phone, mobile, active)
type ContactRow = (
    i64,
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
);

#[rustfmt::skip]
const CONTACTS: &[ContactRow] = &[
    (30684001, 0, "Dana", "Whitfield", "Service Manager", "dana.whitfield@northwind-it.example", "555-010-0001", "555-210-0001", 1),
    (30684012, 612, "Alicia", "Park", "Office Manager", "alicia.park@contosodental.example", "555-014-2232", "555-214-1001", 1),
    (30684013, 612, "Ben", "Okafor", "Dentist", "ben.okafor@contosodental.example", "555-014-2233", "555-214-1002", 1),
    (30684014, 612, "Carla", "Jensen", "Front Desk", "carla.jensen@contosodental.example", "555-014-2234", "", 1),
    (30684015, 612, "Dmitri", "Volkov", "Former Hygienist", "dmitri.volkov@contosodental.example", "555-014-2235", "", 0),
    (30684077, 744, "Evan", "Thompson", "Warehouse Lead", "evan.thompson@fabrikam-logistics.example", "555-019-8871", "555-219-2001", 1),
    (30684078, 744, "Fiona", "Gallagher", "Accounts Payable", "fiona.gallagher@fabrikam-logistics.example", "555-019-8872", "", 1),
    (30684101, 803, "Grace", "Liu", "Managing Partner", "grace.liu@adatum-legal.example", "555-016-4411", "555-216-3001", 1),
    (30684102, 803, "Hector", "Ramirez", "Paralegal", "hector.ramirez@adatum-legal.example", "555-016-4412", "", 1),
    (30684121, 817, "Irene", "Novak", "COO", "irene.novak@tailspintoys.example", "555-017-0100", "555-217-4001", 1),
    (30684131, 829, "Jamal", "Carter", "Partner", "jamal.carter@woodgrove-acct.example", "555-018-2291", "", 1),
    (30684141, 836, "Kenji", "Watanabe", "CTO", "kenji.watanabe@litware.example", "555-012-7742", "555-212-5001", 1),
    (30684161, 858, "Laura", "Schmidt", "Channel Manager", "laura.schmidt@wideworldimporters.example", "555-011-5121", "", 1),
    (30684171, 866, "Marco", "Rossi", "Owner", "marco.rossi@alpineskihouse.example", "555-010-8813", "", 0),
    (30684181, 874, "Jürgen", "Müller", "Geschäftsführer", "juergen.mueller@mueller-baeckerei.example", "555-019-3345", "555-219-6001", 1),
    (30684182, 874, "Zoë", "O'Brien", "Office Assistant", "zoe.obrien@mueller-baeckerei.example", "555-019-3346", "", 1),
    (30684191, 881, "Nora", "Haddad", "IT Coordinator", "nora.haddad@blueyonder.example", "555-014-9002", "555-214-7001", 1),
    (30684192, 881, "Oscar", "Lindqvist", "Operations Director", "oscar.lindqvist@blueyonder.example", "555-014-9003", "", 1),
    (30684201, 889, "Paula", "Mendes", "Risk Analyst", "paula.mendes@humongousinsurance.example", "555-016-1201", "", 1),
];

pub fn company_count() -> usize {
    COMPANIES.len()
}

pub fn seed_crm(t: &mut Tenant) {
    for &(id, name, ctype, active, phone, web, city, state, tier) in COMPANIES {
        let number = if id == 0 {
            "0".to_owned()
        } else {
            format!("C-{id:04}")
        };
        let mut rec = make(
            Entity::Companies,
            json!({
                "companyName": name, "companyNumber": number, "companyType": ctype,
                "isActive": active, "phone": phone, "webAddress": web,
                "address1": format!("{} Main St", 100 + id), "city": city, "state": state,
                "postalCode": "97201", "countryID": 237, "ownerResourceID": 29682885,
                "isClientPortalActive": ctype == 1, "isTaskFireActive": false,
                "isEnabledForComanaged": false,
                "createDate": "2021-06-15T16:20:00.000Z", "createdByResourceID": 4,
                "lastActivityDate": "2025-03-11T14:02:51.130Z",
                "lastTrackedModifiedDateTime": "2025-03-11T14:02:51.130Z",
            }),
        );
        if let Some(tier) = tier {
            rec.insert(
                "userDefinedFields".into(),
                json!([{"name": "Customer Tier", "value": tier}]),
            );
        }
        t.insert_with_id(Entity::Companies, id, rec);
    }
    for &(id, company, first, last, title, email, phone, mobile, active) in CONTACTS {
        let rec = make(
            Entity::Contacts,
            json!({
                "companyID": company, "firstName": first, "lastName": last, "title": title,
                "emailAddress": email, "phone": phone, "mobilePhone": mobile,
                "primaryContact": false, "isActive": active, "externalID": "",
                "createDate": "2022-01-10T09:00:00.000Z",
                "lastActivityDate": "2025-03-10T12:00:00.000Z",
                "lastModifiedDate": "2025-03-10T12:00:00.000Z",
            }),
        );
        t.insert_with_id(Entity::Contacts, id, rec);
    }
}
