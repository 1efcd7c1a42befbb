//! Resources (technicians, the administrator, API users) and ConfigurationItems (assets) fields.

use super::{FieldDef as F, Pick as P};

pub const API_USER_LICENSE: i64 = 7;

const LICENSE_TYPE: &[P] = &[
    P::new(1, "Full", 1).system(),
    P::new(2, "Time and Attendance", 2).system(),
    P::new(3, "Dashboard User", 3).system(),
    P::new(4, "Team Member", 4).system(),
    P::new(5, "Co-Managed Help Desk", 5).system(),
    P::new(API_USER_LICENSE, "API User", 6).system(),
];

const USER_TYPE: &[P] = &[
    P::new(1, "Administrator", 1).system(),
    P::new(2, "Professional Services", 2).system(),
    P::new(3, "Service Desk", 3).system(),
    P::new(4, "API User (API-only)", 4).system(),
];

pub const RESOURCE_FIELDS: &[F] = &[
    F::long("id").req().ro(),
    F::text("firstName", 50).req(),
    F::text("lastName", 50).req(),
    F::text("middleName", 50),
    F::text("title", 50),
    F::text("email", 254).req(),
    F::text("email2", 254),
    F::text("email3", 254),
    F::text("userName", 50).req().ro(),
    F::flag("isActive"),
    F::text("resourceType", 20).ro(),
    F::int("userType").pick(USER_TYPE),
    F::int("licenseType").ro().pick(LICENSE_TYPE),
    F::int("defaultServiceDeskRoleID").no_query().refs("Role"),
    F::int("locationID"),
    F::text("officePhone", 25),
    F::text("mobilePhone", 25),
    F::date("hireDate"),
];

const CI_TYPE: &[P] = &[
    P::new(1, "Workstation", 1),
    P::new(2, "Server", 2),
    P::new(3, "Printer", 3),
    P::new(4, "Network Device", 4),
    P::new(5, "Mobile Device", 5),
];

pub const CI_FIELDS: &[F] = &[
    F::long("id").req().ro(),
    F::int("companyID").req().refs("Company"),
    F::int("productID").req().refs("Product"),
    F::flag("isActive"),
    F::text("referenceTitle", 200),
    F::text("referenceNumber", 50),
    F::text("serialNumber", 100),
    F::int("configurationItemType").pick(CI_TYPE),
    F::int("configurationItemCategoryID"),
    F::int("contactID").refs("Contact"),
    F::int("contractID").refs("Contract"),
    F::date("installDate"),
    F::date("warrantyExpirationDate"),
    F::text("location", 100),
    F::text("notes", 5000),
    F::int("parentConfigurationItemID").refs("ConfigurationItem"),
    F::date("createDate").ro(),
    F::date("lastModifiedTime").ro(),
    F::text("rmmDeviceUID", 100).ro(),
    F::int("impersonatorCreatorResourceID")
        .ro()
        .refs("Resource"),
];
