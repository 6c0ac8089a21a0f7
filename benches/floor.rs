//! What the parts rsops is built on cost on their own, for bench/bench.sh's
//! "floor" table: the time `rsops decrypt` of a 10,000-leaf file cannot go
//! below on this machine, whatever rsops does around those parts.
//!
//! Usage: `cargo bench --bench floor -- --bench FILE...`, each FILE a
//! sops-encrypted file (bench.sh passes its big.enc.json and big.enc.yaml).
//! Prints one tab-separated line per file and measure, `FILE MEASURE MS`:
//!
//! - `aes_gcm`: one AES-256-GCM open per `ENC[…]` value of FILE, with
//!   aes-gcm 0.10 as rsops uses it (32-byte nonce, 16-byte tag), on a single
//!   core. Each value is sealed here under a throwaway key with a plaintext
//!   of the same length and a typical path as additional data, so the work
//!   per value is what a real decrypt does.
//! - `base64`: decoding each value's `data`, `iv` and `tag` fields.
//! - `yaml_parse` (YAML files only): reading every event of FILE with
//!   granit-parser, with no tree built from them.
//!
//! Each figure is the median of 25 rounds after 3 warm-up rounds, so it is
//! a warm, best case: a real run pays for cold caches too.
//!
//! With `--once` each measure runs exactly once and its time is not worth
//! quoting: that mode is for counting instructions, which a loaded machine
//! does not change (`valgrind --tool=callgrind --toggle-collect='floor::*_all'
//! --toggle-collect=floor::parse_yaml`, see bench/instructions.sh). The
//! measured functions are never inlined so that they can be counted alone.
//!
//! Run by `cargo test` (no `--bench` argument), it checks on a generated
//! file that the measured work succeeds, and prints nothing.

use std::hint::black_box;
use std::time::{Duration, Instant};

use aes_gcm::aead::consts::U32;
use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::aes::Aes256;
use aes_gcm::{AesGcm, Nonce, Tag};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

type Cipher = AesGcm<Aes256, U32>;

const WARMUP: usize = 3;
const ROUNDS: usize = 25;
/// The additional data of every sealed value: a path as long as those of
/// bench/gen.py's files.
const AAD: &[u8] = b"service_00:section_0:key_00:";

/// The base64 fields of one `ENC[…]` value.
struct Fields<'a> {
    data: &'a str,
    iv: &'a str,
    tag: &'a str,
}

/// The `data`, `iv` and `tag` fields of every `ENC[…]` value in `text`.
fn enc_fields(text: &str) -> Vec<Fields<'_>> {
    text.split("ENC[AES256_GCM,")
        .skip(1)
        .map(|rest| {
            let field = |name: &str| {
                let start = rest.find(name).expect("field in ENC value") + name.len();
                let len = rest[start..].find(',').expect("field ends with a comma");
                &rest[start..start + len]
            };
            Fields {
                data: field("data:"),
                iv: field("iv:"),
                tag: field("tag:"),
            }
        })
        .collect()
}

/// A value sealed under the throwaway key: nonce, tag and ciphertext.
struct Sealed {
    nonce: Nonce<U32>,
    tag: Tag,
    ciphertext: Vec<u8>,
}

/// Seals, for each value, a plaintext as long as the value's.
fn seal_like(cipher: &Cipher, fields: &[Fields]) -> Vec<Sealed> {
    fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let len = STANDARD.decode(f.data).expect("base64 data").len();
            let mut ciphertext = vec![b'x'; len];
            let mut nonce = Nonce::<U32>::default();
            nonce[..8].copy_from_slice(&(i as u64).to_le_bytes());
            let tag = cipher
                .encrypt_in_place_detached(&nonce, AAD, &mut ciphertext)
                .expect("sealing");
            Sealed {
                nonce,
                tag,
                ciphertext,
            }
        })
        .collect()
}

#[inline(never)]
fn open_all(cipher: &Cipher, sealed: &[Sealed]) {
    for s in sealed {
        let mut buf = s.ciphertext.clone();
        cipher
            .decrypt_in_place_detached(&s.nonce, AAD, &mut buf, &s.tag)
            .expect("opening");
        black_box(buf);
    }
}

#[inline(never)]
fn decode_all(fields: &[Fields]) {
    for f in fields {
        for b64 in [f.data, f.iv, f.tag] {
            black_box(STANDARD.decode(b64).expect("base64"));
        }
    }
}

#[inline(never)]
fn parse_yaml(text: &str) {
    for event in granit_parser::Parser::new_from_str(text) {
        black_box(event.expect("valid YAML"));
    }
}

/// The median time of `ROUNDS` runs of `work`, after `WARMUP` runs; with
/// `once`, the time of a single run.
fn median(once: bool, work: impl Fn()) -> Duration {
    if once {
        let start = Instant::now();
        work();
        return start.elapsed();
    }
    for _ in 0..WARMUP {
        work();
    }
    let mut times: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[ROUNDS / 2]
}

/// Measures one file and returns its lines.
fn measure(name: &str, text: &str, once: bool) -> Vec<String> {
    let fields = enc_fields(text);
    let cipher = Cipher::new(&[7u8; 32].into());
    let sealed = seal_like(&cipher, &fields);
    let mut rows = vec![
        ("aes_gcm", median(once, || open_all(&cipher, &sealed))),
        ("base64", median(once, || decode_all(&fields))),
    ];
    if name.ends_with(".yaml") || name.ends_with(".yml") {
        rows.push(("yaml_parse", median(once, || parse_yaml(text))));
    }
    rows.into_iter()
        .map(|(what, t)| format!("{name}\t{what}\t{:.3}", t.as_secs_f64() * 1000.0))
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--bench") {
        // `cargo test`: the measured work must succeed on a sops-shaped file.
        let iv = STANDARD.encode([1u8; 32]);
        let tag = STANDARD.encode([2u8; 16]);
        let text = format!(
            "a: ENC[AES256_GCM,data:AAEC,iv:{iv},tag:{tag},type:str]\nb: ENC[AES256_GCM,data:AA==,iv:{iv},tag:{tag},type:int]\n"
        );
        assert_eq!(enc_fields(&text).len(), 2);
        let cipher = Cipher::new(&[7u8; 32].into());
        open_all(&cipher, &seal_like(&cipher, &enc_fields(&text)));
        decode_all(&enc_fields(&text));
        parse_yaml(&text);
        return;
    }
    let once = args.iter().any(|a| a == "--once");
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("floor: cannot read {path}: {e}"));
        let name = path.rsplit('/').next().unwrap_or(path);
        for line in measure(name, &text, once) {
            println!("{line}");
        }
    }
}
