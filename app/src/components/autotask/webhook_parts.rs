//! Parts of the webhook card: the secrets (in clear once, masked otherwise) and the switch
//! that makes signatures required.

use super::CopyField;
use crate::api::integrations::SetSignatureRequired;
use crate::components::{form_error, FormBanner};
use crate::wire::WebhookSecrets;
use leptos::prelude::*;

/// The URL and secret key in clear with Copy buttons when `shown`, otherwise masked.
#[component]
pub fn SecretsPanel(
    masked_url: String,
    has_key: bool,
    shown: Option<WebhookSecrets>,
) -> impl IntoView {
    match shown {
        Some(secrets) => view! {
            <div class="space-y-3" data-testid="webhook-secrets-shown">
                <p class="text-sm text-amber-800" data-testid="webhook-secrets-once">
                    "Copy these into Autotask now: after you leave this page they are shown masked until you reveal them again."
                </p>
                <CopyField label="Webhook URL" value=secrets.url testid="webhook-url" />
                <CopyField label="Deactivation URL" value=secrets.deactivation_url testid="webhook-deactivation-url" />
                {match secrets.hmac_key {
                    Some(key) => view! { <CopyField label="Secret key" value=key testid="webhook-secret" /> }.into_any(),
                    None => view! { <p class="text-sm text-amber-800">"This webhook has no secret key of its own yet: rotate the secrets to create one."</p> }.into_any(),
                }}
            </div>
        }
        .into_any(),
        None => view! {
            <div class="space-y-3">
                <Masked label="Webhook URL" value=masked_url testid="webhook-url" />
                <Masked label="Secret key"
                    value=if has_key { crate::wire::SECRET_MASK.to_string() } else { "none yet: rotate the secrets to create one".to_string() }
                    testid="webhook-secret" />
            </div>
        }
        .into_any(),
    }
}

#[component]
fn Masked(label: &'static str, value: String, testid: &'static str) -> impl IntoView {
    let id = format!("masked-{testid}");
    view! {
        <div class="space-y-1">
            <label for=id.clone() class="block text-sm font-medium text-slate-700">{label}</label>
            <input id=id readonly=true value=value data-testid=testid data-masked="true"
                class="block w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs text-slate-500" />
        </div>
    }
}

/// Whether unsigned callouts are refused, and a form to change it (a warning while they are not).
#[component]
pub fn SignatureSwitch(required: bool, has_key: bool, on_changed: Callback<()>) -> impl IntoView {
    let switch = ServerAction::<SetSignatureRequired>::new();
    let error = form_error(move || switch.value().get().map(|r| r.err()));
    Effect::new(move |_| {
        if let Some(Ok(())) = switch.value().get() {
            on_changed.run(());
        }
    });
    let status = if required {
        "Signatures required: events without a valid X-Hook-Signature are refused."
    } else {
        "Signatures not required."
    };
    view! {
        <div class="mt-4 border-t border-slate-100 pt-4" data-testid="signature-setting">
            <FormBanner error />
            <p class="text-sm text-slate-700" data-testid="signature-status" data-required=required.to_string()>{status}</p>
            {(!required).then(|| view! {
                <p role="alert" class="mt-1 text-sm text-red-700" data-testid="signature-warning">
                    "Anyone who sees the webhook URL (in a proxy log, or through Autotask's API) can send Relay forged events. Require signatures once the secret key is in Autotask."
                </p>
            })}
            <ActionForm action=switch>
                <input type="hidden" name="required" value=(!required).to_string() />
                <button class="mt-2 rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-100"
                    data-testid="signature-toggle" disabled=!required && !has_key>
                    {if required { "Stop requiring signatures" } else { "Require signatures" }}
                </button>
            </ActionForm>
        </div>
    }
}
