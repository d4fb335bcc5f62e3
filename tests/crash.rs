//! Crash consistency: runs killed with SIGKILL at 50 points of their life (simulation, per-run
//! streaming, chart writing, the swap) leave the results folder as either the previous complete
//! result or the new complete one, and the next run cleans up what the killed one left.

use sha2::{Digest, Sha256};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("chipgame")
}

/// The manifest's seed if `dir` holds exactly the files its manifest lists, with their hashes.
fn complete(dir: &Path) -> Result<u64, String> {
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    let files = m["files"].as_object().ok_or("no file list")?;
    let mut on_disk = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).map_err(|e| e.to_string())? {
            let p = e.map_err(|e| e.to_string())?.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                if rel != "manifest.json" {
                    on_disk.push(rel);
                }
            }
        }
    }
    on_disk.sort();
    let listed: Vec<String> = files.keys().cloned().collect();
    if on_disk != listed {
        return Err(format!("files {on_disk:?} but the manifest lists {listed:?}"));
    }
    for (rel, info) in files {
        let bytes = std::fs::read(dir.join(rel)).map_err(|e| e.to_string())?;
        let hash = format!("{:x}", Sha256::digest(&bytes));
        if info["sha256"].as_str() != Some(hash.as_str()) {
            return Err(format!("{rel}: hash differs from the manifest"));
        }
    }
    m["seed"].as_u64().ok_or("no seed".into())
}

fn run(out: &Path, seed: u64) -> Command {
    let mut c = Command::new(bin());
    c.args(["run", "configs/classic/stag_hunt.toml", "--runs", "3000", "--per-run", "--seed"])
        .arg(seed.to_string())
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

#[test]
fn killed_runs_leave_the_old_or_the_new_complete_result() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("res");
    assert!(run(&out, 1000).status().unwrap().success());
    complete(&out).unwrap();
    // How long a whole run takes here, to spread the kills over its life.
    let t0 = std::time::Instant::now();
    assert!(run(&out, 1001).status().unwrap().success());
    let full = t0.elapsed().as_millis().max(20) as u64;
    let mut current = complete(&out).unwrap();
    assert_eq!(current, 1001);
    let mut lcg = 12345u64;
    let (mut old_kept, mut new_kept) = (0, 0);
    for trial in 0..50u64 {
        lcg = lcg.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let delay = (lcg >> 33) % (full + full / 4);
        let seed = 2000 + trial;
        let mut child = run(&out, seed).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let got = complete(&out).unwrap_or_else(|e| panic!("trial {trial} (killed after {delay} ms): {e}"));
        assert!(got == current || got == seed, "trial {trial}: seed {got}, expected {current} or {seed}");
        if got == seed {
            new_kept += 1;
        } else {
            old_kept += 1;
        }
        current = got;
    }
    // The kills fell both before and after the swap.
    assert!(old_kept > 0, "every kill came too late: {new_kept} new");
    // A clean run afterwards leaves nothing hidden behind but its lock file.
    assert!(run(&out, 9).status().unwrap().success());
    assert_eq!(complete(&out).unwrap(), 9);
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "res" && !n.ends_with(".chipgame-lock"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}
