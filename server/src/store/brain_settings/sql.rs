//! SQL of the brain settings, written once for both databases.

macro_rules! brain_cols {
    () => {
        "msp_id, kind, base_url, model, api_key_enc, token_param, tool_choice, \
         parallel_tool_calls, updated_by, updated_at"
    };
}

pub(super) const BRAIN_SETTINGS: &str = concat!(
    "SELECT ",
    brain_cols!(),
    " FROM agent_brain_settings WHERE msp_id = $1"
);

/// One row per MSP. `$5` says whether the key column changes (`$4` is the new sealed value,
/// NULL to clear); otherwise the stored key stays, even on the row's first insert.
pub(super) const SAVE_BRAIN_SETTINGS: &str = concat!(
    "INSERT INTO agent_brain_settings (msp_id, kind, base_url, model, api_key_enc, \
     token_param, tool_choice, parallel_tool_calls, updated_by, updated_at) \
     VALUES ($1, $2, $3, $6, CASE WHEN $5 THEN $4 ELSE NULL END, $7, $8, $9, $10, $11) \
     ON CONFLICT (msp_id) DO UPDATE SET kind = excluded.kind, base_url = excluded.base_url, \
     model = excluded.model, api_key_enc = CASE WHEN $5 THEN excluded.api_key_enc \
     ELSE agent_brain_settings.api_key_enc END, token_param = excluded.token_param, \
     tool_choice = excluded.tool_choice, parallel_tool_calls = excluded.parallel_tool_calls, \
     updated_by = excluded.updated_by, updated_at = excluded.updated_at RETURNING ",
    brain_cols!()
);
