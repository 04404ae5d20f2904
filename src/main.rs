fn main() {
    // A panic is a bug in authkit-doctor: say so plainly and exit 3 (CLI.md).
    std::panic::set_hook(Box::new(|info| {
        eprintln!("authkit-doctor: internal error (this is a bug, please report it): {info}");
    }));
    let code = std::panic::catch_unwind(authkit_doctor::cli::main).unwrap_or(authkit_doctor::cli::EXIT_INTERNAL);
    std::process::exit(code);
}
