//! Response envelopes: `{"result":"ok","response":"entity","data":{..}}`, collections, and
//! bare `{"result":"ok"}` bodies.

use serde::{Deserialize, Deserializer, Serialize};

use super::enums::ResultStatus;

/// `{"result":"ok","response":"entity","data": T}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityResponse<T> {
    /// The entity.
    pub data: T,
}

impl<T> EntityResponse<T> {
    /// The entity.
    pub fn into_data(self) -> T {
        self.data
    }
}

/// `{"result":"ok","response":"collection","data":[..],"limit":n,"offset":n,"total":n}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionResponse<T> {
    /// The items of this page.
    pub data: Vec<T>,
    /// The page size the server applied.
    #[serde(default)]
    pub limit: u32,
    /// The offset of the first item of this page.
    #[serde(default)]
    pub offset: u32,
    /// The total number of results (may exceed what the 10,000 result window lets you read).
    #[serde(default)]
    pub total: u32,
}

impl<T> CollectionResponse<T> {
    /// The offset of the next page, `None` when this page reaches `total`.
    ///
    /// It does not apply the 10,000 result window; the pagination code does.
    pub fn next_offset(&self) -> Option<u32> {
        let next = self.offset.saturating_add(self.data.len() as u32);
        (!self.data.is_empty() && next < self.total).then_some(next)
    }

    /// The items.
    pub fn into_data(self) -> Vec<T> {
        self.data
    }
}

/// A bare `{"result":"ok"}` body (deletes, follows, "is following" checks, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultOk {
    /// The result (`ok`).
    pub result: ResultStatus,
}

impl ResultOk {
    /// Whether `result` is `ok`.
    pub fn is_ok(&self) -> bool {
        self.result == ResultStatus::Ok
    }
}

/// A body that is either enveloped (`{"result":"ok","data": T}`) or the bare `T`.
///
/// The spec documents some upload endpoints (`GET /upload`, `POST /upload/begin`,
/// `POST /upload/{id}/commit`) as returning the bare entity while the server wraps it in the
/// usual entity envelope; this accepts both.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct DataOrBare<T>(pub T);

impl<T> DataOrBare<T> {
    /// The value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for DataOrBare<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut value = serde_json::Value::deserialize(deserializer)?;
        let enveloped = value
            .as_object()
            .is_some_and(|obj| obj.contains_key("data") && !obj.contains_key("id"));
        if enveloped {
            value = value
                .as_object_mut()
                .and_then(|obj| obj.remove("data"))
                .unwrap_or_default();
        }
        T::deserialize(value)
            .map(DataOrBare)
            .map_err(serde::de::Error::custom)
    }
}
