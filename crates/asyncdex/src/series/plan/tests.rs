//! Tests of formats and options: names, serde, defaults.

use super::{Format, SeriesOptions};

#[test]
fn formats_parse_and_print() {
    for format in [
        Format::Folder,
        Format::Cbz,
        Format::CbzVolume,
        Format::CbzSingle,
    ] {
        assert_eq!(format.as_str().parse::<Format>(), Ok(format));
        let json = serde_json::to_string(&format).unwrap();
        assert_eq!(json, format!("\"{format}\""));
    }
    let error = "zip".parse::<Format>().unwrap_err().to_string();
    assert_eq!(
        error,
        "unknown format \"zip\": use folder, cbz, cbz-volume or cbz-single"
    );
}

#[test]
fn options_round_trip_and_fill_defaults() {
    let options = SeriesOptions {
        format: Format::CbzVolume,
        cover: true,
        ..SeriesOptions::default()
    };
    let json = serde_json::to_value(&options).unwrap();
    assert_eq!(
        serde_json::from_value::<SeriesOptions>(json).unwrap(),
        options
    );
    let partial: SeriesOptions = serde_json::from_str(r#"{"format":"cbz"}"#).unwrap();
    assert_eq!(partial.format, Format::Cbz);
    assert!(partial.comic_info);
}
