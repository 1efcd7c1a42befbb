//! SQL of the rule agent's per-MSP triage mapping.

pub(super) const RULE_MAPPING: &str = "SELECT m.msp_id, m.mapping, m.updated_by, \
     u.name AS updated_by_name, m.updated_at FROM rule_agent_mappings m \
     LEFT JOIN users u ON u.id = m.updated_by WHERE m.msp_id = $1";
pub(super) const UPSERT_RULE_MAPPING: &str = "INSERT INTO rule_agent_mappings \
     (msp_id, mapping, updated_by, updated_at) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (msp_id) DO UPDATE SET mapping = excluded.mapping, \
     updated_by = excluded.updated_by, updated_at = excluded.updated_at";
pub(super) const DELETE_RULE_MAPPING: &str = "DELETE FROM rule_agent_mappings WHERE msp_id = $1";
