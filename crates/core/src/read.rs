//! The one place where files are read. Everything the tool reads from the scanned project
//! (sources, env files, manifests, lockfiles, ignore files, `authkit-doctor.json`) goes through
//! [`project_file`]: regular files only, never more than a cap. A project from a stranger (a
//! pull request in CI) can hold a FIFO named `package-lock.json`, which blocks a plain `open`
//! forever, or a symlink to `/dev/zero`, which a plain `read_to_end` follows until memory runs
//! out; both are refused here before a single byte is read.
//!
//! Files named on the command line go through [`argument_file`]: a pipe is fine there (`logs
//! <(pbpaste)`), but the cap still holds.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Cap for hand-written files: config, env files, source, manifests.
pub const MAX_TEXT_BYTES: u64 = 8 * 1024 * 1024;
/// Cap for lockfiles: a large monorepo's real `package-lock.json` is tens of MB.
pub const MAX_LOCKFILE_BYTES: u64 = 256 * 1024 * 1024;
/// Cap for ignore files (`.gitignore`, `.ignore`): a pattern list, never more than this.
pub const MAX_IGNORE_BYTES: u64 = 1024 * 1024;

#[derive(Debug)]
pub enum ReadError {
    NotFound,
    /// A directory, FIFO, socket or device; the word says which.
    NotRegular(&'static str),
    /// Larger than the cap (the size when known up front, else the cap).
    TooLarge(u64),
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => write!(f, "no such file"),
            ReadError::NotRegular(kind) => write!(f, "is a {kind}, not a regular file"),
            ReadError::TooLarge(n) => write!(f, "is too large ({} MiB)", n >> 20),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let ft = meta.file_type();
    if ft.is_dir() {
        return "directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "FIFO";
        }
        if ft.is_socket() {
            return "socket";
        }
        if ft.is_char_device() || ft.is_block_device() {
            return "device";
        }
    }
    "special file"
}

fn io_error(e: std::io::Error) -> ReadError {
    if e.kind() == std::io::ErrorKind::NotFound { ReadError::NotFound } else { ReadError::Io(e) }
}

/// Opens a file of the scanned project for streaming: a regular file (after following
/// symlinks) no larger than `max`. Returns the file and its size.
pub fn open_project_file(path: &Path, max: u64) -> Result<(File, u64), ReadError> {
    checked(open_without_blocking(path)?, max)
}

fn checked(file: File, max: u64) -> Result<(File, u64), ReadError> {
    // The type and size are checked on the open handle, so a path swapped in between cannot
    // slip past; a FIFO opened without blocking is refused here before anything reads it.
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge(meta.len()));
    }
    Ok((file, meta.len()))
}

/// Opens for reading without waiting for a FIFO's writer: `O_NONBLOCK` on Unix (one syscall
/// fewer than checking the type first, which matters over tens of thousands of files).
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> Result<File, ReadError> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path).map_err(io_error)
}

/// Elsewhere the type is checked before `open` (opening a pipe for reading could block).
#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> Result<File, ReadError> {
    let meta = std::fs::metadata(path).map_err(io_error)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    File::open(path).map_err(io_error)
}

/// A relative `/`-separated path split at its last `/` into its dir and file name (`""` for
/// a file at the root).
pub fn split_dir(path: &str) -> (&str, &str) {
    match memchr::memrchr(b'/', path.as_bytes()) {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("", path),
    }
}

/// Reads many files of the project, sorted by path, through a handle on their directory: on
/// Unix each file is opened with `openat` by its name, so the kernel resolves one component
/// instead of the whole absolute path. On a 20k-file tree that was a quarter of the scan's time.
pub struct DirReader<'r> {
    root: &'r Path,
    #[cfg(unix)]
    dir: Option<(String, std::os::fd::OwnedFd)>,
}

impl<'r> DirReader<'r> {
    pub fn new(root: &'r Path) -> Self {
        DirReader {
            root,
            #[cfg(unix)]
            dir: None,
        }
    }

    /// Like [`project_file_into`] for `rel` (a `/`-separated path under the root).
    pub fn read_into(&mut self, rel: &str, max: u64, bytes: &mut Vec<u8>) -> Result<(), ReadError> {
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            let (dir, name) = split_dir(rel);
            if self.dir.as_ref().is_none_or(|(open, _)| open != dir) {
                self.dir = None;
                let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
                match rustix::fs::open(self.root.join(dir), flags, Mode::empty()) {
                    Ok(fd) => self.dir = Some((dir.to_string(), fd)),
                    // Not a plain directory (gone, or no permission): the whole path says why.
                    Err(_) => return project_file_into(&self.root.join(rel), max, bytes),
                }
            }
            let (_, dir_fd) = self.dir.as_ref().expect("opened above");
            let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
            let fd = rustix::fs::openat(dir_fd, name, flags, Mode::empty()).map_err(|e| io_error(e.into()))?;
            read_to_limit(File::from(fd), max, bytes)
        }
        #[cfg(not(unix))]
        {
            project_file_into(&self.root.join(rel), max, bytes)
        }
    }
}

/// Reads a file of the scanned project whole: regular files only, at most `max` bytes.
pub fn project_file(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    project_file_into(path, max, &mut bytes)?;
    Ok(bytes)
}

/// Like [`project_file`], into a buffer the caller reuses across files: a scan over tens of
/// thousands of files then allocates (and faults in) its buffer once per thread, not per file.
pub fn project_file_into(path: &Path, max: u64, bytes: &mut Vec<u8>) -> Result<(), ReadError> {
    read_open_file(open_without_blocking(path)?, max, bytes)
}

/// Checks an open handle (a regular file, at most `max` bytes) and reads it into `bytes`.
fn read_open_file(file: File, max: u64, bytes: &mut Vec<u8>) -> Result<(), ReadError> {
    let (mut file, len) = checked(file, max)?;
    // The size is known from the handle: read exactly that much. `read_to_end` would make a
    // second `read` to see the end, a syscall per file that adds up on large trees. A file that
    // grows meanwhile is read as it was when opened; one that shrinks ends early.
    bytes.clear();
    bytes.resize(len as usize, 0);
    let mut filled = 0;
    while filled < bytes.len() {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(ReadError::Io(e)),
        }
    }
    bytes.truncate(filled);
    Ok(())
}

/// Reads an open handle to its end, at most `max` bytes, without asking its type or size
/// first: the walk saw a regular file, and a `stat` per file is a tenth of the read on a large
/// tree. Whatever was swapped in since stays harmless: a FIFO opened without blocking reads as
/// empty or fails, a directory fails, and a device that never ends is cut at `max`.
#[cfg(unix)]
fn read_to_limit(file: File, max: u64, bytes: &mut Vec<u8>) -> Result<(), ReadError> {
    bytes.clear();
    // `read_to_end` fills the buffer's spare room as it is, without zeroing it first.
    match file.take(max.saturating_add(1)).read_to_end(bytes) {
        Ok(n) if n as u64 > max => Err(ReadError::TooLarge(n as u64)),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(()),
        Err(e) => Err(ReadError::Io(e)),
    }
}

/// Like [`project_file`], as UTF-8 text (`None` for anything unreadable or not UTF-8).
pub fn project_text(path: &Path, max: u64) -> Option<String> {
    String::from_utf8(project_file(path, max).ok()?).ok()
}

/// Reads a file named on the command line: anything but a directory (a pipe from process
/// substitution is fine), at most `max` bytes.
pub fn argument_file(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(io_error)?;
    if meta.is_dir() {
        return Err(ReadError::NotRegular("directory"));
    }
    if meta.is_file() && meta.len() > max {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let file = File::open(path).map_err(io_error)?;
    read_capped(file, if meta.is_file() { meta.len() } else { 0 }, max)
}

/// Reads at most `max` bytes; more is [`ReadError::TooLarge`] (a file can grow after `stat`, and
/// a pipe has no size).
pub fn read_capped(reader: impl Read, size_hint: u64, max: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(size_hint.min(max) as usize);
    reader.take(max + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge(max));
    }
    Ok(bytes)
}

/// A gitignore matcher rooted at `base` from the pattern files `files`, read here rather
/// than by `GitignoreBuilder::add` (which reads a FIFO or `/dev/zero` without limit). A file
/// that is missing, not regular or over [`MAX_IGNORE_BYTES`] adds nothing; a bad pattern is
/// skipped, as git skips it.
pub fn ignore_matcher(base: &Path, files: &[std::path::PathBuf]) -> ignore::gitignore::Gitignore {
    let mut builder = ignore::gitignore::GitignoreBuilder::new(base);
    for file in files {
        let Ok(bytes) = project_file(file, MAX_IGNORE_BYTES) else { continue };
        for line in String::from_utf8_lossy(&bytes).lines() {
            let _ = builder.add_line(Some(file.clone()), line);
        }
    }
    builder.build().unwrap_or_else(|_| ignore::gitignore::Gitignore::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_within_the_cap_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"hello").unwrap();
        assert_eq!(project_file(&path, 5).unwrap(), b"hello");
        assert!(matches!(project_file(&path, 4), Err(ReadError::TooLarge(5))));
        assert!(matches!(project_file(dir.path(), 100), Err(ReadError::NotRegular("directory"))));
        assert!(matches!(project_file(&dir.path().join("missing"), 100), Err(ReadError::NotFound)));
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_without_reading() {
        let dir = tempfile::tempdir().unwrap();
        let zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert!(matches!(project_file(&zero, 100), Err(ReadError::NotRegular("device"))));
        // On the command line a device is read, but never past the cap.
        assert!(matches!(argument_file(&zero, 100), Err(ReadError::TooLarge(100))));
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Would block forever if it were opened.
            assert!(matches!(project_file(&fifo, 100), Err(ReadError::NotRegular("FIFO"))));
        }
    }
}
