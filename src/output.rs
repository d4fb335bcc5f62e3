//! Writing results to disk without ever losing a user's file.
//!
//! A results directory is written through a [`Staging`] directory beside it
//! (`.<name>.chipgame-tmp-<pid>`), then swapped in by renames, so **the target directory is
//! either the previous complete result or the new complete result**. Its `manifest.json` lists
//! every file chipgame wrote with its size and SHA-256; a directory is replaced only if it holds
//! exactly such files (a user's notes or edited charts make the run refuse, naming them, unless
//! `force`). While a run prepares a directory it holds an exclusive lock on
//! `.<name>.chipgame-lock` beside it (released by the system if the process dies), so two runs to
//! one directory never both succeed, and any staging directory left by a killed run is known to
//! be stale and removed. Single files (`.nfg`, charts) are written through a temporary file and
//! never replace an existing file without `force`.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use crate::report::Artefact;

/// Why results could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "`{dir}` holds files chipgame did not write ({files}); choose another --out or pass --force to replace the folder"
    )]
    Foreign { dir: PathBuf, files: String },
    #[error(
        "`{0}` exists and was not written by this version of chipgame (no list of its files in manifest.json); choose another --out or pass --force to replace it"
    )]
    NotOurs(PathBuf),
    #[error("`{0}` exists and is not a directory")]
    NotADirectory(PathBuf),
    #[error("`{0}` exists; pass --force to replace it")]
    FileExists(PathBuf),
    #[error("`{0}` is a folder; give a file name")]
    IsAFolder(PathBuf),
    #[error("cannot write `{path}`: the folder `{folder}` does not exist")]
    MissingFolder { path: PathBuf, folder: PathBuf },
    #[error("another chipgame run is writing to `{dir}`{holder}; wait for it to finish or choose another --out")]
    Locked { dir: PathBuf, holder: String },
    #[error("cannot write results to `{path}`: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

impl OutputError {
    /// Whether the user can fix it by choosing another target or `--force` (exit status 2), as
    /// opposed to an I/O failure (exit status 1).
    pub fn is_input(&self) -> bool {
        !matches!(self, OutputError::Io { .. })
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.to_path_buf(), source }
}

fn parent_and_base(dir: &Path) -> (PathBuf, String) {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let base = dir.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    (parent, base)
}

/// Hex SHA-256 of a file's bytes.
fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut h = Sha256::new();
    let mut f = File::open(path)?;
    std::io::copy(&mut f, &mut h)?;
    Ok(format!("{:x}", h.finalize()))
}

/// Every file under `dir`, as `/`-separated relative paths, sorted.
fn list_files(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((d, prefix)) = stack.pop() {
        for e in std::fs::read_dir(&d)? {
            let e = e?;
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = if prefix.is_empty() { name.clone() } else { format!("{prefix}/{name}") };
            if e.file_type()?.is_dir() {
                stack.push((e.path(), rel));
            } else {
                out.push(rel);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Checks that `dir` may be replaced: it does not exist, is empty, or holds exactly the files its
/// chipgame manifest lists (unchanged). With `force`, anything may be replaced.
pub fn check_target(dir: &Path, force: bool) -> Result<(), OutputError> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(OutputError::NotADirectory(dir.to_path_buf()));
    }
    if force {
        return Ok(());
    }
    let files = list_files(dir).map_err(io(dir))?;
    if files.is_empty() {
        return Ok(());
    }
    let manifest = std::fs::read_to_string(dir.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .filter(|v| v.get("tool").and_then(|t| t.as_str()) == Some("chipgame"));
    let Some(listed) = manifest.as_ref().and_then(|m| m.get("files")).and_then(|f| f.as_object()) else {
        return Err(OutputError::NotOurs(dir.to_path_buf()));
    };
    let mut foreign = Vec::new();
    for rel in files.iter().filter(|f| *f != "manifest.json") {
        let p = dir.join(rel);
        let ok = listed.get(rel).is_some_and(|entry| {
            let size_ok = entry.get("bytes").and_then(|b| b.as_u64()) == std::fs::metadata(&p).ok().map(|m| m.len());
            size_ok
                && entry.get("sha256").and_then(|h| h.as_str()).is_some_and(|h| sha256_file(&p).is_ok_and(|x| x == h))
        });
        if !ok {
            foreign.push(rel.clone());
        }
    }
    if foreign.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = foreign.iter().take(5).map(|f| format!("`{f}`")).collect();
    let more = if foreign.len() > 5 { format!(" and {} more", foreign.len() - 5) } else { String::new() };
    Err(OutputError::Foreign { dir: dir.to_path_buf(), files: format!("{}{more}", shown.join(", ")) })
}

/// An exclusive claim on a results directory, held while its new content is staged.
pub struct Staging {
    target: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    force: bool,
    committed: bool,
    /// The open lock file: the lock lasts as long as this handle.
    _lock: File,
}

impl Staging {
    /// Claims `dir`: checks that it may be replaced, takes its lock (or says who holds it),
    /// removes staging left by killed runs, and creates an empty staging directory.
    pub fn begin(dir: &Path, force: bool) -> Result<Staging, OutputError> {
        check_target(dir, force)?;
        let (parent, base) = parent_and_base(dir);
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        let lock_path = parent.join(format!(".{base}.chipgame-lock"));
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&lock_path)
            .map_err(io(&lock_path))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(&lock_path)
                    .ok()
                    .and_then(|t| t.trim().parse::<u32>().ok())
                    .map(|pid| format!(" (process {pid})"))
                    .unwrap_or_default();
                return Err(OutputError::Locked { dir: dir.to_path_buf(), holder });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io(&lock_path)(e)),
        }
        {
            use std::io::Write;
            let mut f = &lock;
            let _ = f.set_len(0);
            let _ = writeln!(f, "{}", std::process::id());
        }
        // Holding the lock, no other run is staging this directory: leftovers are stale. A run
        // killed between its two renames left the previous result as `.old` and no target: put
        // it back first, so that the cleanup below never removes a complete result.
        if !dir.exists()
            && let Ok(entries) = std::fs::read_dir(&parent)
        {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with(&format!(".{base}.chipgame-old-")) && std::fs::rename(e.path(), dir).is_ok() {
                    break;
                }
            }
        }
        if let Ok(entries) = std::fs::read_dir(&parent) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with(&format!(".{base}.chipgame-tmp-"))
                    || name.starts_with(&format!(".{base}.chipgame-old-"))
                {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        // Checked again under the lock: another run may have replaced it in the meantime.
        check_target(dir, force)?;
        let pid = std::process::id();
        let tmp = parent.join(format!(".{base}.chipgame-tmp-{pid}"));
        let old = parent.join(format!(".{base}.chipgame-old-{pid}"));
        std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
        Ok(Staging { target: dir.to_path_buf(), tmp, old, force, committed: false, _lock: lock })
    }

    /// The staging directory (files streamed during the run go here).
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Creates a file in the staging directory for streaming.
    pub fn create(&self, rel: &str) -> Result<File, OutputError> {
        let p = self.tmp.join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).map_err(io(d))?;
        }
        File::create(&p).map_err(io(&p))
    }

    /// Writes `artefacts`, then `manifest.json` (the given manifest with the list of every file
    /// and its hash), and swaps the staging directory in for the target.
    pub fn commit(mut self, artefacts: &[Artefact], mut manifest: Value) -> Result<(), OutputError> {
        for a in artefacts {
            let p = self.tmp.join(&a.path);
            if let Some(d) = p.parent() {
                std::fs::create_dir_all(d).map_err(io(d))?;
            }
            std::fs::write(&p, &a.bytes).map_err(io(&p))?;
        }
        let mut files = BTreeMap::new();
        for rel in list_files(&self.tmp).map_err(io(&self.tmp))? {
            let p = self.tmp.join(&rel);
            let bytes = std::fs::metadata(&p).map_err(io(&p))?.len();
            files.insert(rel, json!({ "bytes": bytes, "sha256": sha256_file(&p).map_err(io(&p))? }));
        }
        manifest["files"] = json!(files);
        let mp = self.tmp.join("manifest.json");
        std::fs::write(&mp, crate::report::pretty(&manifest)).map_err(io(&mp))?;
        // The target may have changed since `begin` only through `force` or another tool.
        check_target(&self.target, self.force)?;
        if self.target.exists() {
            // One atomic exchange where the system has it: at every instant the target is the
            // old complete result or the new one. Elsewhere two renames, with a moment in which
            // only `.old` exists; the next run's `begin` puts it back (`recover`).
            if exchange(&self.tmp, &self.target) {
                let _ = std::fs::remove_dir_all(&self.tmp);
                self.committed = true;
                return Ok(());
            }
            std::fs::rename(&self.target, &self.old).map_err(io(&self.target))?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.target) {
            let _ = std::fs::rename(&self.old, &self.target);
            return Err(io(&self.target)(e));
        }
        let _ = std::fs::remove_dir_all(&self.old);
        self.committed = true;
        Ok(())
    }
}

/// Swaps two existing directories atomically (Linux `renameat2` with `RENAME_EXCHANGE`); false
/// where the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(ca), Ok(cb)) = (CString::new(a.as_os_str().as_bytes()), CString::new(b.as_os_str().as_bytes())) else {
        return false;
    };
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    unsafe { libc::renameat2(libc::AT_FDCWD, ca.as_ptr(), libc::AT_FDCWD, cb.as_ptr(), libc::RENAME_EXCHANGE) == 0 }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Writes `artefacts` and their manifest as the directory `dir`, replacing an earlier result.
pub fn write_dir(dir: &Path, artefacts: &[Artefact], manifest: Value, force: bool) -> Result<(), OutputError> {
    Staging::begin(dir, force)?.commit(artefacts, manifest)
}

/// Writes one file atomically (through a temporary file beside it); an existing file is
/// replaced only with `force`.
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), OutputError> {
    if path.is_dir() {
        return Err(OutputError::IsAFolder(path.to_path_buf()));
    }
    if path.exists() && !force {
        return Err(OutputError::FileExists(path.to_path_buf()));
    }
    let (parent, base) = parent_and_base(path);
    if !parent.is_dir() {
        return Err(OutputError::MissingFolder { path: path.to_path_buf(), folder: parent });
    }
    let tmp = parent.join(format!(".{base}.chipgame-tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(path)(e)
    })
}

/// The default results directory of a config: `output/` followed by the config's path without
/// its extension (`configs/classic/stag_hunt.toml` → `output/configs/classic/stag_hunt`), so two
/// configs never share a folder, whatever their `name`. Paths outside the working directory go
/// under `output/_outside/`.
pub fn default_dir(config: &Path) -> PathBuf {
    let rel: PathBuf = if config.is_absolute()
        || config.components().any(|c| matches!(c, std::path::Component::ParentDir))
    {
        let abs = std::fs::canonicalize(config).unwrap_or_else(|_| config.to_path_buf());
        let cwd = std::env::current_dir().ok().and_then(|d| std::fs::canonicalize(d).ok());
        match cwd.as_deref().and_then(|d| abs.strip_prefix(d).ok()) {
            Some(inside) => inside.to_path_buf(),
            None => Path::new("_outside")
                .join(abs.components().filter(|c| matches!(c, std::path::Component::Normal(_))).collect::<PathBuf>()),
        }
    } else {
        config.components().filter(|c| matches!(c, std::path::Component::Normal(_))).collect()
    };
    Path::new("output").join(rel.with_extension(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Value {
        json!({"tool": "chipgame"})
    }

    #[test]
    fn replaces_its_own_results_and_refuses_foreign_files() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("res");
        write_dir(&dir, &[Artefact::new("a.txt", "1"), Artefact::new("charts/c.svg", "<svg/>")], manifest(), false)
            .unwrap();
        write_dir(&dir, &[Artefact::new("b.txt", "2")], manifest(), false).unwrap();
        assert!(!dir.join("a.txt").exists(), "a rerun replaces the earlier result as a whole");
        assert!(dir.join("b.txt").exists());
        // A file the user added, or edited, is never lost.
        std::fs::write(dir.join("notes.txt"), "keep me").unwrap();
        let e = write_dir(&dir, &[], manifest(), false).unwrap_err();
        assert!(e.to_string().contains("`notes.txt`"), "{e}");
        std::fs::remove_file(dir.join("notes.txt")).unwrap();
        std::fs::write(dir.join("b.txt"), "edited").unwrap();
        assert!(matches!(write_dir(&dir, &[], manifest(), false), Err(OutputError::Foreign { .. })));
        assert_eq!(std::fs::read_to_string(dir.join("b.txt")).unwrap(), "edited");
        // A hand-copied manifest without the file list does not make a folder ours.
        let foreign = root.path().join("mine");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("manifest.json"), r#"{"tool":"chipgame"}"#).unwrap();
        assert!(matches!(write_dir(&foreign, &[], manifest(), false), Err(OutputError::NotOurs(_))));
        write_dir(&foreign, &[], manifest(), true).unwrap();
        let leftovers: Vec<_> = std::fs::read_dir(root.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.') && !n.ends_with(".chipgame-lock"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_second_writer_is_refused_while_the_first_holds_the_lock() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("res");
        let first = Staging::begin(&dir, false).unwrap();
        assert!(matches!(Staging::begin(&dir, false), Err(OutputError::Locked { .. })));
        first.commit(&[], manifest()).unwrap();
        Staging::begin(&dir, false).unwrap();
    }

    #[test]
    fn stale_staging_of_a_killed_run_is_removed() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("res");
        let stale = root.path().join(".res.chipgame-tmp-999999");
        std::fs::create_dir_all(stale.join("charts")).unwrap();
        write_dir(&dir, &[Artefact::new("a", "x")], manifest(), false).unwrap();
        assert!(!stale.exists());
    }

    #[test]
    fn single_files_are_not_overwritten_without_force() {
        let root = tempfile::tempdir().unwrap();
        let f = root.path().join("g.nfg");
        write_file(&f, b"one", false).unwrap();
        assert!(matches!(write_file(&f, b"two", false), Err(OutputError::FileExists(_))));
        write_file(&f, b"two", true).unwrap();
        assert_eq!(std::fs::read(&f).unwrap(), b"two");
        assert!(write_file(&root.path().join("missing/x.png"), b"", false).is_err());
    }
}
