//! Tests of the download's future and its page names.

use std::path::Path;

use uuid::Uuid;

use super::page_files::{page_files, part_path};
use crate::client::MangadexClient;

#[test]
fn the_download_future_is_send() {
    fn send<T: Send>(_: &T) {}
    let client = MangadexClient::new().unwrap();
    let download = client.download(Uuid::nil());
    send(&download);
    send(&download.run());
}

#[test]
fn page_names_are_padded_and_keep_plain_extensions() {
    let dir = Path::new("out");
    let files: Vec<String> = ["x1-abc.png", "x2-def.JPG", "x3", "x4.p/ng", "x5.a..b"]
        .iter()
        .map(|name| (*name).to_owned())
        .collect();
    let names: Vec<String> = page_files(dir, &files)
        .into_iter()
        .map(|page| page.name)
        .collect();
    assert_eq!(names, ["001.png", "002.jpg", "003", "004", "005.b"]);
    let many: Vec<String> = (0..1200).map(|i| format!("{i}.png")).collect();
    let pages = page_files(dir, &many);
    assert_eq!(pages[0].name, "0001.png");
    assert_eq!(pages[1199].path, dir.join("1200.png"));
    assert_eq!(part_path(&dir.join("001.png")), dir.join("001.png.part"));
}
