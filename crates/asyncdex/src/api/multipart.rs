//! `multipart/form-data` bodies for the two file uploads (`POST /cover/{id}`,
//! `POST /upload/{id}`).

use std::fmt::Write as _;

use bytes::Bytes;

/// The boundary: fixed, long and unlikely; a body containing it is refused.
const BOUNDARY: &str = "asyncdex-2b7e151628aed2a6abf7158809cf4f3c";

/// The content type announcing [`BOUNDARY`].
pub(crate) const CONTENT_TYPE: &str =
    "multipart/form-data; boundary=asyncdex-2b7e151628aed2a6abf7158809cf4f3c";

/// A file to upload: its name and bytes.
#[derive(Clone)]
pub(crate) struct File {
    pub(crate) name: String,
    pub(crate) bytes: Bytes,
}

impl std::fmt::Debug for File {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("File")
            .field("name", &self.name)
            .field("len", &self.bytes.len())
            .finish()
    }
}

#[derive(Debug, Default)]
pub(crate) struct Multipart {
    body: Vec<u8>,
    clash: bool,
}

impl Multipart {
    /// Adds a text field.
    pub(crate) fn text(&mut self, name: &str, value: &str) {
        self.head(name, None);
        self.push(value.as_bytes());
    }

    /// Adds a file field, its type guessed from the file name's extension.
    pub(crate) fn file(&mut self, name: &str, file: &File) {
        self.head(name, Some(&file.name));
        self.push(&file.bytes);
    }

    fn head(&mut self, name: &str, file_name: Option<&str>) {
        let quote = |text: &str| text.replace(['"', '\r', '\n'], "_");
        let mut head = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{}\"",
            quote(name)
        );
        if let Some(file_name) = file_name {
            let _ = write!(
                head,
                "; filename=\"{}\"\r\nContent-Type: {}",
                quote(file_name),
                mime(file_name)
            );
        }
        head.push_str("\r\n\r\n");
        self.body.extend_from_slice(head.as_bytes());
    }

    fn push(&mut self, content: &[u8]) {
        self.clash |= content
            .windows(BOUNDARY.len())
            .any(|window| window == BOUNDARY.as_bytes());
        self.body.extend_from_slice(content);
        self.body.extend_from_slice(b"\r\n");
    }

    /// The finished body, or an error when a part contains the boundary.
    pub(crate) fn finish(mut self) -> Result<Bytes, String> {
        if self.clash {
            return Err(format!("a part contains the multipart boundary {BOUNDARY}"));
        }
        self.body
            .extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        Ok(Bytes::from(self.body))
    }
}

fn mime(file_name: &str) -> &'static str {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_files_and_boundary_clash() {
        assert!(CONTENT_TYPE.ends_with(BOUNDARY));
        let mut form = Multipart::default();
        form.text("volume", "1");
        let file = File {
            name: "cover.PNG".into(),
            bytes: Bytes::from_static(b"\x89PNG"),
        };
        form.file("file", &file);
        let body = String::from_utf8_lossy(&form.finish().unwrap()).into_owned();
        assert!(body.starts_with(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"volume\"\r\n\r\n1\r\n"
        )));
        assert!(
            body.contains(
                "name=\"file\"; filename=\"cover.PNG\"\r\nContent-Type: image/png\r\n\r\n"
            )
        );
        assert!(body.ends_with(&format!("--{BOUNDARY}--\r\n")));

        let mut form = Multipart::default();
        form.text("description", &format!("x--{BOUNDARY}"));
        assert!(form.finish().is_err());
    }
}
