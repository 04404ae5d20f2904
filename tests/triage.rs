//! `authkit-doctor triage`: the decision tree as data, `--symptom` for every symptom, and the
//! interactive menu driven for real through a pseudo-terminal (tmux).

use assert_cmd::Command;
use authkit_doctor::diagnostic::Symptom;
use authkit_doctor::triage::{self, TREE};
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
                assert!(authkit_doctor::rules::find(id).is_some(), "{}: unknown rule {id}", node.symptom.as_str());
                assert!(triage::is_check_rule(id), "{}: {id} does not run in `check`", node.symptom.as_str());
            }
        }
    }
    // Every `check` rule that declares a symptom runs for it.
    for rule in authkit_doctor::rules::all().iter().filter(|r| triage::is_check_rule(r.id)) {
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
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("error[auth-config/application-id-on-user-management]"), "{stdout}");
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

/// A tmux server of our own (its own socket), killed when the test ends.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn available() -> bool {
        std::process::Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success())
    }

    fn cmd(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().unwrap()
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-J", "-t", "triage", "-S", "-"]).stdout).into_owned()
    }

    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "timed out waiting for {needle:?}; screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn send(&self, keys: &str) {
        let out = self.cmd(&["send-keys", "-t", "triage", "-l", keys]);
        assert!(out.status.success());
        assert!(self.cmd(&["send-keys", "-t", "triage", "Enter"]).status.success());
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

/// The interactive menu on a real terminal: pick a symptom, a wrong answer, then a branch.
#[test]
fn interactive_menu_through_a_pseudo_terminal() {
    if !Tmux::available() {
        eprintln!("SKIPPED interactive_menu_through_a_pseudo_terminal: tmux is not installed (apt-get install -y tmux)");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("authkit-doctor");
    let dir = fixture("auth-config/application-id-on-user-management");
    let tmux = Tmux { socket: format!("authkit-doctor-test-{}", std::process::id()) };
    let command = format!(
        "env NO_COLOR=1 {} triage {}; echo EXIT=$?; sleep 30",
        shell_quote(&bin.to_string_lossy()),
        shell_quote(&dir.to_string_lossy())
    );
    let out = tmux.cmd(&["-f", "/dev/null", "new-session", "-d", "-s", "triage", "-x", "220", "-y", "80", &command]);
    assert!(out.status.success(), "tmux new-session: {}", String::from_utf8_lossy(&out.stderr));

    let screen = tmux.wait_for("What do you see?");
    for (i, s) in Symptom::ALL.iter().enumerate() {
        assert!(screen.contains(&format!("{:>2}. {}", i + 1, s.headline())), "menu lacks {}:\n{screen}", s.as_str());
    }
    tmux.send("42");
    tmux.wait_for("Type a number from 1 to 11");
    tmux.send("2"); // convex-unauthenticated
    tmux.wait_for("which fits best?");
    tmux.send("1"); // "No auth provider found matching the given token"
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("branch: Convex logs say \"No auth provider found matching the given token\""), "{screen}");
    assert!(screen.contains("error[auth-config/application-id-on-user-management]"), "{screen}");
    assert!(screen.contains("paste a token: authkit-doctor token -"), "{screen}");
    assert!(screen.contains("EXIT=1"), "{screen}");
}

/// `q` leaves the menu without running anything (exit 2: no answer given).
#[test]
fn interactive_menu_quits_on_q() {
    if !Tmux::available() {
        eprintln!("SKIPPED interactive_menu_quits_on_q: tmux is not installed (apt-get install -y tmux)");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("authkit-doctor");
    let tmux = Tmux { socket: format!("authkit-doctor-test-q-{}", std::process::id()) };
    let command = format!("env NO_COLOR=1 {} triage .; echo EXIT=$?; sleep 30", shell_quote(&bin.to_string_lossy()));
    let out = tmux.cmd(&["-f", "/dev/null", "new-session", "-d", "-s", "triage", "-x", "220", "-y", "80", &command]);
    assert!(out.status.success(), "tmux new-session: {}", String::from_utf8_lossy(&out.stderr));
    tmux.wait_for("What do you see?");
    tmux.send("q");
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=2"), "{screen}");
    assert!(!screen.contains("triage:"), "{screen}");
}
