//! TicketNotes fields; `publish` 1 = All Autotask Users (customer-visible), 2 = Internal Users.

use super::{FieldDef as F, Pick as P};

const PUBLISH: &[P] = &[
    P::new(1, "All Autotask Users", 1).system().default_value(),
    P::new(2, "Internal Users", 2).system(),
];

const NOTE_TYPE: &[P] = &[
    P::new(1, "Task Detail", 1).system().default_value(),
    P::new(2, "Task Notes", 2).system(),
    P::new(3, "Task Summary", 3).system(),
    P::new(13, "Workflow Rule Action", 4).system(),
    P::new(18, "Client Portal Note", 5),
];

pub const FIELDS: &[F] = &[
    F::long("id").req().ro().hook(1),
    F::int("ticketID").req().refs("Ticket").hook(2),
    F::text("title", 250).hook(3),
    F::text("description", 32000).req().hook(4),
    F::int("noteType").req().pick(NOTE_TYPE).hook(5),
    F::int("publish").req().pick(PUBLISH).hook(6),
    F::date("createDateTime").ro().hook(7),
    F::date("lastActivityDate").ro().hook(8),
    F::int("creatorResourceID").ro().refs("Resource").hook(9),
    F::int("createdByContactID").refs("Contact").hook(10),
    F::int("impersonatorCreatorResourceID")
        .ro()
        .refs("Resource"),
    F::int("impersonatorUpdaterResourceID")
        .ro()
        .refs("Resource"),
];
