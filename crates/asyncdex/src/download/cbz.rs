//! A stored-only (no compression) ZIP writer for CBZ files: the pages are already compressed
//! images, so deflating them again would cost time for nothing.
//!
//! Plain ZIP (no ZIP64): at most 65 535 entries and 4 GiB, far above any chapter.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIRECTORY: u32 = 0x0605_4b50;
/// Version 1.0: stored entries need nothing newer.
const VERSION_NEEDED: u16 = 10;
/// Made by: UNIX (3), version 2.0; lets readers take the permissions below.
const VERSION_MADE_BY: u16 = (3 << 8) | 20;
/// Regular file, `rw-r--r--`, in the high half of the external attributes.
const EXTERNAL_ATTRIBUTES: u32 = 0o100_644 << 16;
/// Flag bit 11: the name is UTF-8.
const UTF8_NAME: u16 = 1 << 11;

struct Entry {
    name: String,
    crc: u32,
    size: u32,
    offset: u32,
}

fn too_large(what: &str) -> io::Error {
    io::Error::other(format!(
        "the CBZ would need ZIP64 ({what}), which is not supported"
    ))
}

/// Writes `target` (through `target.part` and a rename) with one stored entry per
/// `(name, file)`, in the given order. The modification time of every entry is `dos_time`.
pub(super) fn write_cbz(
    target: &Path,
    pages: &[(String, PathBuf)],
    dos_time: (u16, u16),
    fsync: bool,
) -> io::Result<()> {
    let part = super::part_path(target);
    let result =
        write_to(&part, pages, dos_time, fsync).and_then(|()| std::fs::rename(&part, target));
    if result.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    result
}

fn write_to(
    path: &Path,
    pages: &[(String, PathBuf)],
    (time, date): (u16, u16),
    fsync: bool,
) -> io::Result<()> {
    if pages.len() > usize::from(u16::MAX) {
        return Err(too_large("more than 65535 entries"));
    }
    let mut out = BufWriter::new(File::create(path)?);
    let mut entries = Vec::with_capacity(pages.len());
    let mut offset: u64 = 0;
    for (name, file) in pages {
        let data = std::fs::read(file)?;
        let size = u32::try_from(data.len()).map_err(|_| too_large("an entry over 4 GiB"))?;
        let name_len = u16::try_from(name.len()).map_err(|_| too_large("a long name"))?;
        let crc = crc32fast::hash(&data);
        let entry_offset = u32::try_from(offset).map_err(|_| too_large("over 4 GiB"))?;
        let flags = if name.is_ascii() { 0 } else { UTF8_NAME };
        let mut header = Vec::with_capacity(30 + name.len());
        header.extend_from_slice(&LOCAL_HEADER.to_le_bytes());
        header.extend_from_slice(&VERSION_NEEDED.to_le_bytes());
        header.extend_from_slice(&flags.to_le_bytes());
        header.extend_from_slice(&0u16.to_le_bytes()); // stored
        header.extend_from_slice(&time.to_le_bytes());
        header.extend_from_slice(&date.to_le_bytes());
        header.extend_from_slice(&crc.to_le_bytes());
        header.extend_from_slice(&size.to_le_bytes()); // compressed size
        header.extend_from_slice(&size.to_le_bytes()); // uncompressed size
        header.extend_from_slice(&name_len.to_le_bytes());
        header.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        header.extend_from_slice(name.as_bytes());
        out.write_all(&header)?;
        out.write_all(&data)?;
        offset += (header.len() + data.len()) as u64;
        entries.push(Entry {
            name: name.clone(),
            crc,
            size,
            offset: entry_offset,
        });
    }
    let directory_offset = u32::try_from(offset).map_err(|_| too_large("over 4 GiB"))?;
    let mut directory = Vec::new();
    for entry in &entries {
        let flags = if entry.name.is_ascii() { 0 } else { UTF8_NAME };
        directory.extend_from_slice(&CENTRAL_HEADER.to_le_bytes());
        directory.extend_from_slice(&VERSION_MADE_BY.to_le_bytes());
        directory.extend_from_slice(&VERSION_NEEDED.to_le_bytes());
        directory.extend_from_slice(&flags.to_le_bytes());
        directory.extend_from_slice(&0u16.to_le_bytes()); // stored
        directory.extend_from_slice(&time.to_le_bytes());
        directory.extend_from_slice(&date.to_le_bytes());
        directory.extend_from_slice(&entry.crc.to_le_bytes());
        directory.extend_from_slice(&entry.size.to_le_bytes());
        directory.extend_from_slice(&entry.size.to_le_bytes());
        directory.extend_from_slice(&(entry.name.len() as u16).to_le_bytes());
        directory.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        directory.extend_from_slice(&0u16.to_le_bytes()); // comment length
        directory.extend_from_slice(&0u16.to_le_bytes()); // disk number
        directory.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        directory.extend_from_slice(&EXTERNAL_ATTRIBUTES.to_le_bytes());
        directory.extend_from_slice(&entry.offset.to_le_bytes());
        directory.extend_from_slice(entry.name.as_bytes());
    }
    let directory_size =
        u32::try_from(directory.len()).map_err(|_| too_large("a huge directory"))?;
    directory_offset
        .checked_add(directory_size)
        .ok_or_else(|| too_large("over 4 GiB"))?;
    let count = entries.len() as u16;
    let mut end = Vec::with_capacity(22);
    end.extend_from_slice(&END_OF_CENTRAL_DIRECTORY.to_le_bytes());
    end.extend_from_slice(&0u16.to_le_bytes()); // this disk
    end.extend_from_slice(&0u16.to_le_bytes()); // disk with the directory
    end.extend_from_slice(&count.to_le_bytes()); // entries on this disk
    end.extend_from_slice(&count.to_le_bytes()); // entries in all
    end.extend_from_slice(&directory_size.to_le_bytes());
    end.extend_from_slice(&directory_offset.to_le_bytes());
    end.extend_from_slice(&0u16.to_le_bytes()); // comment length
    out.write_all(&directory)?;
    out.write_all(&end)?;
    let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    if fsync {
        file.sync_all()?;
    }
    Ok(())
}

/// A UTC time as MS-DOS `(time, date)`, as ZIP headers store it (2-second resolution, years
/// 1980 to 2107; clamped to that range).
pub(super) fn dos_time(now: time::OffsetDateTime) -> (u16, u16) {
    let year = now.year().clamp(1980, 2107);
    if year != now.year() {
        let date = if year == 1980 { 0x21 } else { 0xFF9F };
        return (if year == 1980 { 0 } else { 0xBF7D }, date);
    }
    let date = (((year - 1980) as u16) << 9)
        | (u16::from(u8::from(now.month())) << 5)
        | u16::from(now.day());
    let time = (u16::from(now.hour()) << 11)
        | (u16::from(now.minute()) << 5)
        | u16::from(now.second() / 2);
    (time, date)
}

#[cfg(test)]
mod tests {
    use super::dos_time;
    use time::macros::datetime;

    #[test]
    fn dos_times() {
        // 2024-03-15 13:45:30 -> date 0x586F, time 0x6DAF.
        assert_eq!(
            dos_time(datetime!(2024-03-15 13:45:30 UTC)),
            (0x6DAF, 0x586F)
        );
        assert_eq!(dos_time(datetime!(1970-01-01 0:00 UTC)), (0, 0x21));
        assert_eq!(dos_time(datetime!(2200-01-01 0:00 UTC)), (0xBF7D, 0xFF9F));
    }
}
