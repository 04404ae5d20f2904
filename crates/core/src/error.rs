//! Errors the core hands back to its caller. The core never prints them and never picks an exit
//! code: the binary turns an [`InputError`] into a message on stderr and exit code 2.

/// An input the user named could not be used: the project folder does not exist, a
/// `--convex-env` file is not an env dump, `authkit-doctor.json` is malformed. The message says
/// which input and why, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    message: String,
}

impl InputError {
    pub fn new(message: impl Into<String>) -> Self {
        InputError { message: message.into() }
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InputError {}
