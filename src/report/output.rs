//! Writing a results directory atomically.
//!
//! All files are written into a hidden temporary directory beside the target, then the target is
//! replaced by a rename. A target that exists, is not empty and holds no chipgame `manifest.json`
//! is refused unless `force` is set, so no user file is ever overwritten. **Invariant:** the
//! target directory is either the previous complete result or the new complete result.

use std::path::{Path, PathBuf};

/// Why results could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "`{0}` exists and was not written by chipgame (no chipgame manifest.json in it); choose another --out or pass --force to replace it"
    )]
    NotOurs(PathBuf),
    #[error("`{0}` exists and is not a directory")]
    NotADirectory(PathBuf),
    #[error("cannot write results to `{path}`: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.to_path_buf(), source }
}

/// True if `dir` holds a manifest written by chipgame.
pub fn is_chipgame_dir(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .is_some_and(|v| v.get("tool").and_then(|t| t.as_str()) == Some("chipgame"))
}

/// Checks that `dir` may be written (before any work is done).
pub fn check_target(dir: &Path, force: bool) -> Result<(), OutputError> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(OutputError::NotADirectory(dir.to_path_buf()));
    }
    let empty = std::fs::read_dir(dir).map_err(io(dir))?.next().is_none();
    if empty || force || is_chipgame_dir(dir) { Ok(()) } else { Err(OutputError::NotOurs(dir.to_path_buf())) }
}

/// Writes `files` (name, bytes) as the directory `dir`, replacing an earlier result as a whole.
pub fn write_dir(dir: &Path, files: &[(String, Vec<u8>)], force: bool) -> Result<(), OutputError> {
    write_dir_with(dir, files, force, |_| Ok(()))
}

/// Like [`write_dir`], and `extra` may write more files into the temporary directory (charts)
/// before it replaces the target; if `extra` fails, nothing is replaced.
pub fn write_dir_with(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    force: bool,
    extra: impl FnOnce(&Path) -> Result<(), String>,
) -> Result<(), OutputError> {
    check_target(dir, force)?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let base = dir.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let tmp = parent.join(format!(".{base}.chipgame-tmp-{}", std::process::id()));
    let old = parent.join(format!(".{base}.chipgame-old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let result = (|| {
        std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
        for (name, bytes) in files {
            let p = tmp.join(name);
            if let Some(d) = p.parent() {
                std::fs::create_dir_all(d).map_err(io(d))?;
            }
            std::fs::write(&p, bytes).map_err(io(&p))?;
        }
        extra(&tmp).map_err(|m| OutputError::Io { path: tmp.clone(), source: std::io::Error::other(m) })?;
        if dir.exists() {
            std::fs::rename(dir, &old).map_err(io(dir))?;
        }
        std::fs::rename(&tmp, dir).map_err(io(dir))?;
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
        if !dir.exists() && old.exists() {
            let _ = std::fs::rename(&old, dir);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_foreign_directories_and_replaces_its_own() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("res");
        let manifest = br#"{"tool":"chipgame"}"#.to_vec();
        write_dir(&dir, &[("manifest.json".into(), manifest.clone()), ("a.txt".into(), b"1".to_vec())], false).unwrap();
        write_dir(&dir, &[("manifest.json".into(), manifest), ("b.txt".into(), b"2".to_vec())], false).unwrap();
        assert!(!dir.join("a.txt").exists(), "a rerun replaces the earlier result as a whole");
        assert!(dir.join("b.txt").exists());
        let foreign = root.path().join("mine");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("notes.txt"), "keep me").unwrap();
        assert!(matches!(write_dir(&foreign, &[], false), Err(OutputError::NotOurs(_))));
        assert_eq!(std::fs::read_to_string(foreign.join("notes.txt")).unwrap(), "keep me");
        let leftovers: Vec<_> = std::fs::read_dir(root.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert!(leftovers.is_empty());
    }
}
