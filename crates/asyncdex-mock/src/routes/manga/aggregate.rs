//! `GET /manga/{id}/aggregate`: volumes and chapters in number order.

use std::collections::BTreeMap;

use serde_json::{Map, json};

use super::find;
use crate::response::Handled;
use crate::response::Reply;
use crate::routes::Req;
use crate::state::State;

fn num_key(s: Option<&str>) -> (u8, f64, String) {
    match s {
        None => (1, 0.0, String::new()),
        Some(v) => match v.parse::<f64>() {
            Ok(f) => (0, f, v.to_owned()),
            Err(_) => (0, f64::MAX, v.to_owned()),
        },
    }
}

pub(crate) fn aggregate(state: &State, req: &Req) -> Handled {
    let m = find(state, req)?;
    let langs = req.query.all("translatedLanguage");
    let groups = req.query.uuids("groups")?;
    // volume -> chapter -> ids
    let mut vols: BTreeMap<(u8, u64, String), BTreeMap<(u8, u64, String), Vec<uuid::Uuid>>> =
        BTreeMap::new();
    for c in state.view().released_chapters_of(&m.id) {
        if (!langs.is_empty() && !langs.contains(&c.language))
            || (!groups.is_empty() && !groups.iter().any(|g| c.groups.contains(g)))
        {
            continue;
        }
        let vk = num_key(c.volume.as_deref());
        let ck = num_key(c.chapter.as_deref());
        let vkey = (
            vk.0,
            vk.1.to_bits(),
            c.volume.clone().unwrap_or_else(|| "none".to_owned()),
        );
        let ckey = (
            ck.0,
            ck.1.to_bits(),
            c.chapter.clone().unwrap_or_else(|| "none".to_owned()),
        );
        vols.entry(vkey)
            .or_default()
            .entry(ckey)
            .or_default()
            .push(c.id);
    }
    let mut volumes = Map::new();
    for ((_, _, vname), chapters) in vols {
        let mut chs = Map::new();
        let mut count = 0;
        for ((_, _, cname), ids) in chapters {
            count += ids.len();
            chs.insert(cname.clone(), json!({
                "chapter": cname, "id": ids[0], "others": &ids[1..], "count": ids.len(), "isUnavailable": false,
            }));
        }
        volumes.insert(
            vname.clone(),
            json!({"volume": vname, "count": count, "chapters": chs}),
        );
    }
    Ok(Reply::ok(&json!({"result": "ok", "volumes": volumes})))
}
