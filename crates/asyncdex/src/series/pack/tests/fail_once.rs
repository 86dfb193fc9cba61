//! [`FailOnce`](super::super::fail_once::FailOnce) after a full disk.

use std::io::{self, Seek, SeekFrom, Write};

use super::super::fail_once::FailOnce;

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
