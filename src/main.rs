/// The stack the whole run gets. Parsing and the analyses recurse over the syntax tree; files
/// nested beyond [`authkit_doctor::source::MAX_NESTING`] are not analysed at all, and this
/// leaves every walk up to that depth a wide margin (a thread's stack is reserved, not used,
/// until it is touched).
const STACK_BYTES: usize = 256 * 1024 * 1024;

fn main() {
    // A panic is a bug in authkit-doctor: say so plainly and exit 3 (README, `.
    std::panic::set_hook(Box::new(|info| {
        // The payload can quote input (a path, a value): it is redacted like every message.
        let info = authkit_doctor::output::redact_message(&info.to_string());
        eprintln!("authkit-doctor: internal error (this is a bug, please report it): {info}");
    }));
    let run = || std::panic::catch_unwind(authkit_doctor::cli::main).unwrap_or(authkit_doctor::output::EXIT_INTERNAL);
    let code = match std::thread::Builder::new().name("authkit-doctor".into()).stack_size(STACK_BYTES).spawn(run) {
        Ok(handle) => handle.join().unwrap_or(authkit_doctor::output::EXIT_INTERNAL),
        // No room for a large stack (a tight address-space limit): run on the main thread.
        Err(_) => run(),
    };
    std::process::exit(code);
}
