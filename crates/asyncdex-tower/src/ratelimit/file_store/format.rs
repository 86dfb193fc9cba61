//! The state file's text: a header that gives the body's length (so that a shorter state
//! written over a longer one needs no truncation before the write, and a torn write is seen),
//! then one line per limit (`L`, its pause, its last send, its sends' latest arrivals, its
//! name) and one per peer (`P`, its process id, its last heartbeat), fields separated by tabs,
//! instants in milliseconds since the Unix epoch.

use std::fmt::Write as _;

use super::log::{Log, Logs};

/// Version 2 added the last send and counts latest arrivals; a version 1 file is refused,
/// and so replaced, like any damaged one.
const MAGIC: &str = "asyncdex-limits 2 ";

/// The file's bytes for `logs`.
pub(crate) fn write(logs: &Logs) -> Vec<u8> {
    let mut body = String::new();
    for (name, log) in &logs.limits {
        let sends: Vec<String> = log.sends.iter().map(u64::to_string).collect();
        // A name is written last, so only a line break in it could confuse the reader.
        let name = name.replace(['\n', '\r'], " ");
        let _ = writeln!(
            body,
            "L\t{}\t{}\t{}\t{name}",
            log.paused_until,
            log.last_sent,
            sends.join(",")
        );
    }
    for (pid, seen) in &logs.peers {
        let _ = writeln!(body, "P\t{pid}\t{seen}");
    }
    format!("{MAGIC}{}\n{body}", body.len()).into_bytes()
}

/// The state in `bytes`; an empty file is an empty state. `Err` says what is wrong.
pub(crate) fn read(bytes: &[u8]) -> Result<Logs, String> {
    if bytes.is_empty() {
        return Ok(Logs::default());
    }
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8".to_owned())?;
    let (header, rest) = text.split_once('\n').ok_or("no header line")?;
    let length: usize = header
        .strip_prefix(MAGIC)
        .and_then(|length| length.parse().ok())
        .ok_or_else(|| format!("unknown header {header:?}"))?;
    let body = rest.get(..length).ok_or("shorter than its header says")?;
    let mut logs = Logs::default();
    for line in body.lines() {
        read_line(line, &mut logs).ok_or_else(|| format!("bad line {line:?}"))?;
    }
    Ok(logs)
}

fn read_line(line: &str, logs: &mut Logs) -> Option<()> {
    let mut fields = line.splitn(5, '\t');
    match fields.next()? {
        "L" => {
            let paused_until = fields.next()?.parse().ok()?;
            let last_sent = fields.next()?.parse().ok()?;
            let sends = fields.next()?;
            let sends = if sends.is_empty() {
                Vec::new()
            } else {
                sends
                    .split(',')
                    .map(|at| at.parse().ok())
                    .collect::<Option<Vec<u64>>>()?
            };
            if !sends.is_sorted() {
                return None;
            }
            let name = fields.next()?.to_owned();
            logs.limits.insert(
                name,
                Log {
                    sends,
                    last_sent,
                    paused_until,
                },
            );
        }
        "P" => {
            let pid = fields.next()?.parse().ok()?;
            let seen = fields.next()?.parse().ok()?;
            logs.peers.insert(pid, seen);
        }
        _ => return None,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Logs {
        let mut logs = Logs::default();
        logs.limits.insert(
            "GET /at-home/server/{id}".to_owned(),
            Log {
                sends: vec![5, 9],
                last_sent: 7,
                paused_until: 12,
            },
        );
        logs.limits.insert("global".to_owned(), Log::default());
        logs.peers.insert(42, 9);
        logs
    }

    #[test]
    fn what_is_written_reads_back_even_with_an_old_longer_tail() {
        let logs = sample();
        let mut bytes = write(&logs);
        assert_eq!(read(&bytes), Ok(logs.clone()));
        bytes.extend_from_slice(b"L\t0\t3\t1,2,3\tleft over from a longer state\n");
        assert_eq!(read(&bytes), Ok(logs));
        assert_eq!(read(b""), Ok(Logs::default()));
    }

    #[test]
    fn damage_is_reported_not_guessed() {
        let bytes = write(&sample());
        for damaged in [
            &bytes[..bytes.len() - 3],
            b"asyncdex-limits 1 0\n".as_slice(),
            b"asyncdex-limits 3 0\n".as_slice(),
            b"\xff\xfe".as_slice(),
            b"asyncdex-limits 2 15\nL\tx\t1\t1\tglobal\n".as_slice(),
            b"asyncdex-limits 2 17\nL\t0\t9\t9,1\tglobal\n".as_slice(),
            b"asyncdex-limits 2 15\nL\t0\t9,1\tglobal\n".as_slice(),
        ] {
            assert!(
                read(damaged).is_err(),
                "{:?}",
                String::from_utf8_lossy(damaged)
            );
        }
    }
}
