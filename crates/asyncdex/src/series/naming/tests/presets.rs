//! The presets: parsing, round trips and the names they render.

use super::*;

#[test]
fn presets_parse_and_round_trip() {
    for preset in Preset::ALL {
        let naming = Naming::preset(preset);
        assert_eq!(preset.as_str().parse::<Preset>(), Ok(preset));
        assert_eq!(preset.to_string(), preset.as_str());
        let json = serde_json::to_string(&naming).unwrap();
        assert_eq!(serde_json::from_str::<Naming>(&json).unwrap(), naming);
        let name = serde_json::to_string(&preset).unwrap();
        assert_eq!(name, format!("\"{preset}\""));
    }
    assert_eq!("KAVITA".parse::<Preset>(), Ok(Preset::Kavita));
    let unknown = "calibre".parse::<Preset>().unwrap_err();
    assert_eq!(
        unknown.to_string(),
        r#"unknown naming preset "calibre": known presets are komga, kavita, plain"#
    );
    assert_eq!(Naming::default(), Naming::preset(Preset::Komga));
    let partial: Naming = serde_json::from_str(r#"{"chapter": "c{chapter:4}"}"#).unwrap();
    assert_eq!(partial.chapter.as_str(), "c{chapter:4}");
    assert_eq!(partial.series, Naming::default().series);
}

fn chapters(preset: Preset) -> [String; 5] {
    let naming = Naming::preset(preset);
    let whole = NameFields {
        chapter: Some("12"),
        chapter_title: None,
        group: None,
        ..full()
    };
    let no_volume = NameFields {
        volume: None,
        ..full()
    };
    let oneshot_in_volume = NameFields {
        volume: Some("2"),
        ..oneshot()
    };
    [&whole, &full(), &oneshot(), &no_volume, &oneshot_in_volume]
        .map(|fields| naming.chapter.render(fields))
}

#[test]
fn komga_preset() {
    assert_eq!(
        chapters(Preset::Komga),
        [
            "Title v01 c012",
            "Title v01 c008.5 - Extra [Team]",
            "Title Oneshot - Spring [Team]",
            "Title c008.5 - Extra [Team]",
            "Title v02 Oneshot - Spring [Team]",
        ]
    );
    let naming = Naming::preset(Preset::Komga);
    assert_eq!(naming.series.render(&full()), "Title");
    assert_eq!(naming.volume.render(&full()), "Title v01");
    assert_eq!(naming.volume.render(&oneshot()), "Title");
    assert_eq!(naming.single.render(&full()), "Title");
}

#[test]
fn kavita_preset() {
    assert_eq!(
        chapters(Preset::Kavita),
        [
            "Title Vol. 01 Ch. 012",
            "Title Vol. 01 Ch. 008.5 - Extra [Team]",
            "Title SP01 Oneshot - Spring [Team]",
            "Title Ch. 008.5 - Extra [Team]",
            "Title SP01 Oneshot Vol. 02 - Spring [Team]",
        ]
    );
    let naming = Naming::preset(Preset::Kavita);
    assert_eq!(naming.series.render(&full()), "Title");
    assert_eq!(naming.volume.render(&full()), "Title Vol. 01");
    assert_eq!(naming.single.render(&full()), "Title");
}

#[test]
fn plain_preset() {
    assert_eq!(
        chapters(Preset::Plain),
        [
            "Vol.1 Ch.12",
            "Vol.1 Ch.8.5 Extra [Team]",
            "Oneshot Spring [Team]",
            "Ch.8.5 Extra [Team]",
            "Vol.2 Oneshot Spring [Team]",
        ]
    );
    let naming = Naming::preset(Preset::Plain);
    assert_eq!(naming.series.render(&full()), "Title");
    assert_eq!(naming.volume.render(&full()), "Vol.1");
    assert_eq!(naming.volume.render(&oneshot()), "Vol");
    assert_eq!(naming.single.render(&full()), "Title");
}
