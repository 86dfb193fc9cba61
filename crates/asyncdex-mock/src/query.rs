//! Query-string parsing the way the API reads it: repeated bracketed keys for arrays
//! (`includes[]=author`), deep-object ordering (`order[createdAt]=desc`), strict validation.

use std::cmp::Ordering;
use std::collections::HashSet;

use uuid::Uuid;

use crate::response::ApiError;
use crate::util::parse_pairs;

/// The API's result window: `offset + limit` may not exceed this.
pub(crate) const RESULT_WINDOW: usize = 10_000;

#[derive(Debug, Default)]
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    pub(crate) fn parse(raw: Option<&str>) -> Self {
        Self {
            pairs: raw.map(parse_pairs).unwrap_or_default(),
        }
    }

    /// Values of `key[]`, `key` and `key[N]`.
    pub(crate) fn all(&self, key: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| {
                k == key
                    || k.strip_prefix(key).is_some_and(|rest| {
                        rest.starts_with('[')
                            && rest.ends_with(']')
                            && rest[1..rest.len() - 1].bytes().all(|b| b.is_ascii_digit())
                    })
            })
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub(crate) fn one(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn uuids(&self, key: &str) -> Result<Vec<Uuid>, ApiError> {
        let values = self.all(key);
        if values.len() > 100 {
            return Err(ApiError::bad_request(format!(
                "Error validating {key}: at most 100 ids"
            )));
        }
        values.into_iter().map(|v| parse_uuid(key, v)).collect()
    }

    pub(crate) fn uuid(&self, key: &str) -> Result<Option<Uuid>, ApiError> {
        self.one(key).map(|v| parse_uuid(key, v)).transpose()
    }

    pub(crate) fn boolean(&self, key: &str) -> Result<Option<bool>, ApiError> {
        match self.one(key) {
            None => Ok(None),
            Some("true" | "1") => Ok(Some(true)),
            Some("false" | "0") => Ok(Some(false)),
            Some(v) => Err(ApiError::bad_request(format!(
                "Error validating {key}: \"{v}\" is not a boolean"
            ))),
        }
    }

    pub(crate) fn int(&self, key: &str) -> Result<Option<i64>, ApiError> {
        self.one(key)
            .map(|v| {
                v.parse::<i64>().map_err(|_| {
                    ApiError::bad_request(format!(
                        "Error validating {key}: \"{v}\" is not an integer"
                    ))
                })
            })
            .transpose()
    }

    /// Values restricted to an enum.
    pub(crate) fn enums(&self, key: &str, allowed: &[&str]) -> Result<Vec<&str>, ApiError> {
        let values = self.all(key);
        for v in &values {
            if !allowed.contains(v) {
                return Err(ApiError::bad_request(format!(
                    "Error validating {key}: \"{v}\" is not one of {allowed:?}"
                )));
            }
        }
        Ok(values)
    }

    /// `order[field]=asc|desc` pairs, in request order.
    pub(crate) fn order(&self, allowed: &[&str]) -> Result<Vec<(String, bool)>, ApiError> {
        let mut out = Vec::new();
        for (k, v) in &self.pairs {
            let Some(field) = k.strip_prefix("order[").and_then(|r| r.strip_suffix(']')) else {
                continue;
            };
            if !allowed.contains(&field) {
                return Err(ApiError::bad_request(format!(
                    "Error validating order: unknown field \"{field}\""
                )));
            }
            let desc = match v.as_str() {
                "asc" => false,
                "desc" => true,
                _ => {
                    return Err(ApiError::bad_request(format!(
                        "Error validating order[{field}]: must be asc or desc"
                    )));
                }
            };
            out.push((field.to_owned(), desc));
        }
        Ok(out)
    }

    /// `(limit, offset)` with the API's rules.
    pub(crate) fn page(
        &self,
        default_limit: usize,
        max_limit: usize,
    ) -> Result<(usize, usize), ApiError> {
        let limit = match self.int("limit")? {
            None => default_limit,
            Some(l) if l < 0 || l as u64 > max_limit as u64 => {
                return Err(ApiError::bad_request(format!(
                    "Error validating limit: must be between 0 and {max_limit}"
                )));
            }
            Some(l) => l as usize,
        };
        let offset = match self.int("offset")? {
            None => 0,
            Some(o) if o < 0 => {
                return Err(ApiError::bad_request(
                    "Error validating offset: must be >= 0",
                ));
            }
            Some(o) => usize::try_from(o).unwrap_or(usize::MAX),
        };
        if offset.saturating_add(limit) > RESULT_WINDOW {
            return Err(ApiError::new(
                http::StatusCode::BAD_REQUEST,
                "Result window is too large",
                Some(format!(
                    "offset + limit must be less than or equal to {RESULT_WINDOW}"
                )),
            ));
        }
        Ok((limit, offset))
    }

    /// `includes[]` (and `includes`, as the spec spells it for `GET /chapter`).
    pub(crate) fn includes(&self) -> Includes {
        Includes(
            self.all("includes")
                .into_iter()
                .map(str::to_owned)
                .collect(),
        )
    }
}

/// Reference expansions asked for.
#[derive(Debug, Default, Clone)]
pub(crate) struct Includes(HashSet<String>);

impl Includes {
    pub(crate) fn has(&self, kind: &str) -> bool {
        self.0.contains(kind)
    }
}

pub(crate) fn parse_uuid(key: &str, value: &str) -> Result<Uuid, ApiError> {
    if value.len() != 36 {
        return Err(ApiError::bad_request(format!(
            "Error validating {key}: \"{value}\" is not a valid UUID"
        )));
    }
    Uuid::parse_str(value).map_err(|_| {
        ApiError::bad_request(format!(
            "Error validating {key}: \"{value}\" is not a valid UUID"
        ))
    })
}

/// How `a` and `b` compare by the `order[...]` fields in turn, each ascending or (its flag
/// set) descending; `compare` orders two items by one field's name.
pub(crate) fn by_order<T>(
    order: &[(String, bool)],
    a: &T,
    b: &T,
    compare: impl Fn(&str, &T, &T) -> Ordering,
) -> Ordering {
    order
        .iter()
        .map(|(field, descending)| {
            let ordering = compare(field, a, b);
            if *descending {
                ordering.reverse()
            } else {
                ordering
            }
        })
        .find(|ordering| ordering.is_ne())
        .unwrap_or(Ordering::Equal)
}
