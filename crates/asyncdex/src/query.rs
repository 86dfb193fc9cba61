//! Query strings the way MangaDex reads them: arrays as repeated `key[]=value`, orderings as
//! `order[field]=direction`, everything else percent-encoded.

/// Appends `key=value` to `query`, percent-encoding both (brackets in keys stay as they are:
/// they are the API's array and deep-object syntax).
pub(crate) fn push_pair(query: &mut String, key: &str, value: &str) {
    if !query.is_empty() {
        query.push('&');
    }
    encode_into(query, key, true);
    query.push('=');
    encode_into(query, value, false);
}

/// The array form of `key`: `includes` becomes `includes[]`; `includes[]` stays.
pub(crate) fn array_key(key: &str) -> String {
    if key.ends_with("[]") {
        key.to_owned()
    } else {
        format!("{key}[]")
    }
}

fn encode_into(out: &mut String, text: &str, is_key: bool) {
    for byte in text.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'_' | b'.' | b'~')
            || (is_key && matches!(byte, b'[' | b']'));
        if keep {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_percent_encoded_and_brackets_kept_in_keys() {
        let mut query = String::new();
        push_pair(&mut query, "title", "Sōsō no Frieren & co/=?");
        push_pair(&mut query, &array_key("includes"), "cover_art");
        push_pair(&mut query, "order[createdAt]", "desc");
        assert_eq!(
            query,
            "title=S%C5%8Ds%C5%8D%20no%20Frieren%20%26%20co%2F%3D%3F&includes[]=cover_art&order[createdAt]=desc"
        );
        let uri: http::Uri = format!("https://api.mangadex.org/manga?{query}")
            .parse()
            .unwrap();
        assert_eq!(uri.query(), Some(query.as_str()));
    }

    #[test]
    fn array_key_is_idempotent() {
        assert_eq!(array_key("ids"), "ids[]");
        assert_eq!(array_key("ids[]"), "ids[]");
    }
}
