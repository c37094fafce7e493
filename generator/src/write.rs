//! Writing: the generated files in, the output folder brought in line (or, with `--check`, compared).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What syncing the output folder did or would do.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// Files whose bytes changed (or would change), relative to the output folder.
    pub changed: Vec<PathBuf>,
    /// Files that are missing (or were created).
    pub created: Vec<PathBuf>,
    /// Files that the generation no longer produces (removed, or would be).
    pub removed: Vec<PathBuf>,
    /// Files left as they were.
    pub unchanged: usize,
}

impl SyncReport {
    /// True when the folder already matched.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.created.is_empty() && self.removed.is_empty()
    }

    /// Every stale path, sorted.
    pub fn stale(&self) -> Vec<PathBuf> {
        let mut all: Vec<PathBuf> = self.changed.iter().chain(&self.created).chain(&self.removed).cloned().collect();
        all.sort();
        all
    }
}

/// Brings `out_dir` in line with `files` (paths relative to `out_dir`). Writes only files whose
/// bytes differ, so unchanged files keep their timestamps; with `check_only`, touches nothing.
/// Files under the owned sub-folders that are no longer generated are removed.
pub fn sync(out_dir: &Path, files: &BTreeMap<PathBuf, String>, owned_dirs: &[PathBuf], check_only: bool) -> std::io::Result<SyncReport> {
    let mut report = SyncReport::default();
    for (rel, contents) in files {
        report.record(rel.clone(), sync_file(out_dir, rel, contents, check_only)?);
    }
    report.removed = remove_leftovers(out_dir, owned_dirs, |rel| files.contains_key(rel), check_only)?;
    Ok(report)
}

/// What [`sync_file`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// The file already held these bytes.
    Unchanged,
    /// The file held other bytes (rewritten unless checking).
    Changed,
    /// The file was missing (created unless checking).
    Created,
}

impl SyncReport {
    /// Adds one file's status.
    pub fn record(&mut self, rel: PathBuf, status: FileStatus) {
        match status {
            FileStatus::Unchanged => self.unchanged += 1,
            FileStatus::Changed => self.changed.push(rel),
            FileStatus::Created => self.created.push(rel),
        }
    }
}

/// Brings one file (`rel` under `out_dir`) in line with `contents`, writing only if its bytes
/// differ; with `check_only`, touches nothing.
pub fn sync_file(out_dir: &Path, rel: &Path, contents: &str, check_only: bool) -> std::io::Result<FileStatus> {
    let path = out_dir.join(rel);
    match std::fs::read(&path) {
        Ok(existing) if existing == contents.as_bytes() => Ok(FileStatus::Unchanged),
        Ok(_) => {
            if !check_only {
                std::fs::write(&path, contents)?;
            }
            Ok(FileStatus::Changed)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if !check_only {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&path, contents)?;
            }
            Ok(FileStatus::Created)
        }
        Err(e) => Err(e),
    }
}

/// Removes (unless `check_only`) the files under the owned sub-folders that `keep` does not
/// want; returns them, relative to `out_dir` and sorted.
pub fn remove_leftovers(out_dir: &Path, owned_dirs: &[PathBuf], keep: impl Fn(&Path) -> bool, check_only: bool) -> std::io::Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    for dir in owned_dirs {
        for existing in list_files(&out_dir.join(dir))? {
            let rel = existing.strip_prefix(out_dir).expect("listed under out_dir").to_path_buf();
            if !keep(&rel) {
                if !check_only {
                    std::fs::remove_file(&existing)?;
                }
                removed.push(rel);
            }
        }
    }
    removed.sort();
    Ok(removed)
}

/// Removes what is left of folders a previous generation owned and this one does not (a crate
/// renamed or dropped in the spec): each file `written` lists there whose bytes still hash as
/// written (`hash`), then the folders left empty. A file edited or added by hand stays, and so
/// does its folder. Returns the removed files (what would be removed, when `check_only`).
pub fn remove_abandoned(
    out_dir: &Path,
    written: &std::collections::BTreeMap<PathBuf, crate::manifest::Entry>,
    previous_dirs: &[PathBuf],
    owned_dirs: &[PathBuf],
    check_only: bool,
) -> std::io::Result<Vec<PathBuf>> {
    // The manifest is a file in the output folder: only paths inside it are followed.
    let inside = |p: &Path| p.components().all(|c| matches!(c, std::path::Component::Normal(_)));
    let mut removed = Vec::new();
    for dir in previous_dirs.iter().filter(|d| !owned_dirs.contains(d) && inside(d)) {
        for (rel, entry) in written.range(dir.clone()..).take_while(|(p, _)| p.starts_with(dir)).filter(|(p, _)| inside(p)) {
            let path = out_dir.join(rel);
            let unchanged = std::fs::read(&path).is_ok_and(|bytes| crate::manifest::Hasher128::hash(&bytes) == entry.bytes);
            if unchanged {
                if !check_only {
                    std::fs::remove_file(&path)?;
                }
                removed.push(rel.clone());
            }
        }
        if !check_only {
            remove_empty_dirs(&out_dir.join(dir))?;
        }
    }
    removed.sort();
    Ok(removed)
}

/// Removes `dir` and the folders under it that hold no file (bottom-up).
fn remove_empty_dirs(dir: &Path) -> std::io::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            remove_empty_dirs(&path)?;
        }
    }
    if std::fs::read_dir(dir)?.next().is_none() {
        std::fs::remove_dir(dir)?;
    }
    Ok(())
}

pub(crate) fn list_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                // Build output of a generated crate is not ours to police.
                if path.file_name().is_some_and(|n| n == "target") {
                    continue;
                }
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_writes_only_changes_and_removes_leftovers() {
        let dir = std::env::temp_dir().join(format!("sdkgen-sync-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("crate/src")).unwrap();
        std::fs::write(dir.join("crate/src/old.rs"), "old").unwrap();
        std::fs::write(dir.join("crate/src/same.rs"), "same").unwrap();
        let files: BTreeMap<PathBuf, String> = [
            (PathBuf::from("crate/src/same.rs"), "same".to_string()),
            (PathBuf::from("crate/src/new.rs"), "new".to_string()),
        ]
        .into();
        let owned = [PathBuf::from("crate")];
        let check = sync(&dir, &files, &owned, true).unwrap();
        assert_eq!(check.stale(), vec![PathBuf::from("crate/src/new.rs"), PathBuf::from("crate/src/old.rs")]);
        assert!(dir.join("crate/src/old.rs").exists(), "check mode must not touch files");
        let done = sync(&dir, &files, &owned, false).unwrap();
        assert_eq!((done.created.len(), done.removed.len(), done.unchanged), (1, 1, 1));
        assert!(sync(&dir, &files, &owned, true).unwrap().is_clean());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
