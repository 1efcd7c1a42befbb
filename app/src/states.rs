//! States stored as text and shown in the browser: one enum each, so a typo is a compile
//! error. They serialise as the same lowercase words the database holds; the server decodes
//! rows through `TryFrom<String>` (this crate never links sqlx).

use serde::{Deserialize, Serialize};

/// A stored state word that names no variant (a row written by a newer version, or by hand).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownState {
    pub kind: &'static str,
    pub value: String,
}

impl std::fmt::Display for UnknownState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown {} {:?}", self.kind, self.value)
    }
}

impl std::error::Error for UnknownState {}

macro_rules! states {
    ($($(#[$doc:meta])* $name:ident ($kind:literal) { $($(#[$vdoc:meta])* $variant:ident = $word:literal,)* })*) => {
        $(
            $(#[$doc])*
            #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
            pub enum $name {
                $($(#[$vdoc])* #[serde(rename = $word)] $variant,)*
            }

            impl $name {
                /// The word stored in the database and sent to the browser.
                pub const fn as_str(self) -> &'static str {
                    match self {
                        $(Self::$variant => $word,)*
                    }
                }
            }

            impl std::fmt::Display for $name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl std::str::FromStr for $name {
                type Err = UnknownState;
                fn from_str(s: &str) -> Result<Self, Self::Err> {
                    match s {
                        $($word => Ok(Self::$variant),)*
                        other => Err(UnknownState { kind: $kind, value: other.to_string() }),
                    }
                }
            }

            impl TryFrom<String> for $name {
                type Error = UnknownState;
                fn try_from(s: String) -> Result<Self, Self::Error> {
                    s.parse()
                }
            }
        )*
    };
}

states! {
    /// Whether a client's agent only proposes plans or also carries them out.
    ClientMode ("client mode") {
        Plan = "plan",
        Execute = "execute",
    }
    /// Where a client's agent stands.
    AgentStatus ("agent status") {
        /// Created by an import, not yet switched on.
        Provisioning = "provisioning",
        Active = "active",
    }
    /// Where a company import run stands.
    ImportState ("import state") {
        Running = "running",
        Done = "done",
        Failed = "failed",
        /// A server restart stopped it; a resumed run replaces it.
        Interrupted = "interrupted",
    }
}
