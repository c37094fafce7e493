//! The output folder's manifest: what the last generation into a folder read and wrote, so that
//! regenerating unchanged inputs stops early (see [`Config::generate_to`](crate::Config::generate_to)).
//!
//! `<out>/.sdkgen-manifest` is a small text file, written after every generation into the folder
//! (never in `--check` mode, never by [`Generation::write_to`](crate::Generation::write_to)):
//!
//! ```text
//! sdkgen-manifest 1
//! key 6b0f…                      # hash of everything the output depends on (below)
//! formatter 2d81…                # hash of the generator and the formatting option
//! warnings 0                     # the spec's warnings; the early stop is only taken at 0
//! dir bss                        # folders the generation owns (leftover files are removed)
//! file 9c2e… 0000… bss/src/lib.rs   # hash of the file's bytes, hash of its emitted tokens, path
//! ```
//!
//! The **key** hashes the generator's executable (its bytes: any change to the generator or to a
//! dependency such as prettyplease changes it), the crate version, every [`Config`](crate::Config)
//! option (runtime path and dependency line, versions, crates, areas, formatting, crate layout)
//! and every spec file read (its path and bytes). No timestamps: the same inputs give the same
//! manifest, and a fresh checkout without one simply generates everything.
//!
//! **Early stop** (nothing to do): the key matches, every listed file exists with bytes of the
//! listed hash, and no other file is in the owned folders. Output files are always compared by
//! the hash of their real bytes, so a hand-edited or deleted file is restored by the next run.
//!
//! **Per file**, when the inputs changed: a Rust file whose emitted tokens hash as recorded and
//! whose bytes on disk are the recorded ones is taken from disk instead of formatted again
//! (formatting, syn + prettyplease, is a pure function of the tokens and the generator).
//!
//! The hash ([`Hasher128`]) is a fast 128-bit non-cryptographic hash: it guards against change
//! and accident, not against someone crafting collisions.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The manifest's file name inside the output folder.
pub const FILE_NAME: &str = ".sdkgen-manifest";

const FORMAT: &str = "sdkgen-manifest 1";

/// A 128-bit hash value.
pub type Hash = u128;

/// A fast streaming 128-bit hash (two multiply-mix lanes over 16-byte blocks, in the manner of
/// wyhash). Each [`update`](Self::update) also mixes in its length, so that `"ab" + "c"` and
/// `"a" + "bc"` differ.
#[derive(Debug, Clone)]
pub struct Hasher128 {
    a: u64,
    b: u64,
}

const P0: u64 = 0xa076_1d64_78bd_642f;
const P1: u64 = 0xe703_7ed1_a0b4_28db;
const P2: u64 = 0x8ebc_6af0_9c88_c6e3;
const P3: u64 = 0x5899_65cc_7537_4cc3;

#[inline]
fn mum(x: u64, y: u64) -> u64 {
    let r = u128::from(x) * u128::from(y);
    (r as u64) ^ ((r >> 64) as u64)
}

impl Default for Hasher128 {
    fn default() -> Self {
        Hasher128 { a: P0, b: P1 }
    }
}

impl Hasher128 {
    /// A hasher with its fixed start state.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds bytes.
    pub fn update(&mut self, data: &[u8]) {
        let (mut a, mut b) = (self.a, self.b);
        let mut blocks = data.chunks_exact(16);
        for block in &mut blocks {
            let w0 = u64::from_le_bytes(block[..8].try_into().expect("8 bytes"));
            let w1 = u64::from_le_bytes(block[8..].try_into().expect("8 bytes"));
            a = mum(w0 ^ P0, w1 ^ a);
            b = mum(w1 ^ P2, w0 ^ b);
        }
        let rest = blocks.remainder();
        let mut tail = [0u8; 16];
        tail[..rest.len()].copy_from_slice(rest);
        let w0 = u64::from_le_bytes(tail[..8].try_into().expect("8 bytes"));
        let w1 = u64::from_le_bytes(tail[8..].try_into().expect("8 bytes"));
        let len = data.len() as u64;
        self.a = mum(w0 ^ P0 ^ len, w1 ^ a ^ P3);
        self.b = mum(w1 ^ P2 ^ len.rotate_left(32), w0 ^ b ^ P1);
    }

    /// The hash of everything added.
    pub fn finish(&self) -> Hash {
        let hi = mum(self.a ^ P0, self.b ^ P3);
        let lo = mum(self.b ^ P1, self.a ^ P2);
        (u128::from(hi) << 64) | u128::from(lo)
    }

    /// The hash of one byte string.
    pub fn hash(data: &[u8]) -> Hash {
        let mut h = Self::new();
        h.update(data);
        h.finish()
    }
}

/// The hash of a token stream's text (as `Display` prints it, walking the tokens in place: no
/// copy of the stream, no string of the whole text).
pub fn hash_tokens(tokens: &proc_macro2::TokenStream) -> Hash {
    use std::fmt::Write as _;
    let mut h = TextHasher { hasher: Hasher128::new(), buf: [0; TextHasher::BLOCK], fill: 0 };
    let _ = write!(h, "{tokens}");
    h.hasher.update(&h.buf[..h.fill]);
    h.hasher.finish()
}

/// Feeds text to a [`Hasher128`] in fixed-size blocks, so that the hash depends only on the
/// text, not on how `Display` implementations cut it into pieces.
struct TextHasher {
    hasher: Hasher128,
    buf: [u8; Self::BLOCK],
    fill: usize,
}

impl TextHasher {
    const BLOCK: usize = 4096;
}

impl std::fmt::Write for TextHasher {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let mut bytes = s.as_bytes();
        while !bytes.is_empty() {
            let n = bytes.len().min(Self::BLOCK - self.fill);
            self.buf[self.fill..self.fill + n].copy_from_slice(&bytes[..n]);
            self.fill += n;
            bytes = &bytes[n..];
            if self.fill == Self::BLOCK {
                self.hasher.update(&self.buf);
                self.fill = 0;
            }
        }
        Ok(())
    }
}

/// Hex text of a hash.
fn hex(hash: Hash) -> String {
    format!("{hash:032x}")
}

/// The hash of the running executable (computed once per process): a change to the generator
/// or to anything linked into it changes it. `None` when it cannot be read (then no manifest is
/// trusted).
pub fn generator_hash() -> Option<Hash> {
    static HASH: std::sync::OnceLock<Option<Hash>> = std::sync::OnceLock::new();
    *HASH.get_or_init(|| {
        use std::io::Read as _;
        let mut exe = std::fs::File::open(std::env::current_exe().ok()?).ok()?;
        // In blocks through one buffer: reading the whole executable at once would fault in
        // as many fresh pages as it is large.
        let mut buf = vec![0u8; 256 * 1024];
        let mut h = Hasher128::new();
        loop {
            let mut filled = 0;
            while filled < buf.len() {
                match exe.read(&mut buf[filled..]) {
                    Ok(0) => break,
                    Ok(n) => filled += n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => return None,
                }
            }
            h.update(&buf[..filled]);
            if filled < buf.len() {
                return Some(h.finish());
            }
        }
    })
}

/// One generated file as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Hash of the file's bytes.
    pub bytes: Hash,
    /// Hash of the emitted tokens the file was formatted from (0 for text files, or not computed).
    pub tokens: Hash,
}

/// A parsed manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Hash of the inputs.
    pub key: Hash,
    /// Hash of the generator and the options that decide how tokens become text: files are
    /// reused by their token hash only when it is unchanged.
    pub formatter: Hash,
    /// Number of warnings the generation had.
    pub warnings: usize,
    /// Owned folders, relative to the output folder.
    pub dirs: Vec<PathBuf>,
    /// Generated files, relative to the output folder.
    pub files: BTreeMap<PathBuf, Entry>,
}

impl Manifest {
    /// The manifest of `out_dir`, if there is a readable one.
    pub fn read(out_dir: &Path) -> Option<Manifest> {
        let text = std::fs::read_to_string(out_dir.join(FILE_NAME)).ok()?;
        Self::parse(&text)
    }

    fn parse(text: &str) -> Option<Manifest> {
        let mut lines = text.lines();
        if lines.next()? != FORMAT {
            return None;
        }
        let hash = |s: &str| Hash::from_str_radix(s, 16).ok();
        let mut m = Manifest::default();
        for line in lines {
            let (kind, rest) = line.split_once(' ')?;
            match kind {
                "key" => m.key = hash(rest)?,
                "formatter" => m.formatter = hash(rest)?,
                "warnings" => m.warnings = rest.parse().ok()?,
                "dir" => m.dirs.push(PathBuf::from(rest)),
                "file" => {
                    let (bytes, rest) = rest.split_once(' ')?;
                    let (tokens, path) = rest.split_once(' ')?;
                    m.files.insert(PathBuf::from(path), Entry { bytes: hash(bytes)?, tokens: hash(tokens)? });
                }
                _ => return None,
            }
        }
        Some(m)
    }

    /// The manifest's text (deterministic: files in path order, `/` separators).
    pub fn render(&self) -> String {
        let mut out = format!("{FORMAT}\nkey {}\nformatter {}\nwarnings {}\n", hex(self.key), hex(self.formatter), self.warnings);
        for d in &self.dirs {
            out.push_str(&format!("dir {}\n", slash(d)));
        }
        for (path, e) in &self.files {
            out.push_str(&format!("file {} {} {}\n", hex(e.bytes), hex(e.tokens), slash(path)));
        }
        out
    }

    /// Writes the manifest into `out_dir` unless it already holds these bytes.
    pub fn write(&self, out_dir: &Path) -> std::io::Result<()> {
        let path = out_dir.join(FILE_NAME);
        let text = self.render();
        if std::fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
            return Ok(());
        }
        std::fs::create_dir_all(out_dir)?;
        std::fs::write(path, text)
    }

    /// True when `out_dir` holds exactly the recorded files with the recorded bytes (compared by
    /// the hash of what is on disk) and no other file in the owned folders.
    pub fn matches_disk(&self, out_dir: &Path) -> bool {
        for (rel, entry) in &self.files {
            match std::fs::read(out_dir.join(rel)) {
                Ok(bytes) if Hasher128::hash(&bytes) == entry.bytes => {}
                _ => return false,
            }
        }
        for dir in &self.dirs {
            match crate::write::list_files(&out_dir.join(dir)) {
                Ok(existing) => {
                    if existing.iter().any(|p| p.strip_prefix(out_dir).map_or(true, |rel| !self.files.contains_key(rel))) {
                        return false;
                    }
                }
                Err(_) => return false,
            }
        }
        true
    }
}

fn slash(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_separates_pieces_and_is_stable() {
        let mut ab_c = Hasher128::new();
        ab_c.update(b"ab");
        ab_c.update(b"c");
        let mut a_bc = Hasher128::new();
        a_bc.update(b"a");
        a_bc.update(b"bc");
        assert_ne!(ab_c.finish(), a_bc.finish());
        assert_eq!(Hasher128::hash(b"sdkgen"), Hasher128::hash(b"sdkgen"));
        assert_ne!(Hasher128::hash(b""), Hasher128::hash(b"\0"));
        let long: Vec<u8> = (0..1000u32).map(|i| i as u8).collect();
        let mut changed = long.clone();
        changed[500] ^= 1;
        assert_ne!(Hasher128::hash(&long), Hasher128::hash(&changed));
    }

    #[test]
    fn token_hash_follows_the_text() {
        let a: proc_macro2::TokenStream = "pub struct A { x: u8 }".parse().unwrap();
        let same: proc_macro2::TokenStream = "pub struct A {x : u8}".parse().unwrap();
        let other: proc_macro2::TokenStream = "pub struct A { x: u16 }".parse().unwrap();
        assert_eq!(hash_tokens(&a), hash_tokens(&same));
        assert_ne!(hash_tokens(&a), hash_tokens(&other));
    }

    #[test]
    fn manifest_round_trips() {
        let mut m = Manifest { key: 7, formatter: 9, warnings: 0, dirs: vec![PathBuf::from("bss")], files: BTreeMap::new() };
        m.files.insert(PathBuf::from("bss/src/lib.rs"), Entry { bytes: u128::MAX, tokens: 3 });
        assert_eq!(Manifest::parse(&m.render()), Some(m));
        assert_eq!(Manifest::parse("something else\n"), None);
    }
}
