//! Server functions of the demo console. Each form posts here and comes back to `/demo` with
//! the ticket it acted on selected, so they work before the wasm loads.

use crate::demo_wire::DemoConsoleView;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{ctx, form::Form};

pub const DEMO_PAGE: &str = "/demo";

#[cfg(feature = "ssr")]
fn demo() -> Result<std::sync::Arc<dyn crate::service::DemoService>, AppError> {
    ctx::services()?
        .demo
        .ok_or_else(|| AppError::not_found("The demo console (the demo tenant is off)"))
}

/// Whether the demo tenant runs (the navigation shows the console then).
#[server(endpoint = "demo/enabled")]
pub async fn demo_enabled() -> Result<bool, AppError> {
    ctx::user()?;
    Ok(ctx::services()?.demo.is_some())
}

#[server(endpoint = "demo/console")]
pub async fn demo_console(ticket: Option<i64>) -> Result<DemoConsoleView, AppError> {
    let user = ctx::user()?;
    ctx::respond(match demo() {
        Ok(demo) => demo.console(&user, ticket).await,
        Err(e) => Err(e),
    })
}

#[server(endpoint = "demo/raise")]
pub async fn demo_raise(contact: i64, title: String, description: String) -> Result<i64, AppError> {
    let user = ctx::user()?;
    let demo = demo()?;
    let id = demo.raise_ticket(&user, contact, title, description).await;
    let to = match &id {
        Ok(id) => format!("{DEMO_PAGE}?ticket={id}"),
        Err(_) => DEMO_PAGE.to_owned(),
    };
    Form::back_to(DEMO_PAGE)
        .then_go(to)
        .run(|_| async move { id })
        .await
}

/// `actor` is "contact" or "technician"; `person` the contact or resource id.
#[server(endpoint = "demo/reply")]
pub async fn demo_reply(
    ticket: i64,
    actor: String,
    person: i64,
    text: String,
) -> Result<(), AppError> {
    let user = ctx::user()?;
    let by = match actor.as_str() {
        "contact" => crate::demo_wire::DemoActor::Contact(person),
        "technician" => crate::demo_wire::DemoActor::Technician(person),
        _ => {
            return Err(AppError::validation(
                "actor",
                "Choose a contact or a technician.",
            ))
        }
    };
    let back = format!("{DEMO_PAGE}?ticket={ticket}");
    Form::back_to(&back)
        .then_go(back.clone())
        .run(|_| async move { demo()?.reply(&user, ticket, by, text).await })
        .await
}

#[server(endpoint = "demo/reassign")]
pub async fn demo_reassign(ticket: i64, resource: i64) -> Result<(), AppError> {
    let user = ctx::user()?;
    let back = format!("{DEMO_PAGE}?ticket={ticket}");
    Form::back_to(&back)
        .then_go(back.clone())
        .run(|_| async move { demo()?.reassign(&user, ticket, resource).await })
        .await
}
