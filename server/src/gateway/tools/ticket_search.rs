//! How `list-tickets` turns its shortcuts into Autotask filters (§1.1): the search text by
//! shape (ticket number, number prefix, id, title keyword) and the status shortcuts. "Open"
//! must be `notIn`, never `ne`: Autotask ignores unknown operators and returns every ticket.

use schemars::JsonSchema;
use serde::Deserialize;

use super::args::Pick;
use super::{picks, ToolError};
use crate::autotask::entities::TICKET_STATUS_COMPLETE;
use crate::autotask::{EntityFields, Filter};

/// Which tickets by status: "open" (default), "closed", "any", one status, or several.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum StatusArg {
    One(Pick),
    Many(Vec<Pick>),
}

/// `T` + 8 digits + `.` + digits, any case.
pub fn is_ticket_number(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() > 10
        && b[0].eq_ignore_ascii_case(&b'T')
        && b[1..9].iter().all(u8::is_ascii_digit)
        && b[9] == b'.'
        && b[10..].iter().all(u8::is_ascii_digit)
}

/// The filter for a search text, by its shape.
pub fn search_filter(search: &str) -> Filter {
    let upper = search.to_ascii_uppercase();
    if is_ticket_number(search) {
        Filter::eq("ticketNumber", upper)
    } else if upper.starts_with('T')
        && upper.len() > 4
        && upper[1..].bytes().all(|c| c.is_ascii_digit() || c == b'.')
    {
        Filter::begins_with("ticketNumber", &upper)
    } else if let Ok(id) = search.parse::<i64>() {
        Filter::or([Filter::eq("id", id), Filter::contains("title", search)])
    } else {
        Filter::contains("title", search)
    }
}

/// The status clause; `None` for "any".
pub fn status_filter(
    status: Option<&StatusArg>,
    fields: &EntityFields,
) -> Result<Option<Filter>, ToolError> {
    let keyword = |p: &Pick| match p {
        Pick::Label(l) => Some(l.trim().to_ascii_lowercase()),
        Pick::Id(_) => None,
    };
    Ok(match status {
        None => Some(Filter::not_in("status", [TICKET_STATUS_COMPLETE])),
        Some(StatusArg::One(p)) => match keyword(p).as_deref() {
            Some("open") => Some(Filter::not_in("status", [TICKET_STATUS_COMPLETE])),
            Some("closed") => Some(Filter::is_in("status", [TICKET_STATUS_COMPLETE])),
            Some("any") => None,
            _ => Some(Filter::eq("status", lookup(fields, p)?)),
        },
        Some(StatusArg::Many(list)) if list.is_empty() => {
            return Err(ToolError::InvalidArguments(
                "status: the list is empty".into(),
            ))
        }
        Some(StatusArg::Many(list)) => {
            let ids = list
                .iter()
                .map(|p| lookup(fields, p))
                .collect::<Result<Vec<_>, _>>()?;
            Some(Filter::is_in("status", ids))
        }
    })
}

/// Reads accept inactive values too (old tickets carry them).
fn lookup(fields: &EntityFields, pick: &Pick) -> Result<i64, ToolError> {
    match pick {
        Pick::Id(id) => Ok(*id),
        Pick::Label(_) => picks::resolve(fields, "status", "status", pick),
    }
}
