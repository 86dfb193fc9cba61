//! One version per chapter: which of a feed's chapters a series download takes, and why
//! each other one is left out.
//!
//! Several scanlation groups often release the same chapter. The rule, in order: the
//! language earliest in the preferences; then a preferred group (earliest in the list); then
//! the group that made the previous chapter taken (continuity); then the most pages; then the
//! newest upload; then the smallest id (so the choice never depends on feed order).

mod candidate;
mod chapter_key;
mod choose;
mod filtered;
mod skip_reason;
#[cfg(test)]
mod tests;
mod walk;

pub(crate) use self::candidate::{Candidate, Held};
pub(crate) use self::chapter_key::compare_numbers;
pub(crate) use self::choose::{Verdict, select};
pub use self::skip_reason::SkipReason;
