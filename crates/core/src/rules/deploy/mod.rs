//! `deploy/*`: how the app is served once deployed (Netlify, Vercel, Vite's `base`), and setup
//! instructions that no longer work.

pub mod lockfile_out_of_sync;
pub mod netlify_spa_fallback;
pub mod removed_convex_command;
pub mod vercel_spa_rewrite;
pub mod vite_base;

/// This area's rules, in catalog order.
pub static RULES: &[&crate::rules::Rule] =
    &[&netlify_spa_fallback::RULE, &vercel_spa_rewrite::RULE, &vite_base::RULE, &lockfile_out_of_sync::RULE, &removed_convex_command::RULE];

use crate::discover::Framework;
use crate::facts::routes::CallbackStyle;
use crate::rules::CheckContext;
use crate::rules::redirect::{AppView, apps, callback_paths, redirect_uris};

/// Single-page apps built by Vite: a static host must serve `index.html` for client routes.
pub fn vite_spas<'a>(cx: &'a CheckContext) -> impl Iterator<Item = AppView<'a>> + 'a {
    apps(cx).filter(|v| v.style == CallbackStyle::Spa && v.app.framework == Framework::ViteReact)
}

/// The redirect URI paths other than `/` (the static host serves `/` anyway), each with the
/// first URI naming it. Without a redirect URI authkit-react uses `window.origin`: path `/`.
pub fn deep_callback_paths(view: &AppView) -> Vec<(String, crate::rules::redirect::RedirectUri)> {
    let uris = redirect_uris(view);
    callback_paths(&uris).into_iter().filter(|(p, _)| *p != "/").map(|(p, u)| (p.to_string(), u.clone())).collect()
}
