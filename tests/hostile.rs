//! The hostile-input corpus (`tests/data/hostile/cases.toml`): every case ends within a time
//! limit with its expected exit status and message, never a panic, and a short error.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(serde::Deserialize)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    args: Vec<String>,
    exit: i32,
    stderr: Vec<String>,
}

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("chipgame")
}

#[test]
fn every_hostile_case_ends_as_expected() {
    let corpus: Corpus = toml::from_str(&std::fs::read_to_string("tests/data/hostile/cases.toml").unwrap()).unwrap();
    assert!(corpus.case.len() >= 20);
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path();
    let fifo = tmp.join("fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let long_line = tmp.join("long_line.toml");
    std::fs::write(&long_line, format!("name = \"{}\n", "x".repeat(1 << 20))).unwrap();
    let mut failures = Vec::new();
    for case in &corpus.case {
        let exists = tmp.join("exists.nfg");
        std::fs::write(&exists, "keep me").unwrap();
        let args: Vec<String> = case
            .args
            .iter()
            .map(|a| {
                a.replace("{tmp}", &tmp.display().to_string())
                    .replace("{fifo}", &fifo.display().to_string())
                    .replace("{long_line}", &long_line.display().to_string())
                    .replace("{exists}", &exists.display().to_string())
            })
            .collect();
        let mut child = Command::new(bin())
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break Some(s);
            }
            if start.elapsed() > Duration::from_secs(30) {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        let Some(status) = status else {
            failures.push(format!("{}: did not finish in 30 s", case.name));
            continue;
        };
        if status.code() != Some(case.exit) {
            failures.push(format!("{}: exit {:?}, expected {}: {stderr}", case.name, status.code(), case.exit));
        }
        if stderr.contains("panicked") || stderr.len() > 2048 {
            failures.push(format!("{}: a panic or a long error ({} bytes)", case.name, stderr.len()));
        }
        for want in &case.stderr {
            if !stderr.contains(want.as_str()) {
                failures.push(format!("{}: `{want}` not in: {stderr}", case.name));
            }
        }
        if case.exit != 0 {
            assert_eq!(std::fs::read_to_string(&exists).unwrap(), "keep me", "{}: a user's file changed", case.name);
        }
    }
    // Nothing was left half-written under the temporary folder by a refused command.
    for entry in std::fs::read_dir(tmp).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            ["fifo", "long_line.toml", "exists.nfg"].contains(&name.as_str()) || !Path::new(&name).starts_with("."),
            "left behind: {name}"
        );
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), corpus.case.len(), failures.join("\n"));
}
