//! Loading: spec folder or files in, parsed [`SpecFile`]s out. The only module that knows YAML.
//!
//! serde_yaml is archived upstream; swapping it for another YAML parser touches this file alone.

use crate::diag::Diagnostics;
use crate::spec::SpecFile;
use std::path::{Path, PathBuf};

/// A parsed spec file with its path and text (kept for locating diagnostics).
#[derive(Debug)]
pub struct LoadedFile {
    /// Path as given or found.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    /// Its parsed contents.
    pub doc: SpecFile,
}

/// Expands folders into their `*.yaml`/`*.yml` files (sorted, not recursive); files stay as given.
pub fn spec_files(inputs: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// Reads and parses every file; a file that cannot be read or parsed becomes a diagnostic.
pub fn load_files(paths: &[PathBuf], diags: &mut Diagnostics) -> Vec<LoadedFile> {
    let mut loaded = Vec::new();
    for path in paths {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) => {
                diags.error(path, "", format!("cannot read spec file: {err}"));
                continue;
            }
        };
        match parse(&text) {
            Ok(doc) => loaded.push(LoadedFile { path: path.clone(), text, doc }),
            Err(err) => {
                let d = parse_error(path, &err);
                diags.add(d);
            }
        }
    }
    loaded
}

/// Parses one YAML text; an empty file is an empty spec file.
pub fn parse(text: &str) -> Result<SpecFile, serde_yaml::Error> {
    if text.trim().is_empty() {
        return Ok(SpecFile::default());
    }
    serde_yaml::from_str(text)
}

fn parse_error(path: &Path, err: &serde_yaml::Error) -> crate::diag::Diagnostic {
    let location = err.location().map(|l| (l.line(), l.column()));
    let full = err.to_string();
    // serde_yaml prefixes the message with the YAML path and suffixes the position; split them out.
    let without_position = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    let (yaml_path, message) = match without_position.split_once(": ") {
        Some((p, m)) if !p.contains(' ') => (p.to_string(), m.to_string()),
        _ => (String::new(), without_position),
    };
    let help = message.contains("unknown field").then(|| {
        "check the spelling of the key; spec/README.md lists the keys each block accepts".to_string()
    });
    crate::diag::Diagnostic {
        severity: crate::diag::Severity::Error,
        file: path.to_path_buf(),
        yaml_path,
        location,
        message: format!("invalid spec: {message}"),
        help,
    }
}
