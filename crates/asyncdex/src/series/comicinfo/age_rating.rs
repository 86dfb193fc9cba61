//! [`AgeRating`], the schema's `AgeRating` values, and the one for a MangaDex content
//! rating.

/// The schema's `AgeRating` values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum AgeRating {
    /// `Unknown` (omitted from the document).
    #[default]
    Unknown,
    /// `Adults Only 18+`.
    AdultsOnly18Plus,
    /// `Early Childhood`.
    EarlyChildhood,
    /// `Everyone`.
    Everyone,
    /// `Everyone 10+`.
    Everyone10Plus,
    /// `G`.
    G,
    /// `Kids to Adults`.
    KidsToAdults,
    /// `M`.
    M,
    /// `MA15+`.
    Ma15Plus,
    /// `Mature 17+`.
    Mature17Plus,
    /// `PG`.
    Pg,
    /// `R18+`.
    R18Plus,
    /// `Rating Pending`.
    RatingPending,
    /// `Teen`.
    Teen,
    /// `X18+`.
    X18Plus,
}

impl AgeRating {
    /// The rating for a MangaDex content rating: `safe` is `Everyone`, `suggestive` is
    /// `Teen`, `erotica` is `Mature 17+`, `pornographic` is `Adults Only 18+`, anything else
    /// `Unknown`.
    pub fn from_content_rating(content_rating: &str) -> AgeRating {
        match content_rating {
            "safe" => AgeRating::Everyone,
            "suggestive" => AgeRating::Teen,
            "erotica" => AgeRating::Mature17Plus,
            "pornographic" => AgeRating::AdultsOnly18Plus,
            _ => AgeRating::Unknown,
        }
    }

    /// The schema's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AgeRating::Unknown => "Unknown",
            AgeRating::AdultsOnly18Plus => "Adults Only 18+",
            AgeRating::EarlyChildhood => "Early Childhood",
            AgeRating::Everyone => "Everyone",
            AgeRating::Everyone10Plus => "Everyone 10+",
            AgeRating::G => "G",
            AgeRating::KidsToAdults => "Kids to Adults",
            AgeRating::M => "M",
            AgeRating::Ma15Plus => "MA15+",
            AgeRating::Mature17Plus => "Mature 17+",
            AgeRating::Pg => "PG",
            AgeRating::R18Plus => "R18+",
            AgeRating::RatingPending => "Rating Pending",
            AgeRating::Teen => "Teen",
            AgeRating::X18Plus => "X18+",
        }
    }
}
