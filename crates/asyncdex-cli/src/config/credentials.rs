//! Credentials are refused in the file, under any key name that looks like one.

use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

/// Key names (lowercase, `-` read as `_`) that are credentials, refused wherever they appear.
const CREDENTIAL_KEYS: [&str; 8] = [
    "username",
    "user",
    "password",
    "client_id",
    "client_secret",
    "token",
    "access_token",
    "refresh_token",
];

/// Parts of a key name that mark a credential under any spelling (`api_token`, `passwd`, ...).
const CREDENTIAL_PARTS: [&str; 4] = ["password", "passwd", "secret", "token"];

/// What a credential key in the file is told to do instead.
pub(super) const CREDENTIALS_FIX: &str = "credentials don't belong in asyncdex.toml: use the \
ASYNCDEX_USERNAME / ASYNCDEX_PASSWORD environment variables (and ASYNCDEX_CLIENT_ID / \
ASYNCDEX_CLIENT_SECRET for a personal client)";

/// Every key in `table`, at any depth, that names a credential.
pub(super) fn credential_keys<'t>(
    table: &'t DeTable<'_>,
    found: &mut Vec<&'t Spanned<DeString<'t>>>,
) {
    for (key, value) in table.iter() {
        let name = key.get_ref().to_ascii_lowercase().replace('-', "_");
        if CREDENTIAL_KEYS.contains(&name.as_str())
            || CREDENTIAL_PARTS.iter().any(|part| name.contains(part))
        {
            found.push(key);
        }
        credential_keys_in(value.get_ref(), found);
    }
}

/// The credential keys inside a value: its tables, and the tables in its lists.
fn credential_keys_in<'t>(value: &'t DeValue<'_>, found: &mut Vec<&'t Spanned<DeString<'t>>>) {
    match value {
        DeValue::Table(table) => credential_keys(table, found),
        DeValue::Array(items) => {
            for item in items.iter() {
                credential_keys_in(item.get_ref(), found);
            }
        }
        DeValue::String(_)
        | DeValue::Integer(_)
        | DeValue::Float(_)
        | DeValue::Boolean(_)
        | DeValue::Datetime(_) => {}
    }
}
