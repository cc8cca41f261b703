//! A real editor: headless Neovim (Debian's `neovim`, 0.7, its built-in
//! LSP client) runs `goescape lsp` on the fixture module, opens a file,
//! waits for the diagnostics and hovers a heap site; what it saw must
//! equal `fixtures/lsp/nvim.expected`.

use std::process::Command;

mod support;

use support::{go_available, repo_root};

#[test]
fn neovim_shows_the_diagnostics_and_the_hover() {
    if !go_available() {
        return;
    }
    if Command::new("nvim").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("GOESCAPE_REQUIRE_GO").is_none(),
            "GOESCAPE_REQUIRE_GO is set (CI installs neovim) but nvim is not installed"
        );
        eprintln!("skipped: nvim is not installed");
        return;
    }
    let root = repo_root().join("fixtures/lsp").canonicalize().unwrap();
    let out = tempfile::tempdir().unwrap();
    let seen = out.path().join("nvim.out");
    let script = repo_root().join("crates/cli/tests/lsp_nvim.lua");
    let status = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(&root)
        .env("GOESCAPE_BIN", env!("CARGO_BIN_EXE_goescape"))
        .env(
            "GOESCAPECACHE",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("goescape-cache"),
        )
        .env("GOESCAPE_NVIM_ROOT", &root)
        .env("GOESCAPE_NVIM_FILE", root.join("shapes/shapes.go"))
        .env("GOESCAPE_NVIM_OUT", &seen)
        .env("GOFLAGS", "")
        .status()
        .expect("nvim runs");
    let seen = std::fs::read_to_string(&seen).unwrap_or_default();
    assert!(status.success(), "nvim failed: {status}\n{seen}");
    let expected = std::fs::read_to_string(root.join("nvim.expected")).unwrap();
    assert_eq!(seen, expected);
}
