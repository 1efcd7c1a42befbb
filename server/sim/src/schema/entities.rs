//! The entities the simulator serves, their URL names, which verbs exist (reference §3.1) and their
//! child collections.

use super::{crm, hooks, notes, people, tickets, FieldDef, Udf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    Tickets,
    TicketNotes,
    Companies,
    Contacts,
    Resources,
    ConfigurationItems,
    TicketWebhooks,
    TicketWebhookFields,
    TicketWebhookExcludedResources,
    TicketNoteWebhooks,
    TicketNoteWebhookFields,
    TicketNoteWebhookExcludedResources,
    WebhookEventErrorLogs,
}

/// Root-level verbs; child routes are described by [`Child`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Verbs {
    pub create: bool,
    pub update: bool,
    pub delete: bool,
}

/// A child collection such as `/Tickets/{id}/Notes`.
#[derive(Clone, Copy, Debug)]
pub struct Child {
    pub path: &'static str,
    pub entity: Entity,
    pub parent_field: &'static str,
    pub update: bool,
    pub delete: bool,
}

/// The entities that make up one webhook kind (e.g. TicketWebhooks watching Tickets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HookFamily {
    pub webhooks: Entity,
    pub fields: Entity,
    pub excluded: Entity,
    pub watched: Entity,
    /// Column of WebhookEventErrorLogs that points at the webhook.
    pub log_column: &'static str,
}

pub const TICKET_HOOKS: HookFamily = HookFamily {
    webhooks: Entity::TicketWebhooks,
    fields: Entity::TicketWebhookFields,
    excluded: Entity::TicketWebhookExcludedResources,
    watched: Entity::Tickets,
    log_column: "ticketWebhookID",
};

pub const NOTE_HOOKS: HookFamily = HookFamily {
    webhooks: Entity::TicketNoteWebhooks,
    fields: Entity::TicketNoteWebhookFields,
    excluded: Entity::TicketNoteWebhookExcludedResources,
    watched: Entity::TicketNotes,
    log_column: "ticketNoteWebhookID",
};

const fn child(path: &'static str, entity: Entity, parent_field: &'static str) -> Child {
    Child {
        path,
        entity,
        parent_field,
        update: true,
        delete: false,
    }
}

impl Entity {
    pub const ALL: [Entity; 13] = [
        Entity::Tickets,
        Entity::TicketNotes,
        Entity::Companies,
        Entity::Contacts,
        Entity::Resources,
        Entity::ConfigurationItems,
        Entity::TicketWebhooks,
        Entity::TicketWebhookFields,
        Entity::TicketWebhookExcludedResources,
        Entity::TicketNoteWebhooks,
        Entity::TicketNoteWebhookFields,
        Entity::TicketNoteWebhookExcludedResources,
        Entity::WebhookEventErrorLogs,
    ];

    pub fn path_name(self) -> &'static str {
        match self {
            Entity::Tickets => "Tickets",
            Entity::TicketNotes => "TicketNotes",
            Entity::Companies => "Companies",
            Entity::Contacts => "Contacts",
            Entity::Resources => "Resources",
            Entity::ConfigurationItems => "ConfigurationItems",
            Entity::TicketWebhooks => "TicketWebhooks",
            Entity::TicketWebhookFields => "TicketWebhookFields",
            Entity::TicketWebhookExcludedResources => "TicketWebhookExcludedResources",
            Entity::TicketNoteWebhooks => "TicketNoteWebhooks",
            Entity::TicketNoteWebhookFields => "TicketNoteWebhookFields",
            Entity::TicketNoteWebhookExcludedResources => "TicketNoteWebhookExcludedResources",
            Entity::WebhookEventErrorLogs => "WebhookEventErrorLogs",
        }
    }

    /// Singular name, used in webhook `EntityType` and `entityInformation.info.name`.
    pub fn singular(self) -> &'static str {
        match self {
            Entity::Tickets => "Ticket",
            Entity::TicketNotes => "TicketNote",
            Entity::Companies => "Company",
            Entity::Contacts => "Contact",
            Entity::Resources => "Resource",
            Entity::ConfigurationItems => "ConfigurationItem",
            Entity::TicketWebhooks => "TicketWebhook",
            Entity::TicketWebhookFields => "TicketWebhookField",
            Entity::TicketWebhookExcludedResources => "TicketWebhookExcludedResource",
            Entity::TicketNoteWebhooks => "TicketNoteWebhook",
            Entity::TicketNoteWebhookFields => "TicketNoteWebhookField",
            Entity::TicketNoteWebhookExcludedResources => "TicketNoteWebhookExcludedResource",
            Entity::WebhookEventErrorLogs => "WebhookEventErrorLog",
        }
    }

    pub fn from_path(segment: &str) -> Option<Entity> {
        Entity::ALL
            .into_iter()
            .find(|e| e.path_name().eq_ignore_ascii_case(segment))
    }

    pub fn fields(self) -> &'static [FieldDef] {
        match self {
            Entity::Tickets => tickets::FIELDS,
            Entity::TicketNotes => notes::FIELDS,
            Entity::Companies => crm::COMPANY_FIELDS,
            Entity::Contacts => crm::CONTACT_FIELDS,
            Entity::Resources => people::RESOURCE_FIELDS,
            Entity::ConfigurationItems => people::CI_FIELDS,
            Entity::TicketWebhooks | Entity::TicketNoteWebhooks => hooks::WEBHOOK_FIELDS,
            Entity::TicketWebhookFields | Entity::TicketNoteWebhookFields => {
                hooks::WEBHOOK_FIELD_FIELDS
            }
            Entity::TicketWebhookExcludedResources | Entity::TicketNoteWebhookExcludedResources => {
                hooks::EXCLUDED_RESOURCE_FIELDS
            }
            Entity::WebhookEventErrorLogs => hooks::ERROR_LOG_FIELDS,
        }
    }

    /// Case-insensitive field lookup, as the real server binds names.
    pub fn field(self, name: &str) -> Option<&'static FieldDef> {
        self.fields()
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    pub fn udfs(self) -> &'static [Udf] {
        match self {
            Entity::Tickets => tickets::UDFS,
            Entity::Companies => crm::COMPANY_UDFS,
            _ => &[],
        }
    }

    /// Whether records carry a `userDefinedFields` array.
    pub fn has_udfs(self) -> bool {
        matches!(
            self,
            Entity::Tickets | Entity::Companies | Entity::Contacts | Entity::ConfigurationItems
        )
    }

    pub fn verbs(self) -> Verbs {
        let v = |create, update, delete| Verbs {
            create,
            update,
            delete,
        };
        match self {
            Entity::Tickets | Entity::Companies | Entity::ConfigurationItems => {
                v(true, true, false)
            }
            Entity::Resources => v(false, true, false),
            Entity::TicketWebhooks | Entity::TicketNoteWebhooks => v(true, true, true),
            Entity::WebhookEventErrorLogs => v(false, false, true),
            _ => Verbs::default(),
        }
    }

    pub fn children(self) -> &'static [Child] {
        const TICKET: &[Child] = &[child("Notes", Entity::TicketNotes, "ticketID")];
        const COMPANY: &[Child] = &[Child {
            delete: true,
            ..child("Contacts", Entity::Contacts, "companyID")
        }];
        const TICKET_HOOK: &[Child] = &[
            Child {
                delete: true,
                ..child("Fields", Entity::TicketWebhookFields, "webhookID")
            },
            Child {
                delete: true,
                update: false,
                ..child(
                    "ExcludedResources",
                    Entity::TicketWebhookExcludedResources,
                    "webhookID",
                )
            },
        ];
        const NOTE_HOOK: &[Child] = &[
            Child {
                delete: true,
                ..child("Fields", Entity::TicketNoteWebhookFields, "webhookID")
            },
            Child {
                delete: true,
                update: false,
                ..child(
                    "ExcludedResources",
                    Entity::TicketNoteWebhookExcludedResources,
                    "webhookID",
                )
            },
        ];
        match self {
            Entity::Tickets => TICKET,
            Entity::Companies => COMPANY,
            Entity::TicketWebhooks => TICKET_HOOK,
            Entity::TicketNoteWebhooks => NOTE_HOOK,
            _ => &[],
        }
    }

    pub fn child(self, segment: &str) -> Option<Child> {
        self.children()
            .iter()
            .copied()
            .find(|c| c.path.eq_ignore_ascii_case(segment))
    }

    /// The webhook family this entity belongs to, whichever of its four roles it plays.
    pub fn hook_family(self) -> Option<HookFamily> {
        [TICKET_HOOKS, NOTE_HOOKS]
            .into_iter()
            .find(|f| [f.webhooks, f.fields, f.excluded, f.watched].contains(&self))
    }
}
