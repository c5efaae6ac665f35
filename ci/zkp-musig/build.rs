//! Compiles secp256k1-zkp's C library with its musig module, from the copy
//! vendored in the secp256k1-zkp-sys 0.10.1 crate source (found in cargo's
//! registry, or at $ZKP_SYS_DIR), with the same flags secp256k1-zkp-sys uses
//! plus the musig, schnorrsig and extrakeys modules.
use std::path::PathBuf;

fn zkp_sys_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ZKP_SYS_DIR") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var("HOME").expect("HOME")).join(".cargo"));
    let src = home.join("registry").join("src");
    for index in std::fs::read_dir(&src).expect("cargo registry source") {
        let dir = index
            .expect("entry")
            .path()
            .join("secp256k1-zkp-sys-0.10.1");
        if dir.is_dir() {
            return dir;
        }
    }
    panic!("secp256k1-zkp-sys-0.10.1 not in {}; run `cargo fetch` in the repository root or set ZKP_SYS_DIR", src.display());
}

fn main() {
    let root = zkp_sys_dir().join("depend").join("secp256k1");
    println!("cargo:rerun-if-env-changed=ZKP_SYS_DIR");
    cc::Build::new()
        .include(&root)
        .include(root.join("include"))
        .include(root.join("src"))
        .flag_if_supported("-Wno-unused-function")
        .define("SECP256K1_BUILD", Some(""))
        .define("ENABLE_MODULE_EXTRAKEYS", Some("1"))
        .define("ENABLE_MODULE_SCHNORRSIG", Some("1"))
        .define("ENABLE_MODULE_MUSIG", Some("1"))
        .define("ECMULT_GEN_PREC_BITS", Some("4"))
        .define("ECMULT_WINDOW_SIZE", Some("15"))
        .define("USE_EXTERNAL_DEFAULT_CALLBACKS", Some("1"))
        .file(root.join("src").join("secp256k1.c"))
        .file(root.join("src").join("precomputed_ecmult_gen.c"))
        .file(root.join("src").join("precomputed_ecmult.c"))
        .compile("zkpmusig");
}
