//! Companies and Contacts fields. Contacts `isActive` is an integer (1/0) as in real Autotask.

use super::{FieldDef as F, Pick as P, Udf};

pub const CUSTOMER: i64 = 1;
pub const LEAD: i64 = 2;
pub const PROSPECT: i64 = 3;
pub const DEAD: i64 = 4;
pub const CANCELLATION: i64 = 6;
pub const VENDOR: i64 = 7;
pub const PARTNER: i64 = 8;

const COMPANY_TYPE: &[P] = &[
    P::new(CUSTOMER, "Customer", 1).system().default_value(),
    P::new(LEAD, "Lead", 2).system(),
    P::new(PROSPECT, "Prospect", 3).system(),
    P::new(DEAD, "Dead", 4).system(),
    P::new(CANCELLATION, "Cancellation", 5).system(),
    P::new(VENDOR, "Vendor", 6).system(),
    P::new(PARTNER, "Partner", 7).system(),
];

const CLASSIFICATION: &[P] = &[
    P::new(1, "Gold", 1),
    P::new(2, "Silver", 2),
    P::new(3, "Bronze", 3),
];

pub const COMPANY_FIELDS: &[F] = &[
    F::long("id").req().ro(),
    F::text("companyName", 100).req(),
    F::text("companyNumber", 50),
    F::int("companyType").req().pick(COMPANY_TYPE),
    F::flag("isActive"),
    F::text("phone", 25).req(),
    F::text("fax", 25),
    F::text("webAddress", 255),
    F::text("address1", 128),
    F::text("address2", 128),
    F::text("city", 50),
    F::text("state", 25),
    F::text("postalCode", 20),
    F::int("countryID"),
    F::int("ownerResourceID").req().refs("Resource"),
    F::int("parentCompanyID").refs("Company"),
    F::int("classification").pick(CLASSIFICATION),
    F::int("companyCategoryID"),
    F::int("marketSegmentID"),
    F::int("territoryID"),
    F::text("taxID", 50),
    F::flag("isClientPortalActive").ro(),
    F::flag("isTaskFireActive").ro(),
    F::flag("isEnabledForComanaged"),
    F::date("createDate").ro(),
    F::int("createdByResourceID").ro().refs("Resource"),
    F::date("lastActivityDate").ro(),
    F::date("lastTrackedModifiedDateTime").ro(),
    F::int("impersonatorCreatorResourceID")
        .ro()
        .refs("Resource"),
];

pub const COMPANY_UDFS: &[Udf] = &[Udf {
    name: "Customer Tier",
    label: "Customer Tier",
}];

pub const CONTACT_FIELDS: &[F] = &[
    F::long("id").req().ro(),
    F::int("companyID").req().refs("Company"),
    F::text("firstName", 50).req(),
    F::text("lastName", 50).req(),
    F::text("title", 50),
    F::text("emailAddress", 254),
    F::text("emailAddress2", 254),
    F::text("emailAddress3", 254),
    F::text("phone", 25),
    F::text("extension", 10),
    F::text("alternatePhone", 32),
    F::text("mobilePhone", 25),
    F::int("companyLocationID"),
    F::flag("primaryContact"),
    F::text("externalID", 50),
    F::int("isActive"),
    F::date("createDate").ro(),
    F::date("lastActivityDate").ro(),
    F::date("lastModifiedDate").ro(),
    F::int("impersonatorCreatorResourceID")
        .ro()
        .refs("Resource"),
];
