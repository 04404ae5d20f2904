//! `authkit-doctor add …`: write helper files into the user's project. Today one thing can be
//! added: the auth debug page ([`debug_page`]).

pub mod debug_page;

use clap::{Args, Subcommand};

#[derive(Args, Debug, Clone)]
pub struct AddArgs {
    #[command(subcommand)]
    pub what: AddCommand,
}

#[derive(Subcommand, Debug, Clone)]
pub enum AddCommand {
    /// Write an auth debug page for the app's framework and a Convex `debugIdentity` query:
    /// WorkOS session, decoded token claims, Convex client state and server identity side by side
    DebugPage(debug_page::DebugPageArgs),
}

pub fn run(args: &AddArgs) -> i32 {
    match &args.what {
        AddCommand::DebugPage(args) => debug_page::run(args),
    }
}
