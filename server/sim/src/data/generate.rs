//! Bulk companies and contacts for benchmarks: deterministic, mostly Customers with a mix of the
//! other types, a few inactive, built quickly enough to seed tens of thousands.

use super::{blank, Tenant};
use crate::schema::Entity;
use serde_json::{json, Value};

/// First id of generated companies; the hand-written seed stays below it.
pub const FIRST_GENERATED_COMPANY: i64 = 100_000;
const FIRST_GENERATED_CONTACT: i64 = 40_000_000;

const PREFIXES: &[&str] = &[
    "Acme",
    "Apex",
    "Beacon",
    "Cascade",
    "Cedar",
    "Summit",
    "Harbor",
    "Ironwood",
    "Juniper",
    "Keystone",
    "Lakeside",
    "Meridian",
    "Northgate",
    "Orchard",
    "Pinnacle",
    "Quarry",
    "Redwood",
    "Silverline",
    "Timber",
    "Union",
];
const TRADES: &[&str] = &[
    "Dental",
    "Legal",
    "Logistics",
    "Accounting",
    "Engineering",
    "Realty",
    "Veterinary",
    "Construction",
    "Marketing",
    "Clinic",
    "Brewing",
    "Architecture",
    "Insurance",
    "Bakery",
];
const SUFFIXES: &[&str] = &["LLC", "Inc", "Group", "Partners", "Co", "Ltd"];
const FIRST: &[&str] = &[
    "Alex", "Blair", "Casey", "Devon", "Emery", "Finley", "Harper", "Jordan", "Kai", "Logan",
    "Morgan", "Noel", "Parker", "Quinn", "Riley", "Sasha", "Taylor", "Avery",
];
const LAST: &[&str] = &[
    "Adams",
    "Brooks",
    "Castillo",
    "Dubois",
    "Evans",
    "Fischer",
    "Garcia",
    "Hughes",
    "Ito",
    "Johansson",
    "Kowalski",
    "Lopez",
    "Murphy",
    "Nguyen",
    "Olsen",
    "Patel",
    "Reyes",
    "Smith",
];
const CITIES: &[(&str, &str)] = &[
    ("Portland", "OR"),
    ("Seattle", "WA"),
    ("Boise", "ID"),
    ("Sacramento", "CA"),
    ("Reno", "NV"),
    ("Spokane", "WA"),
];
/// Mostly Customers; the rest cycles through every other type.
const TYPES: &[i64] = &[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 6, 7, 8, 1, 1];

/// splitmix64: tiny, deterministic, no allocation.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }
}

pub fn generate(t: &mut Tenant, companies: usize, contacts_per: usize, seed: u64) {
    let mut rng = Rng(seed);
    let company_template = blank(Entity::Companies);
    let contact_template = blank(Entity::Contacts);
    for i in 0..companies {
        let id = FIRST_GENERATED_COMPANY + i as i64;
        let name = format!(
            "{} {} {} #{}",
            rng.pick(PREFIXES),
            rng.pick(TRADES),
            rng.pick(SUFFIXES),
            i + 1
        );
        let domain = format!("client{}.example", i + 1);
        let ctype = rng.pick(TYPES);
        let active = !matches!(ctype, 4 | 6) && !rng.next().is_multiple_of(25);
        let (city, state) = rng.pick(CITIES);
        let phone = format!("555-{:03}-{:04}", 100 + i % 900, i % 10_000);
        let mut rec = company_template.clone();
        let fields: [(&str, Value); 14] = [
            ("companyName", name.into()),
            ("companyNumber", format!("C-{id}").into()),
            ("companyType", ctype.into()),
            ("isActive", active.into()),
            ("phone", phone.clone().into()),
            ("webAddress", format!("www.{domain}").into()),
            ("address1", format!("{} Commerce Way", 10 + i % 990).into()),
            ("city", city.into()),
            ("state", state.into()),
            ("countryID", 237.into()),
            ("ownerResourceID", 29682885.into()),
            ("isClientPortalActive", (ctype == 1).into()),
            ("createDate", "2023-05-01T09:00:00.000Z".into()),
            (
                "userDefinedFields",
                json!([{"name": "Customer Tier", "value": null}]),
            ),
        ];
        rec.extend(fields.map(|(k, v)| (k.to_owned(), v)));
        t.insert_with_id(Entity::Companies, id, rec);
        for j in 0..contacts_per {
            let (first, last) = (rng.pick(FIRST), rng.pick(LAST));
            let cid = FIRST_GENERATED_CONTACT + (i * contacts_per + j) as i64;
            let mut c = contact_template.clone();
            let fields: [(&str, Value); 8] = [
                ("companyID", id.into()),
                ("firstName", first.into()),
                ("lastName", last.into()),
                (
                    "emailAddress",
                    format!(
                        "{}.{}{j}@{domain}",
                        first.to_lowercase(),
                        last.to_lowercase()
                    )
                    .into(),
                ),
                ("phone", format!("{phone} x{}", 10 + j).into()),
                (
                    "mobilePhone",
                    format!("555-2{:02}-{:04}", j % 100, i % 10_000).into(),
                ),
                ("isActive", i64::from(!rng.next().is_multiple_of(20)).into()),
                ("createDate", "2023-05-01T09:00:00.000Z".into()),
            ];
            c.extend(fields.map(|(k, v)| (k.to_owned(), v)));
            t.insert_with_id(Entity::Contacts, cid, c);
        }
    }
}
