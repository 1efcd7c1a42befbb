//! Class lists shared by every page, so cards and buttons look the same everywhere. Whole
//! class names only: Tailwind finds the classes it generates by scanning these sources.

/// A white panel: each step of the Autotask page, the import progress.
pub const CARD: &str = "rounded-lg border border-slate-200 bg-white p-6";

/// The one main action of a form.
pub const BUTTON_PRIMARY: &str = "rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60";

/// The main action of the narrow sign-in and setup cards, as wide as the card.
pub const BUTTON_PRIMARY_WIDE: &str = "w-full rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60";

/// Secondary actions next to a card's content.
pub const BUTTON_SECONDARY: &str =
    "rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-100";
