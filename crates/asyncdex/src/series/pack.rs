//! CBZ archives: a chapter, a volume or a whole series, as one ZIP file of stored entries.
//!
//! Pages are already compressed images, so entries are stored, never deflated. Page files are
//! streamed from disk one at a time, and the chapters an archive already holds are copied
//! from it as they are (no decoding), so a volume that gains a chapter is rebuilt without
//! holding it in memory. Every archive is written to a temporary file beside its target and
//! renamed over it only when complete: until then the old archive is untouched.
//!
//! # Entry names
//! Readers sort pages by name, so names sort in reading order, both byte by byte and in the
//! natural order that readers such as Komga and Kavita use:
//! - `ComicInfo.xml` comes first in the archive (readers look for it at the root, and skip it
//!   when listing pages);
//! - then the cover, `0-cover.<ext>` (see [`COVER_STEM`]);
//! - then each chapter's pages, named `{prefix}{page name}`, the prefix from
//!   [`chapter_prefix`] (`c0008-001.png`, `c0008.5-001.png`, `oneshot-001.png`).

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use time::macros::datetime;
use time::{OffsetDateTime, PrimitiveDateTime};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipArchive, ZipWriter};

/// The name readers look for the metadata under, at the archive's root.
const COMIC_INFO: &str = "ComicInfo.xml";

/// The cover's name without its extension. It sorts before every page, byte by byte and
/// naturally: chapter prefixes start with a letter, and the pages of a one-chapter archive
/// (`001.png`, even `0.png` or `000.png`) with a digit run that is either larger than `0` or
/// followed by `.`, which sorts after `-`.
const COVER_STEM: &str = "0-cover";

/// Unix permissions of every entry: `rw-r--r--`, what a file extracted from it gets.
const PERMISSIONS: u32 = 0o644;

/// Digits of the integer part of a chapter number (`c0008-`); longer numbers are preceded by
/// one `~` per extra digit, so that they still sort after shorter ones.
const NUMBER_WIDTH: usize = 4;

/// Digits of a disambiguator (`c0008~02-`), with the same `~` rule beyond.
const DISAMBIGUATOR_WIDTH: usize = 2;

/// Write buffer: a few page-sized writes per system call.
const BUFFER: usize = 64 * 1024;

/// The earliest time a ZIP header can hold (MS-DOS, 2-second resolution).
const FIRST_DOS_TIME: PrimitiveDateTime = datetime!(1980-01-01 0:00);
/// The latest time a ZIP header can hold.
const LAST_DOS_TIME: PrimitiveDateTime = datetime!(2107-12-31 23:59:58);

/// One chapter's pages inside an archive: a volume, the whole series, or the only chapter of
/// a chapter archive.
#[derive(Clone, Debug)]
pub(crate) struct ArchiveChapter {
    /// Put before each page name to name its entry (`c0008.5-` + `001.png`); empty for a
    /// one-chapter archive. No prefix of an archive may begin another one (so `""` only
    /// alone): [`chapter_prefix`] never produces such a pair.
    pub(crate) prefix: String,
    /// Where the pages come from.
    pub(crate) source: PageSource,
}

/// Where a chapter's pages come from.
#[derive(Clone, Debug)]
pub(crate) enum PageSource {
    /// Files on disk, as `(page name, path)` in reading order (`("001.png", …)`).
    Files(Vec<(String, PathBuf)>),
    /// The archive being replaced: every entry of the target whose name starts with the
    /// chapter's prefix, in the order they are stored, copied as they are.
    Existing,
}

/// What goes into an archive.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ArchiveSpec<'a> {
    /// The chapters, in reading order.
    pub(crate) chapters: &'a [ArchiveChapter],
    /// The `ComicInfo.xml` text, written first at the root.
    pub(crate) comic_info: Option<&'a str>,
    /// An image written as the first page, `0-cover.<its extension>`.
    pub(crate) cover: Option<&'a Path>,
    /// Flush the archive, then its directory entry, to the disk before returning.
    pub(crate) fsync: bool,
    /// The modification time of every entry (clamped to 1980-2107, the range ZIP headers
    /// hold); its wall-clock time is stored as it is, whatever its offset.
    pub(crate) modified: OffsetDateTime,
}

/// What an archive holds once written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Packed {
    /// Entries, `ComicInfo.xml` and the cover included.
    pub(crate) entries: usize,
    /// Size of the archive file.
    pub(crate) bytes: u64,
}

/// An entry-name prefix for a chapter of a multi-chapter archive that sorts in reading
/// order, byte by byte, and that no other prefix begins (each has one `-`, at its end).
///
/// - a number is `c`, its integer part padded to four digits, then its decimals as they are:
///   `8` is `c0008-`, `8.5` is `c0008.5-`, `12345` is `c~12345-` (one `~` per extra digit);
/// - any other text (`Extra`) comes after every number: `n`, then its letters and digits,
///   every other byte as `%XX`: `nExtra-`, `nSide%20story-`;
/// - no number (a oneshot) comes last: `oneshot-`.
///
/// `disambiguator` tells apart versions of one chapter in one archive: the first has none,
/// the others their rank (`~02`, `~03`…). Ranked versions sort after the chapter and every
/// number that extends its digits, before the next one: `c0008-`, `c0008.5-`, `c0008~02-`,
/// `c0009-`. (Right after `c0008-` would need a name that starts with `c0008-`, which that
/// prefix would then begin.)
///
/// Decimals sort byte by byte (`8.25` before `8.5`), which is also their numeric order; a
/// reader that sorts naturally may put `8.5` first.
pub(crate) fn chapter_prefix(chapter: Option<&str>, disambiguator: Option<usize>) -> String {
    let mut prefix = match chapter.map(str::trim).filter(|c| !c.is_empty()) {
        None => String::from("oneshot"),
        Some(text) => match split_number(text) {
            Some((integer, decimals)) => numbered(integer, decimals),
            None => named(text),
        },
    };
    if let Some(rank) = disambiguator {
        prefix.push('~');
        push_padded(&mut prefix, &rank.to_string(), DISAMBIGUATOR_WIDTH);
    }
    prefix.push('-');
    prefix
}

/// `8` or `8.5` as its integer and decimal digits; `None` when the text is anything else.
fn split_number(text: &str) -> Option<(&str, Option<&str>)> {
    let (integer, decimals) = match text.split_once('.') {
        Some((integer, decimals)) => (integer, Some(decimals)),
        None => (text, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    (digits(integer) && decimals.is_none_or(digits)).then_some((integer, decimals))
}

/// `c`, the padded integer part, then `.` and the decimals as they are.
fn numbered(integer: &str, decimals: Option<&str>) -> String {
    let mut prefix = String::from("c");
    push_padded(&mut prefix, integer, NUMBER_WIDTH);
    if let Some(decimals) = decimals {
        prefix.push('.');
        prefix.push_str(decimals);
    }
    prefix
}

/// Appends `digits` without leading zeros, padded to `width`, or preceded by one `~` per digit
/// beyond it: every value sorts in numeric order.
fn push_padded(out: &mut String, digits: &str, width: usize) {
    let digits = digits.trim_start_matches('0');
    let extra = digits.len().saturating_sub(width);
    out.extend(std::iter::repeat_n('~', extra));
    out.extend(std::iter::repeat_n('0', width.saturating_sub(digits.len())));
    out.push_str(digits);
}

/// `n`, then the text with its ASCII letters and digits kept and every other byte as `%XX`:
/// one text, one prefix, with nothing a file system or a reader could trip on.
fn named(text: &str) -> String {
    let mut prefix = String::from("n");
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() {
            prefix.push(char::from(byte));
        } else {
            prefix.push_str(&format!("%{byte:02X}"));
        }
    }
    prefix
}

/// Writes `target` from `spec`, through a temporary file in the same directory that is
/// renamed over it once complete. On any error the temporary file is removed and an existing
/// `target` is left as it was.
pub(crate) fn write_archive(target: &Path, spec: &ArchiveSpec<'_>) -> io::Result<Packed> {
    let cover = check_spec(spec)?;
    let (temp, file) = TempFile::create(target)?;
    let mut zip = ZipWriter::new(FailOnce::new(BufWriter::with_capacity(BUFFER, file)));
    let entries = write_entries(&mut zip, target, spec, cover)?;
    let file = zip
        .finish()?
        .inner
        .into_inner()
        .map_err(io::IntoInnerError::into_error)?;
    let bytes = file.metadata()?.len();
    temp.persist(file, target, spec.fsync)?;
    Ok(Packed { entries, bytes })
}

/// The writer under the archive: after its first error, it takes and forgets every write.
///
/// The archive is abandoned at the first error (its temporary file is removed), but the zip
/// crate's writer finalizes itself when dropped and prints that second failure to stderr: a
/// full disk would print a line nobody asked for. Writes after a failure go nowhere, so the
/// drop succeeds quietly; positions stay consistent so the crate never sees a bad offset.
struct FailOnce<W> {
    inner: W,
    failed: bool,
    position: u64,
    end: u64,
}

impl<W> FailOnce<W> {
    fn new(inner: W) -> Self {
        Self {
            inner,
            failed: false,
            position: 0,
            end: 0,
        }
    }

    /// Passes a result on, remembering a failure.
    fn note<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        self.failed |= result.is_err();
        result
    }

    fn moved_to(&mut self, position: u64) -> u64 {
        self.position = position;
        self.end = self.end.max(position);
        position
    }
}

impl<W: Write> Write for FailOnce<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = if self.failed {
            buf.len()
        } else {
            let result = self.inner.write(buf);
            self.note(result)?
        };
        self.moved_to(self.position + written as u64);
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.note(result)
    }
}

impl<W: Seek> Seek for FailOnce<W> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        if self.failed {
            let target = match to {
                SeekFrom::Start(at) => Some(at),
                SeekFrom::Current(by) => self.position.checked_add_signed(by),
                SeekFrom::End(by) => self.end.checked_add_signed(by),
            };
            return Ok(self.moved_to(target.unwrap_or(self.position)));
        }
        let result = self.inner.seek(to);
        let position = self.note(result)?;
        Ok(self.moved_to(position))
    }
}

/// Writes every entry, in reading order; returns how many. The archive being replaced is
/// opened only when a chapter is copied from it, and closed on return: before the rename,
/// which some systems refuse over an open file.
fn write_entries<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    target: &Path,
    spec: &ArchiveSpec<'_>,
    cover: Option<(String, &Path)>,
) -> io::Result<usize> {
    let time = zip_time(spec.modified);
    let options = entry_options(time);
    let mut entries = 0;
    if let Some(xml) = spec.comic_info {
        zip.start_file(COMIC_INFO, options)?;
        zip.write_all(xml.as_bytes())?;
        entries += 1;
    }
    if let Some((name, path)) = cover {
        add_file(zip, &name, path, options)?;
        entries += 1;
    }
    let mut old = None;
    for chapter in spec.chapters {
        entries += match &chapter.source {
            PageSource::Files(pages) => add_pages(zip, &chapter.prefix, pages, options)?,
            PageSource::Existing => {
                let old = old_archive(&mut old, target)?;
                copy_existing(zip, old, chapter, time)?
            }
        };
    }
    Ok(entries)
}

/// The names of an archive's entries, in the order they are stored.
#[allow(
    dead_code,
    reason = "for the series runner and `--verify`, which are being written; tests use it now"
)]
pub(crate) fn archive_entries(path: &Path) -> io::Result<Vec<String>> {
    open(path)?
        .file_names()
        .map(|name| Ok(name?.into_owned()))
        .collect()
}

/// Checks what can be checked before writing anything: page names, prefixes, the cover's
/// extension. Returns the cover's entry name and path.
fn check_spec<'a>(spec: &ArchiveSpec<'a>) -> io::Result<Option<(String, &'a Path)>> {
    let mut prefixes: Vec<&str> = spec.chapters.iter().map(|c| c.prefix.as_str()).collect();
    prefixes.sort_unstable();
    if let Some(pair) = prefixes
        .windows(2)
        .find(|pair| pair[1].starts_with(pair[0]))
    {
        return Err(invalid_input(format!(
            "the chapter prefix {:?} begins {:?}: their entries could not be told apart",
            pair[0], pair[1]
        )));
    }
    for chapter in spec.chapters {
        if let PageSource::Files(pages) = &chapter.source {
            for (page, _) in pages {
                check_name(&format!("{}{page}", chapter.prefix))?;
            }
        }
    }
    spec.cover
        .map(|path| Ok((cover_name(path)?, path)))
        .transpose()
}

/// Refuses a name that is not a plain file at the archive's root: `..`, `/`, `\` (a path
/// some extractors follow), an empty name, or a NUL byte.
fn check_name(name: &str) -> io::Result<()> {
    if name.is_empty() || name.contains(['/', '\\', '\0']) || name.contains("..") {
        return Err(invalid_input(format!(
            "{name:?} is not a plain archive entry name"
        )));
    }
    Ok(())
}

/// `0-cover.<extension>`; readers tell images by their extension, so one is required.
fn cover_name(path: &Path) -> io::Result<String> {
    path.extension()
        .and_then(|ext| ext.to_str())
        .filter(|ext| !ext.is_empty() && ext.bytes().all(|b| b.is_ascii_alphanumeric()))
        .map(|ext| format!("{COVER_STEM}.{}", ext.to_ascii_lowercase()))
        .ok_or_else(|| {
            invalid_input(format!(
                "the cover {} has no image extension",
                path.display()
            ))
        })
}

/// An error for something this module refuses to write.
fn invalid_input(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// The wall-clock time of `modified` as ZIP headers hold it (see [`ArchiveSpec::modified`]).
fn zip_time(modified: OffsetDateTime) -> DateTime {
    let wall = PrimitiveDateTime::new(modified.date(), modified.time())
        .clamp(FIRST_DOS_TIME, LAST_DOS_TIME);
    DateTime::try_from(wall).unwrap_or_default()
}

/// Stored, at `time`, `rw-r--r--` on a Unix host whatever the platform, so the same pages
/// make the same archive anywhere.
fn entry_options(time: DateTime) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time)
        .system(System::Unix)
        .unix_permissions(PERMISSIONS)
}

/// Adds each page of a chapter, from disk, in order. Returns how many.
fn add_pages<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    prefix: &str,
    pages: &[(String, PathBuf)],
    options: SimpleFileOptions,
) -> io::Result<usize> {
    for (page, path) in pages {
        add_file(zip, &format!("{prefix}{page}"), path, options)?;
    }
    Ok(pages.len())
}

/// Streams one file into a stored entry. ZIP64 sizes only for a file that needs them: they
/// cost 20 bytes and some readers refuse them.
fn add_file<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    name: &str,
    path: &Path,
    options: SimpleFileOptions,
) -> io::Result<()> {
    let context =
        |error: io::Error| io::Error::new(error.kind(), format!("{}: {error}", path.display()));
    let mut file = File::open(path).map_err(context)?;
    let large = file.metadata().map_err(context)?.len() >= zip::ZIP64_BYTES_THR;
    zip.start_file(name, options.large_file(large))?;
    io::copy(&mut file, zip).map_err(context)?;
    Ok(())
}

/// Copies, without decoding, the entries of the archive being replaced that belong to
/// `chapter` (see [`PageSource::Existing`]), with this archive's time and permissions.
/// Returns how many; there must be some.
fn copy_existing<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    old: &mut ZipArchive<BufReader<File>>,
    chapter: &ArchiveChapter,
    time: DateTime,
) -> io::Result<usize> {
    let prefix = chapter.prefix.as_bytes();
    let indices: Vec<usize> = old
        .file_names_raw()
        .enumerate()
        .filter(|(_, name)| name.starts_with(prefix) && !is_root_extra(name))
        .map(|(index, _)| index)
        .collect();
    if indices.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "the archive being replaced holds no entry starting with {:?}",
                chapter.prefix
            ),
        ));
    }
    for &index in &indices {
        let entry = old.by_index_raw(index)?;
        check_name(&entry.name()?)?;
        zip.raw_copy_file_touch(entry, time, Some(PERMISSIONS))?;
    }
    Ok(indices.len())
}

/// `ComicInfo.xml` and the cover: written anew from the spec, never copied as a page.
fn is_root_extra(name: &[u8]) -> bool {
    name == COMIC_INFO.as_bytes()
        || name
            .strip_prefix(COVER_STEM.as_bytes())
            .is_some_and(|rest| rest.starts_with(b"."))
}

/// The archive being replaced, opened when a chapter first needs it (and only then: a new
/// archive has none).
fn old_archive<'a>(
    old: &'a mut Option<ZipArchive<BufReader<File>>>,
    target: &Path,
) -> io::Result<&'a mut ZipArchive<BufReader<File>>> {
    match old {
        Some(archive) => Ok(archive),
        None => Ok(old.insert(open(target)?)),
    }
}

/// Opens an archive to read, naming it in errors.
fn open(path: &Path) -> io::Result<ZipArchive<BufReader<File>>> {
    let context =
        |error: io::Error| io::Error::new(error.kind(), format!("{}: {error}", path.display()));
    let file = File::open(path).map_err(context)?;
    ZipArchive::new(BufReader::new(file)).map_err(|error| context(error.into()))
}

/// A file beside the target, `.{name}.{process}.{count}.part`, removed when dropped unless it
/// has been renamed over the target.
struct TempFile {
    path: PathBuf,
    kept: bool,
}

impl TempFile {
    /// Creates the file (never one that exists: two writers of one target each get theirs).
    fn create(target: &Path) -> io::Result<(Self, File)> {
        static COUNT: AtomicU64 = AtomicU64::new(0);
        let name = target
            .file_name()
            .ok_or_else(|| invalid_input(format!("{} names no file", target.display())))?;
        let mut temp = OsString::from(".");
        temp.push(name);
        let count = COUNT.fetch_add(1, Ordering::Relaxed);
        temp.push(format!(".{}.{count}.part", std::process::id()));
        let path = target.with_file_name(temp);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        Ok((Self { path, kept: false }, file))
    }

    /// Renames the file, written through `file`, over `target`; with `fsync`, flushes the
    /// file first and the directory (which holds the rename) after.
    fn persist(mut self, file: File, target: &Path, fsync: bool) -> io::Result<()> {
        if fsync {
            file.sync_all()?;
        }
        drop(file);
        fs::rename(&self.path, target)?;
        self.kept = true;
        if fsync {
            sync_directory(target)?;
        }
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.kept {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Flushes the directory that holds `path`, so a rename into it survives a crash (Unix; on
/// other systems the rename itself is what the file system keeps).
fn sync_directory(path: &Path) -> io::Result<()> {
    if cfg!(unix) {
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
        File::open(parent.unwrap_or(Path::new(".")))?.sync_all()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;
    use std::io::Read;

    use time::macros::datetime;

    use super::*;

    /// A directory of its own under the system's temporary one, removed when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        /// A new empty one, with an empty `pages/` inside.
        fn new(tag: &str) -> Self {
            static COUNT: AtomicU64 = AtomicU64::new(0);
            let count = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let path = std::env::temp_dir().join(format!(
                "asyncdex-pack-{tag}-{}-{count}",
                std::process::id()
            ));
            let _ = fs::remove_dir_all(&path);
            fs::create_dir_all(path.join("pages")).unwrap();
            Self(path)
        }

        /// Writes a file under `pages/` and returns its path.
        fn file(&self, name: &str, data: &[u8]) -> PathBuf {
            let path = self.0.join("pages").join(name);
            fs::write(&path, data).unwrap();
            path
        }

        /// The names in the directory itself (not under `pages/`), sorted.
        fn names(&self) -> Vec<String> {
            let mut names: Vec<String> = fs::read_dir(&self.0)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .filter(|name| name != "pages")
                .collect();
            names.sort();
            names
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    /// The time every test archive is written at.
    const MODIFIED: OffsetDateTime = datetime!(2024-03-15 13:45:30 UTC);

    /// A spec of these chapters alone, modified at `MODIFIED`, without fsync.
    fn spec<'a>(chapters: &'a [ArchiveChapter]) -> ArchiveSpec<'a> {
        ArchiveSpec {
            chapters,
            comic_info: None,
            cover: None,
            fsync: false,
            modified: MODIFIED,
        }
    }

    /// A chapter from page files.
    fn files(prefix: &str, pages: Vec<(String, PathBuf)>) -> ArchiveChapter {
        ArchiveChapter {
            prefix: prefix.to_owned(),
            source: PageSource::Files(pages),
        }
    }

    /// A chapter copied from the archive being replaced.
    fn existing(prefix: &str) -> ArchiveChapter {
        ArchiveChapter {
            prefix: prefix.to_owned(),
            source: PageSource::Existing,
        }
    }

    /// Page data that differs from page to page, `len` bytes.
    fn data(tag: u8, len: usize) -> Vec<u8> {
        (0..len).map(|i| (i as u8).wrapping_mul(31) ^ tag).collect()
    }

    /// Every entry as (name, bytes), read through the zip crate (which checks each CRC),
    /// after checking it is stored, `rw-r--r--`, and dated `MODIFIED`.
    fn read_back(path: &Path) -> Vec<(String, Vec<u8>)> {
        let mut archive = ZipArchive::new(File::open(path).unwrap()).unwrap();
        (0..archive.len())
            .map(|index| {
                let mut entry = archive.by_index(index).unwrap();
                let name = entry.name().unwrap().into_owned();
                assert_eq!(entry.compression(), CompressionMethod::Stored, "{name}");
                assert_eq!(entry.unix_mode(), Some(0o100_644), "{name}");
                let time = entry.last_modified().unwrap();
                assert_eq!((time.year(), time.hour(), time.second()), (2024, 13, 30));
                let mut bytes = Vec::new();
                entry.read_to_end(&mut bytes).unwrap();
                (name, bytes)
            })
            .collect()
    }

    /// `001.<ext>`, `002.<ext>`… for these files, as the chapter download names pages.
    fn as_pages(ext: &str, files: &[PathBuf]) -> Vec<(String, PathBuf)> {
        let name = |i: usize| format!("{:03}.{ext}", i + 1);
        files
            .iter()
            .enumerate()
            .map(|(i, path)| (name(i), path.clone()))
            .collect()
    }

    #[test]
    fn entries_come_back_in_order_with_their_bytes() {
        let dir = TempDir::new("round-trip");
        let cover = dir.file("cover.JPG", &data(0, 1000));
        let one = [dir.file("a1", &data(1, 70_000)), dir.file("a2", &[])];
        let two = [dir.file("b1", &data(2, 5))];
        let chapters = [
            files("c0001-", as_pages("png", &one)),
            files("c0001.5-", as_pages("jpg", &two)),
        ];
        let target = dir.0.join("book.cbz");
        let spec = ArchiveSpec {
            comic_info: Some("<ComicInfo/>"),
            cover: Some(&cover),
            ..spec(&chapters)
        };
        let packed = write_archive(&target, &spec).unwrap();
        let expected = [
            ("ComicInfo.xml", b"<ComicInfo/>".to_vec()),
            ("0-cover.jpg", data(0, 1000)),
            ("c0001-001.png", data(1, 70_000)),
            ("c0001-002.png", Vec::new()),
            ("c0001.5-001.jpg", data(2, 5)),
        ];
        let entries = read_back(&target);
        let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            expected.iter().map(|(name, _)| *name).collect::<Vec<_>>()
        );
        for ((name, bytes), (_, want)) in entries.iter().zip(&expected) {
            assert!(bytes == want, "bytes of {name}");
        }
        assert_eq!(archive_entries(&target).unwrap(), names);
        let bytes = fs::metadata(&target).unwrap().len();
        assert_eq!(packed, Packed { entries: 5, bytes });
        assert_eq!(dir.names(), ["book.cbz"], "no temporary file left");
    }

    #[test]
    fn fsync_flushes_the_archive_and_its_directory() {
        assert!(
            sync_directory(Path::new("relative.cbz")).is_ok(),
            "the current directory"
        );
        let dir = TempDir::new("fsync");
        let chapters = [files("", as_pages("png", &[dir.file("p", b"page")]))];
        let target = dir.0.join("x.cbz");
        write_archive(
            &target,
            &ArchiveSpec {
                fsync: true,
                ..spec(&chapters)
            },
        )
        .unwrap();
        assert_eq!(archive_entries(&target).unwrap(), ["001.png"]);
    }

    /// Chapters 1 and 3 from files, then 2 inserted between them with 1 and 3 copied.
    #[test]
    fn a_rebuild_copies_held_chapters_and_inserts_new_ones_in_order() {
        let dir = TempDir::new("rebuild");
        let one = as_pages(
            "png",
            &[dir.file("1a", &data(1, 3000)), dir.file("1b", &data(2, 10))],
        );
        let two = as_pages("png", &[dir.file("2a", &data(3, 400))]);
        let three = as_pages("png", &[dir.file("3a", &data(4, 9000))]);
        let target = dir.0.join("v01.cbz");
        let old = [files("c0001-", one.clone()), files("c0003-", three.clone())];
        write_archive(
            &target,
            &ArchiveSpec {
                comic_info: Some("old"),
                ..spec(&old)
            },
        )
        .unwrap();
        let before = read_back(&target);

        let new = [
            existing("c0001-"),
            files("c0002-", two.clone()),
            existing("c0003-"),
        ];
        let new_spec = ArchiveSpec {
            comic_info: Some("new"),
            ..spec(&new)
        };
        assert_eq!(write_archive(&target, &new_spec).unwrap().entries, 5);
        let after = read_back(&target);
        let names: Vec<&str> = after.iter().map(|(name, _)| name.as_str()).collect();
        let want = [
            "ComicInfo.xml",
            "c0001-001.png",
            "c0001-002.png",
            "c0002-001.png",
            "c0003-001.png",
        ];
        assert_eq!(names, want);
        assert_eq!(after[0].1, b"new");
        assert!(
            after[1..3] == before[1..3] && after[4] == before[3],
            "old bytes kept"
        );

        // The same archive as one written from the files: a rebuild leaves no trace.
        let fresh = dir.0.join("fresh.cbz");
        let all = [
            files("c0001-", one),
            files("c0002-", two),
            files("c0003-", three),
        ];
        write_archive(
            &fresh,
            &ArchiveSpec {
                comic_info: Some("new"),
                ..spec(&all)
            },
        )
        .unwrap();
        let same = fs::read(&fresh).unwrap() == fs::read(&target).unwrap();
        assert!(same, "byte-identical");
    }

    #[test]
    fn a_one_chapter_rebuild_replaces_comic_info_and_cover_instead_of_copying_them() {
        let dir = TempDir::new("one-chapter");
        let cover = dir.file("c.png", b"cover");
        let target = dir.0.join("ch.cbz");
        let chapters = [files("", as_pages("png", &[dir.file("p", b"page")]))];
        let first = ArchiveSpec {
            comic_info: Some("a"),
            cover: Some(&cover),
            ..spec(&chapters)
        };
        write_archive(&target, &first).unwrap();
        let held = [existing("")];
        let again = ArchiveSpec {
            comic_info: Some("b"),
            cover: Some(&cover),
            ..spec(&held)
        };
        write_archive(&target, &again).unwrap();
        let entries = read_back(&target);
        let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["ComicInfo.xml", "0-cover.png", "001.png"]);
        assert_eq!(entries[0].1, b"b");
    }

    /// Writes an archive holding `c0001-`, then fails to replace it with the chapters `new`
    /// makes from a page file that exists: the old archive must stay byte-identical, and no
    /// temporary file be left.
    fn fails_and_keeps_the_old_archive(
        tag: &str,
        new: impl FnOnce(&Path) -> Vec<ArchiveChapter>,
    ) -> io::Error {
        let dir = TempDir::new(tag);
        let page = dir.file("p", &data(9, 5000));
        let target = dir.0.join("old.cbz");
        let old = [files(
            "c0001-",
            as_pages("png", std::slice::from_ref(&page)),
        )];
        write_archive(&target, &spec(&old)).unwrap();
        let before = fs::read(&target).unwrap();
        let error = write_archive(&target, &spec(&new(&page))).unwrap_err();
        assert!(
            fs::read(&target).unwrap() == before,
            "the old archive is intact"
        );
        assert_eq!(dir.names(), ["old.cbz"], "no temporary file left");
        error
    }

    /// A chapter of one page file.
    fn one_page(prefix: &str, name: &str, path: &Path) -> ArchiveChapter {
        files(prefix, vec![(name.to_owned(), path.to_owned())])
    }

    #[test]
    fn a_missing_page_file_leaves_the_old_archive_whole() {
        let error = fails_and_keeps_the_old_archive("missing-page", |page| {
            let missing = (
                String::from("002.png"),
                PathBuf::from("/nonexistent/page.png"),
            );
            let last = as_pages("png", &[page.to_owned()])
                .into_iter()
                .chain([missing]);
            vec![
                existing("c0001-"),
                one_page("c0002-", "001.png", page),
                files("c0003-", last.collect()),
            ]
        });
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        assert!(
            error.to_string().contains("/nonexistent/page.png"),
            "{error}"
        );
    }

    #[test]
    fn an_existing_chapter_the_old_archive_lacks_is_an_error() {
        let error = fails_and_keeps_the_old_archive("missing-prefix", |page| {
            vec![
                existing("c0001-"),
                one_page("c0002-", "001.png", page),
                existing("c0009-"),
            ]
        });
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        assert!(error.to_string().contains("\"c0009-\""), "{error}");

        let dir = TempDir::new("no-old");
        let target = dir.0.join("none.cbz");
        let error = write_archive(&target, &spec(&[existing("c0001-")])).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        assert!(dir.names().is_empty());
    }

    #[test]
    fn names_outside_the_archive_root_and_overlapping_prefixes_are_refused() {
        let cases = [
            ("", "../evil.png"),
            ("", "a/b.png"),
            ("", "/etc/passwd"),
            ("", "a\\b.png"),
            ("", "nul\0.png"),
            ("", ""),
            ("../", "001.png"),
            ("c0001-", ".."),
        ];
        for (prefix, name) in cases {
            let error = fails_and_keeps_the_old_archive("hostile", |page| {
                vec![one_page(prefix, name, page)]
            });
            assert_eq!(
                error.kind(),
                io::ErrorKind::InvalidInput,
                "{prefix:?} {name:?}"
            );
        }
        let error = fails_and_keeps_the_old_archive("overlap", |page| {
            vec![existing("c0008-"), one_page("c0008-2-", "001.png", page)]
        });
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
        assert!(
            error.to_string().contains("\"c0008-\" begins \"c0008-2-\""),
            "{error}"
        );
    }

    #[test]
    fn a_cover_needs_an_image_extension() {
        let dir = TempDir::new("cover");
        let cover = dir.file("cover", b"x");
        let target = dir.0.join("v.cbz");
        let spec = ArchiveSpec {
            cover: Some(&cover),
            ..spec(&[])
        };
        let error = write_archive(&target, &spec).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
        assert!(dir.names().is_empty());
    }

    #[test]
    fn times_are_clamped_to_what_zip_holds() {
        let time = zip_time(MODIFIED);
        assert_eq!((time.timepart(), time.datepart()), (0x6DAF, 0x586F));
        let early = zip_time(datetime!(1970-01-01 0:00 UTC));
        assert_eq!((early.timepart(), early.datepart()), (0, 0x21));
        let late = zip_time(datetime!(2200-01-01 0:00 UTC));
        assert_eq!((late.timepart(), late.datepart()), (0xBF7D, 0xFF9F));
        let offset = zip_time(datetime!(2024-03-15 13:45:30 +02:00));
        assert_eq!(offset, time, "the wall-clock time, as given");
    }

    #[test]
    fn prefixes_look_like_this() {
        let cases = [
            (Some("8"), None, "c0008-"),
            (Some("08"), None, "c0008-"),
            (Some(" 8.5 "), None, "c0008.5-"),
            (Some("0"), None, "c0000-"),
            (Some("1234"), None, "c1234-"),
            (Some("12345"), None, "c~12345-"),
            (Some("8"), Some(2), "c0008~02-"),
            (Some("8"), Some(123), "c0008~~123-"),
            (Some("Extra"), None, "nExtra-"),
            (Some("Side story/2"), Some(3), "nSide%20story%2F2~03-"),
            (Some("1."), None, "n1%2E-"),
            (Some("é"), None, "n%C3%A9-"),
            (None, None, "oneshot-"),
            (Some("  "), None, "oneshot-"),
            (None, Some(2), "oneshot~02-"),
        ];
        for (chapter, rank, want) in cases {
            assert_eq!(chapter_prefix(chapter, rank), want, "{chapter:?} {rank:?}");
        }
    }

    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Random(u64);

    impl Random {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }

        fn digits(&mut self, len: u64) -> String {
            (0..len)
                .map(|_| char::from(b'0' + self.below(10) as u8))
                .collect()
        }

        /// A chapter as the series runner sees one: a number (often with decimals, sometimes
        /// huge), a name, or none; now and then a second version.
        fn chapter(&mut self) -> (Option<String>, Option<usize>) {
            let chapter = match self.below(12) {
                0 => None,
                1 => Some(
                    ["Extra", "Side story", "Omake", "extra 2"][self.below(4) as usize].to_owned(),
                ),
                _ => {
                    let int_len = [1, 1, 2, 3, 4, 5, 7][self.below(7) as usize];
                    let mut number = self.digits(int_len);
                    if self.below(3) == 0 {
                        let dec_len = 1 + self.below(3);
                        number = format!("{number}.{}", self.digits(dec_len));
                    }
                    Some(number)
                }
            };
            let rank = match self.below(8) {
                0 => Some(2 + self.below(9) as usize),
                1 => Some(2 + self.below(200) as usize),
                _ => None,
            };
            (chapter, rank)
        }
    }

    /// The reading order two chapters must have, where it is defined: numbers by value, then
    /// names, then oneshots; a chapter's versions after it and in rank order; a version
    /// before the next integer.
    fn reading_order(
        (a, a_rank): &(Option<String>, Option<usize>),
        (b, b_rank): &(Option<String>, Option<usize>),
    ) -> Option<Ordering> {
        let class = |c: &Option<String>| match c.as_deref().map(split_number) {
            Some(Some(_)) => 0,
            Some(None) => 1,
            None => 2,
        };
        let by_class = class(a).cmp(&class(b));
        if by_class.is_ne() {
            return Some(by_class);
        }
        if a == b {
            return Some(a_rank.cmp(b_rank));
        }
        let (Some((a_int, a_dec)), Some((b_int, b_dec))) = (
            a.as_deref().and_then(split_number),
            b.as_deref().and_then(split_number),
        ) else {
            return None;
        };
        let value = |digits: &str| {
            let digits = digits.trim_start_matches('0');
            (digits.len(), digits.to_owned())
        };
        let by_int = value(a_int).cmp(&value(b_int));
        if by_int.is_ne() {
            return Some(by_int);
        }
        let fraction = |dec: Option<&str>| dec.unwrap_or("").trim_end_matches('0').to_owned();
        let by_fraction = fraction(a_dec).cmp(&fraction(b_dec));
        (a_rank.is_none() && b_rank.is_none() && by_fraction.is_ne()).then_some(by_fraction)
    }

    #[test]
    fn prefixes_sort_in_reading_order_and_never_begin_one_another() {
        let mut random = Random(0x9E37_79B9_7F4A_7C15);
        let chapters: Vec<_> = (0..400).map(|_| random.chapter()).collect();
        let prefixes: Vec<String> = chapters
            .iter()
            .map(|(chapter, rank)| chapter_prefix(chapter.as_deref(), *rank))
            .collect();
        for (a, pa) in chapters.iter().zip(&prefixes) {
            for (b, pb) in chapters.iter().zip(&prefixes) {
                if let Some(order) = reading_order(a, b) {
                    assert_eq!(pa.cmp(pb), order, "{a:?} {pa} / {b:?} {pb}");
                }
                assert!(pa == pb || !pb.starts_with(pa.as_str()), "{pa} begins {pb}");
            }
        }
        // Whole entry names: sorting them keeps each chapter's pages together and in order.
        let mut unique = prefixes;
        unique.sort();
        unique.dedup();
        let written: Vec<String> = unique
            .iter()
            .flat_map(|prefix| (1..=12).map(move |page| format!("{prefix}{page:03}.png")))
            .collect();
        let mut sorted = written.clone();
        sorted.sort();
        assert_eq!(sorted, written);
    }

    /// Natural order, as readers sort: digit runs by value, everything else byte by byte.
    fn natural(a: &str, b: &str) -> Ordering {
        let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
        let run = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
        loop {
            match (a.first(), b.first()) {
                (None, None) => return Ordering::Equal,
                (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                    let (ra, rb) = (run(a), run(b));
                    let value = |s: &[u8]| {
                        let start = s.iter().position(|&c| c != b'0').unwrap_or(s.len());
                        (s.len() - start, s[start..].to_vec())
                    };
                    let order = value(&a[..ra]).cmp(&value(&b[..rb]));
                    if order.is_ne() {
                        return order;
                    }
                    (a, b) = (&a[ra..], &b[rb..]);
                }
                (x, y) if x != y => return x.cmp(&y),
                _ => (a, b) = (&a[1..], &b[1..]),
            }
        }
    }

    #[test]
    fn the_cover_sorts_first_and_pages_in_reading_order_bytewise_and_naturally() {
        let chapters: [(Option<&str>, Option<usize>); 12] = [
            (Some("0"), None),
            (Some("1"), None),
            (Some("1.5"), None),
            (Some("1"), Some(2)),
            (Some("1"), Some(10)),
            (Some("2"), None),
            (Some("10"), None),
            (Some("999"), None),
            (Some("12345"), None),
            (Some("Extra"), None),
            (None, None),
            (None, Some(2)),
        ];
        let mut written = vec![format!("{COVER_STEM}.jpg")];
        for (chapter, rank) in chapters {
            let prefix = chapter_prefix(chapter, rank);
            written.extend((1..=11).map(|page| format!("{prefix}{page:03}.png")));
        }
        let mut bytewise = written.clone();
        bytewise.sort();
        assert_eq!(bytewise, written);
        let mut naturally = written.clone();
        naturally.sort_by(|a, b| natural(a, b));
        assert_eq!(naturally, written);

        // A one-chapter archive: pages named by the chapter download, even page zero.
        let pages = [
            "0-cover.png",
            "0.png",
            "000.png",
            "001.png",
            "002.png",
            "010.png",
            "100.png",
        ];
        for order in [str::cmp, natural] {
            let mut sorted = pages;
            sorted.sort_by(|a, b| order(a, b));
            assert_eq!(sorted[0], "0-cover.png");
        }
    }

    /// A writer whose disk is full after `room` bytes.
    struct FullDisk {
        room: usize,
        data: Vec<u8>,
    }

    impl Write for FullDisk {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.data.len() + buf.len() > self.room {
                return Err(io::Error::from(io::ErrorKind::StorageFull));
            }
            self.data.extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Seek for FullDisk {
        fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
            match to {
                SeekFrom::Start(at) => Ok(at),
                _ => Ok(self.data.len() as u64),
            }
        }
    }

    #[test]
    fn after_a_failure_writes_are_forgotten_and_positions_stay_consistent() {
        let mut writer = FailOnce::new(FullDisk {
            room: 4,
            data: Vec::new(),
        });
        assert_eq!(writer.write(b"abc").unwrap(), 3);
        let error = writer.write(b"defg").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::StorageFull);
        assert_eq!(writer.write(b"hij").unwrap(), 3);
        assert_eq!(writer.stream_position().unwrap(), 6);
        assert_eq!(writer.seek(SeekFrom::End(-1)).unwrap(), 5);
        assert_eq!(writer.seek(SeekFrom::Start(1)).unwrap(), 1);
        writer.flush().unwrap();
        assert_eq!(
            writer.inner.data, b"abc",
            "nothing after the failure reached the disk"
        );
    }
}
