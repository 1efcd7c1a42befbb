//! Field metadata for the simulated entities: data types, required/read-only flags, picklists and
//! webhook field ids, declared as static tables and shared by validation, queries and
//! `entityInformation`.

mod crm;
mod entities;
mod hooks;
mod info;
mod notes;
mod people;
mod tickets;

pub use entities::{Child, Entity, HookFamily};
pub use info::{entity_info_json, fields_json, udfs_json};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataType {
    Integer,
    Long,
    String,
    DateTime,
    Boolean,
    Decimal,
}

impl DataType {
    pub fn wire_name(self) -> &'static str {
        match self {
            DataType::Integer => "integer",
            DataType::Long => "long",
            DataType::String => "string",
            DataType::DateTime => "datetime",
            DataType::Boolean => "boolean",
            DataType::Decimal => "decimal",
        }
    }
}

/// One picklist entry. `sort` mirrors Autotask's `sortOrder`, which need not follow the value.
#[derive(Clone, Copy, Debug)]
pub struct Pick {
    pub value: i64,
    pub label: &'static str,
    pub sort: u32,
    pub parent: Option<i64>,
    pub active: bool,
    pub system: bool,
    pub default: bool,
}

impl Pick {
    pub const fn new(value: i64, label: &'static str, sort: u32) -> Self {
        Pick {
            value,
            label,
            sort,
            parent: None,
            active: true,
            system: false,
            default: false,
        }
    }
    pub const fn system(mut self) -> Self {
        self.system = true;
        self
    }
    pub const fn default_value(mut self) -> Self {
        self.default = true;
        self
    }
    pub const fn inactive(mut self) -> Self {
        self.active = false;
        self
    }
    pub const fn under(mut self, parent: i64) -> Self {
        self.parent = Some(parent);
        self
    }
}

/// A user-defined field declared on the tenant.
#[derive(Clone, Copy, Debug)]
pub struct Udf {
    pub name: &'static str,
    pub label: &'static str,
}

#[derive(Clone, Copy, Debug)]
pub struct FieldDef {
    pub name: &'static str,
    pub ty: DataType,
    pub length: u32,
    pub required: bool,
    pub read_only: bool,
    pub queryable: bool,
    pub reference: Option<&'static str>,
    pub picklist: Option<&'static [Pick]>,
    pub parent_field: Option<&'static str>,
    /// Id used by `{X}WebhookFields.fieldID`; `None` when the field cannot be used in webhooks.
    pub hook_id: Option<i64>,
}

impl FieldDef {
    pub const fn new(name: &'static str, ty: DataType) -> Self {
        FieldDef {
            name,
            ty,
            length: 0,
            required: false,
            read_only: false,
            queryable: true,
            reference: None,
            picklist: None,
            parent_field: None,
            hook_id: None,
        }
    }
    pub const fn int(name: &'static str) -> Self {
        Self::new(name, DataType::Integer)
    }
    pub const fn long(name: &'static str) -> Self {
        Self::new(name, DataType::Long)
    }
    pub const fn text(name: &'static str, length: u32) -> Self {
        let mut f = Self::new(name, DataType::String);
        f.length = length;
        f
    }
    pub const fn date(name: &'static str) -> Self {
        Self::new(name, DataType::DateTime)
    }
    pub const fn flag(name: &'static str) -> Self {
        Self::new(name, DataType::Boolean)
    }
    pub const fn decimal(name: &'static str) -> Self {
        Self::new(name, DataType::Decimal)
    }
    pub const fn req(mut self) -> Self {
        self.required = true;
        self
    }
    pub const fn ro(mut self) -> Self {
        self.read_only = true;
        self
    }
    pub const fn no_query(mut self) -> Self {
        self.queryable = false;
        self
    }
    pub const fn refs(mut self, entity: &'static str) -> Self {
        self.reference = Some(entity);
        self
    }
    pub const fn pick(mut self, values: &'static [Pick]) -> Self {
        self.picklist = Some(values);
        self
    }
    pub const fn parent(mut self, field: &'static str) -> Self {
        self.parent_field = Some(field);
        self
    }
    pub const fn hook(mut self, id: i64) -> Self {
        self.hook_id = Some(id);
        self
    }

    pub fn pick_value(&self, value: i64) -> Option<&'static Pick> {
        self.picklist?.iter().find(|p| p.value == value)
    }
}
