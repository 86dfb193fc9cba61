//! The names Windows reserves for devices, in any case and with any extension.

/// The stem of `name` if Windows reserves it: a device name before the first dot, whatever
/// follows, and whatever spaces end it (Windows ignores them).
pub(super) fn reserved_stem(name: &str) -> Option<&str> {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    is_device(stem).then_some(stem)
}

/// Whether `stem` names a Windows device, in any case.
fn is_device(stem: &str) -> bool {
    let upper = stem.to_uppercase();
    match upper.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$" => true,
        _ => ["COM", "LPT"].iter().any(|device| {
            upper.strip_prefix(device).is_some_and(|digit| {
                let mut chars = digit.chars();
                let only = chars.next().filter(|_| chars.next().is_none());
                only.is_some_and(|d| d.is_ascii_digit() || matches!(d, '¹' | '²' | '³'))
            })
        }),
    }
}
