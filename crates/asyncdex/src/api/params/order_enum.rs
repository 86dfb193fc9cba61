//! `order_enum!`: the field enums of `order[...]` parameters.

/// A `string_enum`-like field enum for `order[...]` (only known values; `Display` gives the
/// wire name).
macro_rules! order_enum {
    ($(#[$doc:meta])* $name:ident { $( $variant:ident => $value:literal, )+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`order[", $value, "]`.")]
                $variant,
            )+
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(match self {
                    $( Self::$variant => $value, )+
                })
            }
        }
    };
}

pub(crate) use order_enum;
