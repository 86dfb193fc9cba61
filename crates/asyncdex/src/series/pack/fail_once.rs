//! [`FailOnce`], the writer under the archive that forgets every write after its first error.

use std::io::{self, Seek, SeekFrom, Write};

/// The writer under the archive: after its first error, it takes and forgets every write.
///
/// The archive is abandoned at the first error (its temporary file is removed), but the zip
/// crate's writer finalizes itself when dropped and prints that second failure to stderr: a
/// full disk would print a line nobody asked for. Writes after a failure go nowhere, so the
/// drop succeeds quietly; positions stay consistent so the crate never sees a bad offset.
pub(super) struct FailOnce<W> {
    pub(super) inner: W,
    failed: bool,
    position: u64,
    end: u64,
}

impl<W> FailOnce<W> {
    pub(super) fn new(inner: W) -> Self {
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
