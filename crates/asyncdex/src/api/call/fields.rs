//! `fields!`: setters for the fields of a builder's JSON body.

/// Setters for the optional fields of a builder's JSON body (`struct X(Call, Body)`).
macro_rules! fields {
    ($( $(#[$doc:meta])* $name:ident: $ty:ty; )*) => {
        $(
            #[doc = concat!("Sets `", stringify!($name), "` in the body.")]
            $(#[$doc])*
            pub fn $name(mut self, value: impl Into<$ty>) -> Self {
                self.1.$name = Some(value.into());
                self
            }
        )*
    };
}

pub(crate) use fields;
