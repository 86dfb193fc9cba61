//! Language codes used by MangaDex (`originalLanguage`, `translatedLanguage`, localized maps).

use super::macros::string_enum;

string_enum! {
    /// A language code as MangaDex writes it: ISO 639-1, a region suffix for some
    /// (`pt-br`, `es-la`, `zh-hk`) and `-ro` for romanized text (`ja-ro`).
    pub enum Language {
        /// `en`.
        English => "en",
        /// `ar`.
        Arabic => "ar",
        /// `az`.
        Azerbaijani => "az",
        /// `bn`.
        Bengali => "bn",
        /// `bg`.
        Bulgarian => "bg",
        /// `my`.
        Burmese => "my",
        /// `ca`.
        Catalan => "ca",
        /// `zh`: simplified Chinese.
        Chinese => "zh",
        /// `zh-hk`: traditional Chinese.
        ChineseTraditional => "zh-hk",
        /// `zh-ro`: romanized Chinese.
        ChineseRomanized => "zh-ro",
        /// `hr`.
        Croatian => "hr",
        /// `cs`.
        Czech => "cs",
        /// `da`.
        Danish => "da",
        /// `nl`.
        Dutch => "nl",
        /// `eo`.
        Esperanto => "eo",
        /// `et`.
        Estonian => "et",
        /// `tl`.
        Filipino => "tl",
        /// `fi`.
        Finnish => "fi",
        /// `fr`.
        French => "fr",
        /// `ka`.
        Georgian => "ka",
        /// `de`.
        German => "de",
        /// `el`.
        Greek => "el",
        /// `he`.
        Hebrew => "he",
        /// `hi`.
        Hindi => "hi",
        /// `hu`.
        Hungarian => "hu",
        /// `id`.
        Indonesian => "id",
        /// `it`.
        Italian => "it",
        /// `ja`.
        Japanese => "ja",
        /// `ja-ro`: romanized Japanese.
        JapaneseRomanized => "ja-ro",
        /// `kk`.
        Kazakh => "kk",
        /// `ko`.
        Korean => "ko",
        /// `ko-ro`: romanized Korean.
        KoreanRomanized => "ko-ro",
        /// `la`.
        Latin => "la",
        /// `lt`.
        Lithuanian => "lt",
        /// `ms`.
        Malay => "ms",
        /// `mn`.
        Mongolian => "mn",
        /// `ne`.
        Nepali => "ne",
        /// `no`.
        Norwegian => "no",
        /// `fa`.
        Persian => "fa",
        /// `pl`.
        Polish => "pl",
        /// `pt`.
        Portuguese => "pt",
        /// `pt-br`.
        PortugueseBrazil => "pt-br",
        /// `ro`.
        Romanian => "ro",
        /// `ru`.
        Russian => "ru",
        /// `sr`.
        Serbian => "sr",
        /// `sk`.
        Slovak => "sk",
        /// `es`.
        Spanish => "es",
        /// `es-la`: Latin American Spanish.
        SpanishLatinAmerica => "es-la",
        /// `sv`.
        Swedish => "sv",
        /// `ta`.
        Tamil => "ta",
        /// `th`.
        Thai => "th",
        /// `tr`.
        Turkish => "tr",
        /// `uk`.
        Ukrainian => "uk",
        /// `vi`.
        Vietnamese => "vi",
    }
}

impl Language {
    /// Whether this is a romanized variant (`ja-ro`, `ko-ro`, `zh-ro`, or any `*-ro`).
    pub fn is_romanized(&self) -> bool {
        self.as_str().ends_with("-ro")
    }

    /// The romanized variant of this language, when MangaDex has one
    /// (`ja` -> `ja-ro`, `ko` -> `ko-ro`, `zh`/`zh-hk` -> `zh-ro`).
    pub fn romanized(&self) -> Option<Language> {
        match self {
            Language::Japanese | Language::JapaneseRomanized => Some(Language::JapaneseRomanized),
            Language::Korean | Language::KoreanRomanized => Some(Language::KoreanRomanized),
            Language::Chinese | Language::ChineseTraditional | Language::ChineseRomanized => {
                Some(Language::ChineseRomanized)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        assert_eq!(Language::from("ja-ro"), Language::JapaneseRomanized);
        assert!(Language::JapaneseRomanized.is_romanized());
        assert_eq!(
            Language::Korean.romanized(),
            Some(Language::KoreanRomanized)
        );
        assert_eq!(Language::English.romanized(), None);
        let odd = Language::from("tlh");
        assert_eq!(odd, Language::Unknown("tlh".to_owned()));
        assert_eq!(serde_json::to_string(&odd).unwrap(), "\"tlh\"");
    }
}
