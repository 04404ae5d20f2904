//! `authkit-doctor triage`: the decision tree as data, `--symptom` for every symptom, and the
//! interactive menus (arrow keys; numbered on a dumb terminal) driven for real through a
//! pseudo-terminal (tmux), keys in and screen out.

use assert_cmd::Command;
use authkit_doctor::triage::{self, TREE};
use authkit_doctor_core::diagnostic::Symptom;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(rule: &str) -> PathBuf {
    manifest().join("tests/fixtures/rules").join(rule).join("fires")
}

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("authkit-doctor").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

#[test]
fn the_tree_covers_every_symptom_with_real_check_rules() {
    let symptoms: Vec<Symptom> = TREE.iter().map(|n| n.symptom).collect();
    assert_eq!(symptoms, Symptom::ALL.to_vec(), "one node per symptom, in Symptom::ALL order");
    for node in TREE {
        assert!(!node.questions.is_empty(), "{}: no question", node.symptom.as_str());
        for q in node.questions {
            assert!(!q.rules.is_empty(), "{}: `{}` names no rule", node.symptom.as_str(), q.ask);
            for id in q.rules {
                assert!(authkit_doctor_core::rules::find(id).is_some(), "{}: unknown rule {id}", node.symptom.as_str());
                assert!(triage::is_check_rule(id), "{}: {id} does not run in `check`", node.symptom.as_str());
            }
        }
    }
    // Every `check` rule that declares a symptom runs for it.
    for rule in authkit_doctor_core::rules::all().iter().filter(|r| triage::is_check_rule(r.id)) {
        for s in rule.symptoms {
            assert!(triage::rules_for(*s).contains(&rule.id), "{} is not run for {}", rule.id, s.as_str());
        }
    }
}

#[test]
fn every_symptom_is_accepted_by_symptom_flag() {
    let project = manifest().join("examples/nextjs-broken");
    for s in Symptom::ALL {
        let out = bin().args(["triage", "--symptom", s.as_str()]).arg(&project).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}: exit {:?}\n{}",
            s.as_str(),
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains(&format!("triage: {} [{}]", s.headline(), s.as_str())), "{}: {stdout}", s.as_str());
        assert!(stdout.contains("Next steps:"), "{}: {stdout}", s.as_str());
    }
}

#[test]
fn symptom_runs_its_checks_and_prints_next_steps() {
    let dir = fixture("auth-config/application-id-on-user-management");
    let out = bin().args(["triage", "--symptom", "convex-unauthenticated"]).arg(&dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("warning[auth-config/application-id-on-user-management]"), "{stdout}");
    assert!(stdout.contains(&format!("paste a token: authkit-doctor token - --project {}", dir.display())), "{stdout}");
    assert!(stdout.contains("Questions that narrow it down:"), "{stdout}");

    // A symptom whose checks do not explain this project: no finding, exit 0.
    let out = bin().args(["triage", "--symptom", "secret-exposure"]).arg(&dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("No finding"), "{stdout}");
    assert!(!stdout.contains("application-id-on-user-management"), "{stdout}");
}

#[test]
fn unknown_symptom_and_no_terminal_are_usage_errors() {
    let out = bin().args(["triage", "--symptom", "nope", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown symptom `nope`") && err.contains("works-in-dev-not-prod"), "{err}");

    // stdin is not a terminal here (assert_cmd gives an empty pipe): no menu, exit 2.
    let out = bin().args(["triage", "."]).write_stdin("1\n").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pass --symptom NAME"));

    let out = bin().args(["triage", "--symptom", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), Symptom::ALL.len());
}

/// A tmux server of our own (its own socket, so tests running in parallel do not share one),
/// running one command in a pane; the server is killed when the test ends.
struct Tmux {
    socket: String,
}

/// How long a test waits for the screen to show what it expects.
const DEADLINE: Duration = Duration::from_secs(20);

impl Tmux {
    /// Starts `command` (a `sh` command line) in a 220×50 pane; `None`, with a message, when
    /// tmux is not installed.
    fn start(test: &str, command: &str) -> Option<Tmux> {
        if !std::process::Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success()) {
            eprintln!("SKIPPED {test}: tmux is not installed (apt-get install -y tmux)");
            return None;
        }
        let tmux = Tmux { socket: format!("authkit-doctor-{test}-{}", std::process::id()) };
        let out = tmux.cmd(&["-f", "/dev/null", "new-session", "-d", "-s", "triage", "-x", "220", "-y", "50", command]);
        assert!(out.status.success(), "tmux new-session: {}", String::from_utf8_lossy(&out.stderr));
        Some(tmux)
    }

    fn cmd(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().unwrap()
    }

    /// The pane's history and screen: everything the command printed that was not drawn over.
    fn history(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-J", "-t", "triage", "-S", "-"]).stdout).into_owned()
    }

    /// The screen only, as it looks now.
    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "triage"]).stdout).into_owned()
    }

    /// The screen with its attributes as escape sequences (reverse video is `ESC[7m`).
    fn screen_with_attributes(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-e", "-t", "triage"]).stdout).into_owned()
    }

    /// Polls `capture` until `done` holds, and returns that capture.
    fn wait_until(&self, what: &str, capture: fn(&Tmux) -> String, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let text = capture(self);
            if done(&text) {
                return text;
            }
            assert!(start.elapsed() < DEADLINE, "timed out waiting for {what}; pane:\n{text}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_for(&self, needle: &str) -> String {
        self.wait_until(&format!("{needle:?}"), Tmux::history, |text| text.contains(needle))
    }

    /// Waits until the screen shows every one of `lines`. A menu frame can be captured half
    /// drawn, so a test waits for the whole frame it then looks at, not for its first line.
    fn wait_for_lines(&self, lines: &[String]) -> String {
        self.wait_until(&format!("{lines:#?}"), Tmux::screen, |screen| lines.iter().all(|line| screen.contains(line.as_str())))
    }

    /// Waits until the numbered menu under `header` is printed in full: its prompt (`> `) comes
    /// after the last entry, so once the prompt shows, so does every entry.
    fn wait_for_numbered_menu(&self, header: &str) -> String {
        self.wait_until(&format!("{header:?} and its `> ` prompt"), Tmux::history, |text| {
            text.split_once(header).is_some_and(|(_, after)| after.lines().any(|l| l.trim_end() == ">"))
        })
    }

    /// Waits until the menu on screen highlights `line` (and only it).
    fn wait_for_selected(&self, line: &str) -> String {
        self.wait_until(&format!("{line:?} to be selected"), Tmux::screen, |screen| selected_lines(screen) == [line])
    }

    /// Presses keys, by tmux's names (`Down`, `Enter`, `Escape`, `C-c`, `2`).
    fn press(&self, keys: &[&str]) {
        let out = self.cmd(&[&["send-keys", "-t", "triage"], keys].concat());
        assert!(out.status.success(), "tmux send-keys {keys:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// Types `text` literally, then Enter.
    fn type_line(&self, text: &str) {
        assert!(self.cmd(&["send-keys", "-t", "triage", "-l", text]).status.success());
        self.press(&["Enter"]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let socket =
            String::from_utf8_lossy(&self.cmd(&["display-message", "-p", "-t", "triage", "#{socket_path}"]).stdout).trim().to_string();
        let _ = self.cmd(&["kill-server"]);
        if !socket.is_empty() {
            let _ = std::fs::remove_file(socket);
        }
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// `env ENV authkit-doctor triage ARGS` in a shell that then echoes the exit code and runs
/// `then`; the pane stays open for the test to read it.
fn triage_command(env: &str, args: &str, then: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin("authkit-doctor");
    format!("env {env} {} triage {args}; echo EXIT=$?; {then}; sleep 60", shell_quote(&bin.to_string_lossy()))
}

/// A menu line as drawn, `›` marking the selected one.
fn menu_line(selected: bool, number: usize, text: &str) -> String {
    format!("{} {number:>2}. {text}", if selected { '›' } else { ' ' })
}

fn selected_lines(screen: &str) -> Vec<&str> {
    screen.lines().map(str::trim_end).filter(|l| l.starts_with('›')).collect()
}

fn question(symptom: Symptom, number: usize) -> &'static str {
    triage::node(symptom).questions[number - 1].ask
}

/// Up/Down and k/j move the highlight; Enter picks a symptom that is not the first, then a
/// question; the menus give way to one line each and the checks of that question run.
#[test]
fn arrow_keys_pick_a_symptom_then_a_question() {
    let dir = fixture("auth-config/application-id-on-user-management");
    let command = triage_command("NO_COLOR=1", &shell_quote(&dir.to_string_lossy()), "true");
    let Some(tmux) = Tmux::start("arrow_keys_pick_a_symptom_then_a_question", &command) else { return };

    let symptom_menu: Vec<String> = Symptom::ALL.iter().enumerate().map(|(i, s)| menu_line(i == 0, i + 1, s.headline())).collect();
    let screen = tmux.wait_for_lines(&symptom_menu);
    assert!(screen.contains("What do you see?"), "{screen}");
    assert_eq!(selected_lines(&screen), [symptom_menu[0].as_str()], "{screen}");
    let unauthenticated = Symptom::ALL[1];
    assert_eq!(unauthenticated, Symptom::ConvexUnauthenticated);
    tmux.press(&["Down"]);
    tmux.wait_for_selected(&menu_line(true, 2, unauthenticated.headline()));
    tmux.press(&["Down"]);
    tmux.wait_for_selected(&menu_line(true, 3, Symptom::ALL[2].headline()));
    tmux.press(&["Up"]);
    let screen = tmux.wait_for_selected(&menu_line(true, 2, unauthenticated.headline()));
    assert!(screen.contains(&menu_line(false, 1, Symptom::ALL[0].headline())), "{screen}");
    assert!(!tmux.screen_with_attributes().contains("\x1b[7m"), "NO_COLOR: the marker only, no reverse video");

    tmux.press(&["Enter"]);
    // A symptom seen in the browser also offers to watch it happen.
    let screen = tmux.wait_for_lines(&[
        menu_line(true, 1, question(unauthenticated, 1)),
        menu_line(false, 0, "Not sure: run every check for this symptom"),
        menu_line(false, 9, "See it happen: watch the browser (authkit-doctor watch), and let what it sees pick"),
    ]);
    assert_eq!(selected_lines(&screen), [menu_line(true, 1, question(unauthenticated, 1))], "{screen}");
    assert!(screen.contains(&format!("What do you see? {}", unauthenticated.headline())), "{screen}");
    assert!(screen.contains("Which fits best?"), "{screen}");
    tmux.press(&["j"]);
    tmux.wait_for_selected(&menu_line(true, 2, question(unauthenticated, 2)));
    tmux.press(&["k"]);
    tmux.wait_for_selected(&menu_line(true, 1, question(unauthenticated, 1)));
    tmux.press(&["Enter"]);

    let history = tmux.wait_for("EXIT=");
    let chosen = format!("What do you see? {}\nWhich fits best? {}\n", unauthenticated.headline(), question(unauthenticated, 1));
    assert!(history.contains(&chosen), "each menu is replaced by the line of its choice:\n{history}");
    assert!(selected_lines(&history).is_empty() && !history.contains("to move"), "menu lines left over:\n{history}");
    assert!(history.find(&chosen) < history.find("triage: "), "{history}");
    assert!(history.contains(&format!("branch: {}", question(unauthenticated, 1))), "{history}");
    assert!(history.contains("warning[auth-config/application-id-on-user-management]"), "{history}");
    assert!(history.contains("paste a token: authkit-doctor token -"), "{history}");
    assert!(history.contains("EXIT=0"), "{history}");
}

/// A digit picks its entry at once (the numbered menu's habit): `2` for the symptom, `0` for
/// "not sure", which runs every check of the symptom. With colour, the selection is also in
/// reverse video.
#[test]
fn a_digit_picks_its_entry_at_once() {
    let dir = fixture("auth-config/application-id-on-user-management");
    let command = triage_command("-u NO_COLOR", &shell_quote(&dir.to_string_lossy()), "true");
    let Some(tmux) = Tmux::start("a_digit_picks_its_entry_at_once", &command) else { return };

    tmux.wait_for_selected(&menu_line(true, 1, Symptom::ALL[0].headline()));
    let reversed = tmux.screen_with_attributes();
    let reversed_line = reversed.lines().find(|l| l.contains("\x1b[7m")).unwrap_or_else(|| panic!("no reverse video:\n{reversed}"));
    assert!(reversed_line.contains(&menu_line(true, 1, Symptom::ALL[0].headline())), "{reversed_line:?}");

    tmux.press(&["2"]);
    tmux.wait_for("Which fits best?");
    tmux.press(&["0"]);
    let history = tmux.wait_for("EXIT=");
    assert!(history.contains("Which fits best? Not sure: run every check for this symptom"), "{history}");
    assert!(history.contains("triage: ") && !history.contains("branch: "), "{history}");
    assert!(history.contains("Questions that narrow it down:"), "{history}");
    assert!(history.contains("EXIT=0"), "{history}");
}

/// Esc leaves the menu: nothing runs, exit 2 (as end of input always did), and the shell gets a
/// cooked terminal back: `stty` shows icanon and echo, and a line typed at `read` echoes and
/// arrives.
#[test]
fn escape_cancels_and_gives_the_terminal_back() {
    let command = triage_command("", "--no-color .", "stty -a; printf 'type here: '; read -r line; echo \"GOT=$line\"");
    let Some(tmux) = Tmux::start("escape_cancels_and_gives_the_terminal_back", &command) else { return };

    tmux.wait_for_selected(&menu_line(true, 1, Symptom::ALL[0].headline()));
    assert!(!tmux.screen_with_attributes().contains("\x1b[7m"), "--no-color: the marker only, no reverse video");
    tmux.press(&["Down"]);
    tmux.wait_for_selected(&menu_line(true, 2, Symptom::ALL[1].headline()));
    tmux.press(&["Escape"]);
    let history = tmux.wait_for("type here: ");
    assert!(history.contains("authkit-doctor: cancelled: nothing was run"), "{history}");
    assert!(history.contains("EXIT=2"), "{history}");
    assert!(!history.contains("triage: ") && selected_lines(&history).is_empty(), "{history}");
    let stty: Vec<&str> = history.split_whitespace().collect();
    for mode in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(stty.contains(&mode), "terminal left without {mode}:\n{history}");
    }

    tmux.type_line("hello there");
    let history = tmux.wait_for("GOT=hello there");
    assert!(history.contains("type here: hello there\n"), "typed text is not echoed:\n{history}");
}

/// `q` and Ctrl-C cancel too (Ctrl-C is a key in raw mode, not a signal: exit 2, not 130).
#[test]
fn q_and_ctrl_c_cancel() {
    for key in ["q", "C-c"] {
        let Some(tmux) = Tmux::start("q_and_ctrl_c_cancel", &triage_command("NO_COLOR=1", ".", "stty -a")) else { return };
        tmux.wait_for_selected(&menu_line(true, 1, Symptom::ALL[0].headline()));
        tmux.press(&["2"]);
        tmux.wait_for("Which fits best?");
        tmux.press(&[key]);
        let history = tmux.wait_for("EXIT=");
        assert!(history.contains("EXIT=2") && history.contains("cancelled: nothing was run"), "{key}:\n{history}");
        assert!(!history.contains("triage: "), "{key}:\n{history}");
        let stty = tmux.wait_for("icanon");
        assert!(!stty.contains("-icanon") && !stty.split_whitespace().any(|w| w == "-echo"), "{key}:\n{stty}");
    }
}

/// TERM=dumb cannot draw a menu: the numbered one, read line by line, is what remains.
#[test]
fn dumb_terminal_falls_back_to_the_numbered_menu() {
    let dir = fixture("auth-config/application-id-on-user-management");
    let command = triage_command("NO_COLOR=1 TERM=dumb", &shell_quote(&dir.to_string_lossy()), "true");
    let Some(tmux) = Tmux::start("dumb_terminal_falls_back_to_the_numbered_menu", &command) else { return };

    let screen = tmux.wait_for_numbered_menu("What do you see? (type the number, then Enter)");
    for (i, s) in Symptom::ALL.iter().enumerate() {
        assert!(screen.contains(&format!("{:>2}. {}", i + 1, s.headline())), "menu lacks {}:\n{screen}", s.as_str());
    }
    assert!(selected_lines(&screen).is_empty(), "{screen}");
    tmux.type_line("42");
    tmux.wait_for("Type a number from 1 to 11");
    tmux.type_line("2"); // convex-unauthenticated
    tmux.wait_for_numbered_menu("which fits best?");
    tmux.type_line("1"); // "No auth provider found matching the given token"
    let history = tmux.wait_for("EXIT=");
    assert!(history.contains("branch: Convex logs say \"No auth provider found matching the given token\""), "{history}");
    assert!(history.contains("warning[auth-config/application-id-on-user-management]"), "{history}");
    assert!(history.contains("EXIT=0"), "{history}");
}

#[test]
fn a_watch_report_picks_the_symptom_and_the_branch() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("watch.json");
    // The shape `watch --format json` writes (tests/watch.rs checks it on a real session).
    let doc = serde_json::json!({ "watch": { "causes": [
        { "rule": "har/convex-auth-error", "symptoms": ["convex-unauthenticated", "token-rejected"],
          "static_rules": ["auth-config/application-id-on-user-management"] }
    ] } });
    std::fs::write(&report, doc.to_string()).unwrap();
    let out = bin()
        .args(["triage", "--no-color", "--from-watch"])
        .arg(&report)
        .arg(fixture("auth-config/application-id-on-user-management"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("watch saw: har/convex-auth-error"), "{text}");
    assert!(text.contains("branch: Convex logs say"), "{text}");
    assert!(text.contains("auth-config/application-id-on-user-management"), "{text}");
    // A runtime symptom names `watch` as the first next step.
    let steps = text.split("Next steps:").nth(1).unwrap_or("");
    assert!(steps.trim_start().starts_with("- reproduce it while authkit-doctor watches the browser"), "{text}");

    // A session with nothing wrong: no symptom to pick, exit 0.
    std::fs::write(&report, r#"{"watch":{"causes":[]}}"#).unwrap();
    let out =
        bin().args(["triage", "--from-watch"]).arg(&report).arg(fixture("auth-config/application-id-on-user-management")).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("The watch saw no auth failure"));
    // Not a watch report: a usage error that says what to pass.
    std::fs::write(&report, "{}").unwrap();
    let out = bin().args(["triage", "--from-watch"]).arg(&report).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a `watch --format json` report"));
}
